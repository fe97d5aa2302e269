import { EntitySchema } from '@mikro-orm/core';

/** One sample of a system measurement, such as the database size. */
export class SystemMetrics {
  id!: number;
  metricName!: string;
  metricValue!: number;
  metricUnit?: string | null;
  timestamp: Date = new Date();
  metadata?: unknown;

  constructor(metricName: string, metricValue: number, metricUnit?: string) {
    this.metricName = metricName;
    this.metricValue = metricValue;
    this.metricUnit = metricUnit ?? null;
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      metricName: this.metricName,
      metricValue: this.metricValue,
      metricUnit: this.metricUnit ?? null,
      timestamp: this.timestamp.toISOString(),
      metadata: this.metadata ?? null,
    };
  }
}

export const SystemMetricsSchema = new EntitySchema<SystemMetrics>({
  class: SystemMetrics,
  tableName: 'system_metrics',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    metricName: { type: 'string' },
    metricValue: { type: 'double' },
    metricUnit: { type: 'string', nullable: true },
    timestamp: { type: 'datetime', onCreate: () => new Date(), index: true },
    metadata: { type: 'json', nullable: true },
  },
  indexes: [{ properties: ['metricName', 'timestamp'] }],
});
