import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BackupManager } from '@steno/backup';
import { Database } from '@steno/db';
import { MigrationManager } from '@steno/migrations';
import { StenoError } from '@steno/models';
import type { StenoConfig } from '../config/load-config.js';
import { backupConfigOf } from './data-system.js';
import { collectStatus, type SystemStatus } from './status.js';

/** A status and where it was read from. */
export type SourcedStatus = SystemStatus & {
  source: { kind: 'daemon' | 'files'; location: string };
};

/**
 * The running daemon's `/status` when it answers on the configured
 * address within three seconds; otherwise the same status read from the
 * database and backup folder, without scheduler facts (next runs, last
 * retention run), which only the daemon knows.
 */
export async function readStatus(config: StenoConfig): Promise<SourcedStatus> {
  const fromDaemon = await fetchDaemonStatus(config);
  if (fromDaemon) return fromDaemon;
  return readStatusFromFiles(config);
}

async function fetchDaemonStatus(
  config: StenoConfig,
): Promise<SourcedStatus | null> {
  const { host, port, enabled } = config.server;
  if (!enabled || port === 0) return null;
  const url = `http://${host}:${port}/status`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    const status = (await response.json()) as SystemStatus;
    if (!isSameDatabase(status, config)) return null;
    return { ...status, source: { kind: 'daemon', location: url } };
  } catch {
    return null;
  }
}

/** Another daemon on the port, serving another database, is not ours. */
function isSameDatabase(status: SystemStatus, config: StenoConfig): boolean {
  return status.database?.path === resolve(config.database.path);
}

async function readStatusFromFiles(
  config: StenoConfig,
): Promise<SourcedStatus> {
  const path = resolve(config.database.path);
  if (!existsSync(path)) {
    throw new StenoError(
      'NOT_FOUND',
      `database ${path} does not exist: start \`steno daemon\` or ` +
        'import a transcript first, or pass --db',
      { details: { path } },
    );
  }

  const db = new Database(config.database);
  await db.connect();
  try {
    const status = await collectStatus({
      config,
      db,
      backups: new BackupManager({ db, config: backupConfigOf(config) }),
      knownMigrations: new MigrationManager(db).getKnownMigrations(),
      rowCountWaitMs: Infinity,
    });
    return { ...status, source: { kind: 'files', location: path } };
  } finally {
    await db.disconnect();
  }
}
