import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Database, SessionManager } from '@steno/db';
import { SystemMetrics } from '@steno/models';
import type { EventBus } from './event-bus.js';

/** One sample of how the database and its volume stand. */
export interface MetricsSample {
  takenAt: string;
  databaseSizeBytes: number;
  walSizeBytes: number;
  storageTotalBytes: number;
  storageAvailableBytes: number;
  /** Used share of the volume, as `df` counts it, 0–100. */
  storageUsedPercent: number;
  /** Milliseconds of one small read through the pool. */
  queryLatencyMs: number;
}

export interface MetricsSamplerOptions {
  db: Database;
  sessions: SessionManager;
  events?: EventBus;
  /** Storage usage, in percent, from which `storage.usage_high` fires. */
  storageHighPercent: number;
}

/**
 * Measures the database size, WAL size, storage usage and query latency,
 * and writes each figure as a SystemMetrics row, which retention ages
 * out like any other row.
 */
export class MetricsSampler {
  private last: MetricsSample | null = null;

  constructor(private readonly options: MetricsSamplerOptions) {}

  /** The most recent sample, or null before the first. */
  get latest(): MetricsSample | null {
    return this.last;
  }

  /** Takes one sample, stores it, and warns when storage runs high. */
  async sample(): Promise<MetricsSample> {
    const sample = await this.measure();
    await this.store(sample);
    this.last = sample;

    const { storageHighPercent: threshold, events } = this.options;
    if (sample.storageUsedPercent >= threshold) {
      events?.emit({
        type: 'storage.usage_high',
        path: dirname(this.options.db.config.path),
        usedPercent: sample.storageUsedPercent,
        thresholdPercent: threshold,
      });
    }
    return sample;
  }

  /** Measures without writing anything. */
  async measure(): Promise<MetricsSample> {
    const db = this.options.db;
    const started = performance.now();
    await db.executeQuery('select count(*) as n from sessions');
    const queryLatencyMs = round(performance.now() - started);

    const metrics = await db.getMetrics();
    const volume = await measureVolume(dirname(db.config.path));
    return {
      takenAt: new Date().toISOString(),
      databaseSizeBytes: metrics.databaseSizeBytes,
      walSizeBytes: metrics.walSizeBytes,
      ...volume,
      queryLatencyMs,
    };
  }

  private async store(sample: MetricsSample): Promise<void> {
    const rows: [string, number, string][] = [
      ['database_size', sample.databaseSizeBytes, 'bytes'],
      ['wal_size', sample.walSizeBytes, 'bytes'],
      ['storage_used', sample.storageUsedPercent, 'percent'],
      ['storage_available', sample.storageAvailableBytes, 'bytes'],
      ['query_latency', sample.queryLatencyMs, 'ms'],
    ];
    await this.options.sessions.executeTransaction(async (em) => {
      for (const [name, value, unit] of rows) {
        em.persist(new SystemMetrics(name, value, unit));
      }
    });
  }
}

/** Total, available and used share of the volume holding `path`. */
export async function measureVolume(path: string) {
  const stats = await statfs(path);
  const used = (stats.blocks - stats.bfree) * stats.bsize;
  const available = stats.bavail * stats.bsize;
  const usable = used + available;
  return {
    storageTotalBytes: stats.blocks * stats.bsize,
    storageAvailableBytes: available,
    storageUsedPercent: usable > 0 ? round((used / usable) * 100) : 0,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
