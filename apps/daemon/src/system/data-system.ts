import { setTimeout as sleep } from 'node:timers/promises';
import { BackupManager } from '@steno/backup';
import { Database, SessionManager, silentLogger, type Logger } from '@steno/db';
import { MigrationManager } from '@steno/migrations';
import { RetentionManager } from '@steno/retention';
import { StenoError } from '@steno/models';
import { loadConfig, type StenoConfig } from '../config/load-config.js';
import { EventBus } from './event-bus.js';
import { JobLock } from './job-lock.js';
import {
  fromBackupEvent,
  fromMigrationEvent,
  fromRetentionEvent,
} from './manager-events.js';
import { MetricsSampler } from './metrics-sampler.js';
import { retentionConfigOf } from './retention-rules.js';
import { Scheduler } from './scheduler.js';
import { scheduleJobs } from './system-jobs.js';
import {
  collectStatus,
  type RetentionSummary,
  type SystemStatus,
} from './status.js';

/** Options of {@link setupCompleteDataSystem}. */
export interface DataSystemOptions {
  /** A pino-compatible logger; `child` gives each component its own. */
  logger?: ParentLogger;
  events?: EventBus;
}

/** Every part of the running system, wired together. */
export interface DataSystem {
  config: StenoConfig;
  database: Database;
  sessionManager: SessionManager;
  migrationManager: MigrationManager;
  backupManager: BackupManager;
  retentionManager: RetentionManager;
  events: EventBus;
  scheduler: Scheduler;
  sampler: MetricsSampler;
  /** Applies pending migrations (backing up first when configured). */
  migrate(): Promise<string[]>;
  /** Schedules backups, retention and the metrics sampler. */
  startScheduling(): Promise<void>;
  getSystemStatus(): Promise<SystemStatus>;
  /**
   * Stops scheduling, waits up to `graceMs` for jobs, aborts a backup
   * still running (its partial files removed), closes the db. Returns
   * the jobs still running when the grace period ended.
   */
  close(graceMs?: number): Promise<string[]>;
}

/** A logger that may hand out child loggers, as pino's does. */
export type ParentLogger = Logger & {
  child?: (fields: Record<string, unknown>) => Logger;
};

/** How long a database health check (quick_check) is reused. */
const HEALTH_MAX_AGE_MS = 30_000;

/** How long an aborted backup may take to remove its partial files. */
const ABORT_WAIT_MS = 10_000;

let current: DataSystem | null = null;

/**
 * Opens the configured database and brings its schema up to date, with
 * no backup first. Without a config, the defaults and STENO_* variables
 * apply (embedded SQLite under ./data).
 */
export async function initializeDatabase(
  config?: StenoConfig,
): Promise<Database> {
  const resolved = config ?? (await loadConfig({ env: process.env }));
  const db = new Database(resolved.database);
  await db.connect();
  const result = await new MigrationManager(db).applyMigrations();
  if (!result.success) {
    await db.disconnect();
    throw migrationFailed(result.error);
  }
  return db;
}

/**
 * Builds the whole system on one database: session, migration, backup
 * and retention managers sharing one job lock and one event bus. It
 * connects but neither migrates nor schedules; call `migrate()` and
 * `startScheduling()` for that, as the daemon does.
 */
export async function setupCompleteDataSystem(
  config?: StenoConfig,
  options: DataSystemOptions = {},
): Promise<DataSystem> {
  const resolved = config ?? (await loadConfig({ env: process.env }));
  const logger: ParentLogger = options.logger ?? silentLogger;
  const childOf = (component: string): Logger =>
    logger.child?.({ component }) ?? logger;
  const events = options.events ?? new EventBus({ logger: childOf('events') });

  // A second connection lets status and metrics read while a backup's
  // snapshot holds the first; SQLite still has a single writer.
  const poolSize = resolved.database.path === ':memory:' ? 1 : 2;
  const database = new Database(
    { poolSize, ...resolved.database },
    { logger: childOf('db') },
  );
  await database.connect();
  try {
    const parts = createManagers(resolved, database, events, childOf);
    current = assemble(resolved, database, events, parts);
    return current;
  } catch (error) {
    await database.disconnect();
    throw error;
  }
}

/** The status of the system set up last; see {@link DataSystem}. */
export async function getSystemStatus(): Promise<SystemStatus> {
  if (!current) {
    throw new StenoError(
      'NOT_CONNECTED',
      'no data system is set up: call setupCompleteDataSystem() first',
    );
  }
  return current.getSystemStatus();
}

