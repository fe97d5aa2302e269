import { dirname } from 'node:path';
import type { Database, DatabaseMetrics, HealthReport } from '@steno/db';
import type { StenoConfig } from '../config/load-config.js';
import { VERSION } from '../version.js';
import { judgeStatus, type OverallStatus } from './judge-status.js';
import { measureVolume } from './metrics-sampler.js';
import { rowCountsOf } from './row-counts.js';
import type { JobStatus } from './scheduler.js';
import { readSchemaState, type SchemaState } from './schema-state.js';

/** A backup as status reports it. */
export interface BackupSummary {
  backupId: string;
  createdAt: string;
  verified: boolean;
  compressedSize: number;
}

/** The slice of BackupManager status reads. */
export interface BackupStatsSource {
  getBackupStats(): Promise<{
    total: number;
    failed: number;
    lastBackup: BackupSummary | null;
    lastGoodBackup: BackupSummary | null;
    lastError: { message: string; at: string } | null;
    partials?: Array<{ bytes: number }>;
  }>;
}

/** How the last retention run went. */
export interface RetentionSummary {
  at: string;
  success: boolean;
  dryRun: boolean;
  deletedCount: number;
  freedBytes: number;
  error?: string;
}

/** Everything status reads from; all but config and db are optional. */
export interface StatusSources {
  config: StenoConfig;
  db: Database;
  backups?: BackupStatsSource | null;
  /** Migration names the code knows, oldest first. */
  knownMigrations?: readonly string[];
  /** Why applying migrations at start failed, when it did. */
  migrationError?: string | null;
  jobs?: JobStatus[];
  lastRetention?: RetentionSummary | null;
  /** The health check to use; `db.healthCheck()` by default. */
  health?: () => Promise<HealthReport>;
  /**
   * Longest to wait for a row count (200 ms by default; Infinity for
   * one-off reads); past it, the previous counts answer.
   */
  rowCountWaitMs?: number;
}

/** The state of the whole system, as `/status` and `steno status` show. */
export interface SystemStatus {
  status: OverallStatus;
  reasons: string[];
  checkedAt: string;
  version: string;
  database: {
    path: string;
    health: HealthReport;
    metrics: DatabaseMetrics;
    /** Exact counts, taken at `rowsCountedAt`, not necessarily now. */
    rows: Record<string, number> | null;
    rowsCountedAt: string | null;
    /** Milliseconds between `rowsCountedAt` and `checkedAt`. */
    rowsAgeMs: number | null;
  };
  schema: SchemaState & { error: string | null };
  backup: {
    enabled: boolean;
    directory: string;
    total: number;
    failed: number;
    lastBackup: BackupSummary | null;
    lastGoodBackup: BackupSummary | null;
    nextBackup: string | null;
    lastError: { message: string; at: string } | null;
    /** Files of backup runs in flight or killed, and their bytes. */
    partialFiles?: { count: number; bytes: number };
  };
  retention: {
    enabled: boolean;
    lastRun: RetentionSummary | null;
    nextRun: string | null;
  };
  storage: {
    path: string;
    totalBytes: number;
    availableBytes: number;
    usedPercent: number;
    highPercent: number;
  };
  jobs: JobStatus[];
}

/**
 * Reads the state of the database, backups, retention, storage and
 * schema, and judges the whole healthy, degraded or failing, with the
 * reasons. Reads only; never throws for a sick database.
 */
export async function collectStatus(
  sources: StatusSources,
): Promise<SystemStatus> {
  const { config, db } = sources;
  const jobs = sources.jobs ?? [];
  const health = await (sources.health?.() ?? db.healthCheck());
  const reachable = health.reachable;
  const checkedAt = new Date();

  const status: SystemStatus = {
    status: 'healthy',
    reasons: [],
    checkedAt: checkedAt.toISOString(),
    version: VERSION,
    database: {
      path: db.config.path,
      health,
      metrics: await db.getMetrics(),
      ...(await readRows(sources, reachable, checkedAt)),
    },
    schema: await readSchema(sources, reachable),
    backup: await readBackups(sources, jobs),
    retention: {
      enabled: config.retention.enabled,
      lastRun: sources.lastRetention ?? null,
      nextRun: nextRunOf(jobs, 'retention'),
    },
    storage: await readStorage(config, db),
    jobs,
  };
  Object.assign(status, judgeStatus(status, config));
  return status;
}

/** Cached counts: counting a large database is too slow for a scrape. */
async function readRows(
  sources: StatusSources,
  reachable: boolean,
  checkedAt: Date,
) {
  if (!reachable) return { rows: null, rowsCountedAt: null, rowsAgeMs: null };
  const cache = rowCountsOf(sources.db);
  const { rows, countedAt } = await cache.read(sources.rowCountWaitMs);
  const age = countedAt
    ? Math.max(0, checkedAt.getTime() - Date.parse(countedAt))
    : null;
  return { rows, rowsCountedAt: countedAt, rowsAgeMs: age };
}

async function readSchema(
  sources: StatusSources,
  reachable: boolean,
): Promise<SystemStatus['schema']> {
  const error = sources.migrationError ?? null;
  const known = sources.knownMigrations ?? [];
  if (!reachable) {
    const unmanaged = { version: null, applied: 0, unknown: [] };
    return { ...unmanaged, pending: [], state: 'unmanaged', error };
  }
  return { ...(await readSchemaState(sources.db, known)), error };
}

async function readBackups(
  sources: StatusSources,
  jobs: JobStatus[],
): Promise<SystemStatus['backup']> {
  const { backup } = sources.config;
  const stats = await sources.backups?.getBackupStats();
  return {
    enabled: backup.enabled,
    directory: backup.directory,
    total: stats?.total ?? 0,
    failed: stats?.failed ?? 0,
    lastBackup: summarize(stats?.lastBackup),
    lastGoodBackup: summarize(stats?.lastGoodBackup),
    nextBackup: nextRunOf(jobs, 'backup'),
    lastError: stats?.lastError ?? null,
    partialFiles: {
      count: stats?.partials?.length ?? 0,
      bytes: (stats?.partials ?? []).reduce((sum, p) => sum + p.bytes, 0),
    },
  };
}

function summarize(info: BackupSummary | null | undefined) {
  if (!info) return null;
  const { backupId, createdAt, verified, compressedSize } = info;
  return { backupId, createdAt, verified, compressedSize };
}

async function readStorage(
  config: StenoConfig,
  db: Database,
): Promise<SystemStatus['storage']> {
  const path =
    db.config.path === ':memory:' ? process.cwd() : dirname(db.config.path);
  const volume = await measureVolume(path);
  return {
    path,
    totalBytes: volume.storageTotalBytes,
    availableBytes: volume.storageAvailableBytes,
    usedPercent: volume.storageUsedPercent,
    highPercent: config.metrics.storageHighPercent,
  };
}

function nextRunOf(jobs: JobStatus[], name: string): string | null {
  return jobs.find((job) => job.name === name)?.nextRun ?? null;
}
