import { resolve } from 'node:path';
import type { Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import type { StenoConfig } from '../config/load-config.js';
import { VERSION } from '../version.js';
import {
  setupCompleteDataSystem,
  type DataSystem,
  type ParentLogger,
} from './data-system.js';
import { EventBus } from './event-bus.js';
import type { DeliveredEvent } from './events.js';
import { startHttpServer, type RunningHttpServer } from './http-server.js';
import { PrometheusMetrics } from './prometheus.js';

/** A logger that hands out a child per component, as pino's does. */
export type DaemonLogger = ParentLogger & {
  child(fields: Record<string, unknown>): Logger;
};

/** Options of {@link runDaemon}. */
export interface RunDaemonOptions {
  config: StenoConfig;
  logger: DaemonLogger;
  /** Resolves when the daemon should stop; SIGTERM/SIGINT by default. */
  stopSignal?: Promise<string>;
  /** Told the status page's address once the server listens. */
  onListening?: (statusUrl: string) => void;
}

/** How a daemon run ended. */
export interface DaemonResult {
  exitCode: number;
  /**
   * Jobs still running when the grace period ended. A backup among them
   * was aborted and its partial files removed before the database
   * closed; the caller should still exit the process.
   */
  abandonedJobs: string[];
}

/**
 * Runs the system until told to stop: migrates as configured, schedules
 * every job, serves status over HTTP, then stops scheduling, lets a
 * running job finish within the grace period, closes the database and
 * resolves exit code 0. Start-up failures reject before anything is
 * scheduled.
 */
export async function runDaemon(
  options: RunDaemonOptions,
): Promise<DaemonResult> {
  const { config, logger } = options;
  const stop = options.stopSignal ?? waitForSignal();
  const eventLogger = logger.child({ component: 'events' });
  const events = new EventBus({ logger: eventLogger });
  events.onAny(logEvent(eventLogger));
  logger.info(
    {
      db: resolve(config.database.path),
      backup_dir: resolve(config.backup.directory),
      version: VERSION,
    },
    'daemon starting',
  );

  const system = await setupCompleteDataSystem(config, { logger, events });
  const server = await startSystem(system, logger);
  if (server) {
    options.onListening?.(`http://${server.host}:${server.port}/status`);
  }
  const signal = await stop;
  logger.info({ signal }, 'daemon stopping');
  await server?.close();
  const abandonedJobs = await shutDown(system, logger);
  logger.info({ db: system.database.config.path }, 'daemon stopped');
  return { exitCode: 0, abandonedJobs };
}

/** Migrates, schedules and serves; on failure undoes what it started. */
async function startSystem(
  system: DataSystem,
  logger: DaemonLogger,
): Promise<RunningHttpServer | null> {
  let server: RunningHttpServer | null = null;
  try {
    await migrateOnStart(system, logger);
    await system.startScheduling();
    server = await serve(system, logger.child({ component: 'http' }));
    logJobs(system, logger);
    return server;
  } catch (error) {
    await server?.close();
    await system.close();
    throw error;
  }
}

async function migrateOnStart(system: DataSystem, logger: Logger) {
  const { migrations } = system.config;
  if (!migrations.autoApply) {
    logger.info({ migration: null }, 'migrations not applied: autoApply off');
    return;
  }
  const applied = await system.migrate();
  const version = system.migrationManager.getKnownMigrations().at(-1);
  logger.info({ migration: version ?? null, applied }, 'schema up to date');
}

async function serve(
  system: DataSystem,
  logger: Logger,
): Promise<RunningHttpServer | null> {
  const { server: settings } = system.config;
  if (!settings.enabled) return null;
  const prometheus = new PrometheusMetrics();
  prometheus.countEvents(system.events);

  const server = await startHttpServer({
    host: settings.host,
    port: settings.port,
    ping: async () => {
      await system.database.executeQuery('select 1');
    },
    status: () => system.getSystemStatus(),
    metrics: (status) => prometheus.render(status),
    metricsContentType: prometheus.contentType,
    logger,
  }).catch((error: unknown) => {
    throw new StenoError(
      'INVALID_CONFIG',
      `listen on ${settings.host}:${settings.port}: ` +
        `${(error as Error).message}; set server.port or --port`,
      { cause: error },
    );
  });
  const url = `http://${server.host}:${server.port}`;
  logger.info(
    { url: `${url}/status`, port: server.port },
    'status server listening',
  );
  return server;
}

function logJobs(system: DataSystem, logger: Logger): void {
  for (const job of system.scheduler.jobs()) {
    logger.info(
      { job: job.name, schedule: job.schedule, next_run: job.nextRun },
      'job scheduled',
    );
  }
}

async function shutDown(system: DataSystem, logger: Logger): Promise<string[]> {
  const graceMs = system.config.shutdown.graceSeconds * 1000;
  const running = system.scheduler.running();
  if (running.length > 0) {
    logger.info({ jobs: running, grace_ms: graceMs }, 'waiting for jobs');
  }
  const unfinished = await system.close(graceMs);
  if (unfinished.length > 0) {
    // close() has aborted a running backup and waited for its cleanup.
    logger.warn({ jobs: unfinished }, 'jobs abandoned: grace period over');
  }
  return unfinished;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}

/** One structured line per event; failures at error, warnings at warn. */
function logEvent(logger: Logger): (event: DeliveredEvent) => void {
  return (event) => {
    const { type, at: _at, ...fields } = event;
    const message = type.replace(/[._]/g, ' ');
    const named = renameIds({ event: type, ...fields });
    if (type.endsWith('.failed')) logger.error(named, message);
    else if (type === 'storage.usage_high') logger.warn(named, message);
    else logger.info(named, message);
  };
}

/** The fixed log keys: `backup_id`, `job`, `migration`. */
function renameIds(fields: Record<string, unknown>): Record<string, unknown> {
  const { backupId, safetyBackupId, ...rest } = fields;
  const named: Record<string, unknown> = { ...rest };
  if (backupId !== undefined) named.backup_id = backupId;
  if (safetyBackupId !== undefined) named.safety_backup_id = safetyBackupId;
  return named;
}