type Parts = ReturnType<typeof createManagers>;

function createManagers(
  config: StenoConfig,
  db: Database,
  events: EventBus,
  childOf: (component: string) => Logger,
) {
  const lock = new JobLock();
  let backups: BackupManager | null = null;
  const backupService = {
    createBackup: (description?: string) => backups!.createBackup(description),
    restoreBackup: (backupId: string) => backups!.restoreBackup(backupId),
  };

  const migrationManager = new MigrationManager(db, {
    backupService: config.migrations.backupBeforeMigration
      ? backupService
      : undefined,
    logger: childOf('migrations'),
    onEvent: events.bridge('migrations', fromMigrationEvent),
  });
  backups = new BackupManager({
    db,
    config: backupConfigOf(config),
    migrator: migrationManager,
    jobLock: lock,
    logger: childOf('backup'),
    onEvent: events.bridge('backup', fromBackupEvent),
  });
  const retentionManager = new RetentionManager(db, {
    config: retentionConfigOf(config),
    storageRoots: config.retention.storageRoots,
    backupService,
    jobLock: lock,
    logger: childOf('retention'),
    onEvent: events.bridge('retention', fromRetentionEvent),
  });
  return { lock, migrationManager, backupManager: backups, retentionManager };
}

/** The BackupManager settings of the config. */
export function backupConfigOf(config: StenoConfig) {
  const { directory, schedule, maxBackups, compress, verify } = config.backup;
  const retentionDays = config.backup.retentionDays ?? 0;
  return { directory, schedule, maxBackups, compress, verify, retentionDays };
}

function assemble(
  config: StenoConfig,
  database: Database,
  events: EventBus,
  parts: Parts,
): DataSystem {
  const sessionManager = new SessionManager(database);
  const scheduler = new Scheduler({ lock: parts.lock, events });
  const sampler = new MetricsSampler({
    db: database,
    sessions: sessionManager,
    events,
    storageHighPercent: config.metrics.storageHighPercent,
  });
  const health = memoize(() => database.healthCheck(), HEALTH_MAX_AGE_MS);
  let lastRetention: RetentionSummary | null = null;
  events.on('retention.applied', (event) => {
    const { at, success, dryRun, deletedCount, freedBytes } = event;
    lastRetention = { at, success, dryRun, deletedCount, freedBytes };
  });

  const system: DataSystem = {
    config,
    database,
    sessionManager,
    ...parts,
    events,
    scheduler,
    sampler,
    migrate: () => migrate(parts.migrationManager),
    startScheduling: () => scheduleJobs(system),
    getSystemStatus: () =>
      collectStatus({
        config,
        db: database,
        backups: parts.backupManager,
        knownMigrations: parts.migrationManager.getKnownMigrations(),
        jobs: scheduler.jobs(),
        lastRetention,
        health,
      }),
    close: (graceMs = 0) => closeSystem(system, graceMs),
  };
  return system;
}

async function migrate(manager: MigrationManager): Promise<string[]> {
  const result = await manager.applyMigrations();
  if (!result.success) throw migrationFailed(result.error);
  return result.appliedMigrations;
}

async function closeSystem(
  system: DataSystem,
  graceMs: number,
): Promise<string[]> {
  const stillRunning = await system.scheduler.stop(graceMs);
  if (stillRunning.length > 0) await abortBackups(system.backupManager);
  await system.database.disconnect();
  if (current === system) current = null;
  return stillRunning;
}

/**
 * Aborts a backup still running past the grace period and waits until
 * it removed its partial files, so the process can exit without one.
 */
async function abortBackups(backups: BackupManager): Promise<void> {
  const reason = 'the daemon is stopping and its grace period is over';
  const aborted = backups.abortBackups(reason);
  await Promise.race([
    aborted,
    sleep(ABORT_WAIT_MS, undefined, { ref: false }),
  ]);
}

/**
 * The last result of `work` while younger than `maxAgeMs`: quick_check
 * reads the whole file, too much for every scrape on a large database.
 */
function memoize<T>(work: () => Promise<T>, maxAgeMs: number) {
  let last: { at: number; value: Promise<T> } | null = null;
  return (): Promise<T> => {
    if (!last || Date.now() - last.at > maxAgeMs) {
      last = { at: Date.now(), value: work() };
    }
    return last.value;
  };
}

function migrationFailed(cause: unknown): StenoError {
  if (cause instanceof StenoError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new StenoError('MIGRATION_FAILED', `apply migrations: ${message}`, {
    cause,
  });
}
