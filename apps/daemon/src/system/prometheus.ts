import { Counter, Gauge, Registry } from 'prom-client';
import type { EventBus } from './event-bus.js';
import type { SystemStatus } from './status.js';

const STATES = ['healthy', 'degraded', 'failing'] as const;

/**
 * The Prometheus view of the system: gauges set from a status at each
 * scrape, and a counter of every event since start.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly gauges = {
    status: this.gauge('steno_status', 'overall status, 1 for the current', [
      'state',
    ]),
    databaseSize: this.gauge('steno_database_size_bytes', 'database file'),
    walSize: this.gauge('steno_wal_size_bytes', 'write-ahead log file'),
    queryP95: this.gauge('steno_query_p95_ms', 'p95 query time, ms'),
    queries: this.gauge('steno_queries', 'queries run since start'),
    storageUsed: this.gauge('steno_storage_used_percent', 'data volume'),
    storageFree: this.gauge('steno_storage_available_bytes', 'data volume'),
    backups: this.gauge('steno_backups', 'backups in the backup folder'),
    lastGoodBackup: this.gauge(
      'steno_last_verified_backup_timestamp_seconds',
      'creation time of the newest verified backup',
    ),
    jobNextRun: this.gauge(
      'steno_job_next_run_timestamp_seconds',
      'next scheduled run of each job',
      ['job'],
    ),
    jobFailures: this.gauge('steno_job_failures', 'failed runs since start', [
      'job',
    ]),
  };
  private readonly events = new Counter({
    name: 'steno_events_total',
    help: 'events of the event bus since start',
    labelNames: ['type'],
    registers: [this.registry],
  });

  /** Counts every event of `bus`; returns unsubscribe. */
  countEvents(bus: EventBus): () => void {
    return bus.onAny((event) => this.events.inc({ type: event.type }));
  }

  /** The Prometheus text exposition of `status` and the counters. */
  async render(status: SystemStatus): Promise<string> {
    this.update(status);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private update(status: SystemStatus): void {
    const g = this.gauges;
    for (const state of STATES) {
      g.status.set({ state }, status.status === state ? 1 : 0);
    }
    const metrics = status.database.metrics;
    g.databaseSize.set(metrics.databaseSizeBytes);
    g.walSize.set(metrics.walSizeBytes);
    g.queryP95.set(metrics.p95QueryMs);
    g.queries.set(metrics.queryCount);
    g.storageUsed.set(status.storage.usedPercent);
    g.storageFree.set(status.storage.availableBytes);
    g.backups.set(status.backup.total);

    const good = status.backup.lastGoodBackup;
    if (good) g.lastGoodBackup.set(Date.parse(good.createdAt) / 1000);
    for (const job of status.jobs) {
      if (job.nextRun) {
        g.jobNextRun.set({ job: job.name }, Date.parse(job.nextRun) / 1000);
      }
      g.jobFailures.set({ job: job.name }, job.failures);
    }
  }

  private gauge(name: string, help: string, labelNames: string[] = []) {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
