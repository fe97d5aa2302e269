import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Database, Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import type { BackupManager } from './backup-manager.js';
import { checkArchive } from './check-archive.js';
import { readSchemaVersion } from './sqlite-file.js';
import { swapDatabase } from './swap-database.js';
import type { BackupInfo, ProgressCallback, SchemaMigrator } from './types.js';

/** What a restore did. */
export interface RestoreResult {
  backupId: string;
  /** The backup of the database as it was just before the restore. */
  safetyBackupId: string;
  /** True only when at least one migration actually ran. */
  migrated: boolean;
  /** The migrations that ran on the restored data, oldest first. */
  appliedMigrations: string[];
  /** The schema the live database has now, read back from it. */
  schemaVersion: string | null;
  /** Why the migrator ran nothing although the backup was older. */
  migrationSkipped?: string;
}

type MigrationOutcome = Pick<
  RestoreResult,
  'migrated' | 'appliedMigrations' | 'schemaVersion' | 'migrationSkipped'
>;

export interface RestoreContext {
  db: Database;
  logger: Logger;
  migrator?: SchemaMigrator;
  onProgress?: ProgressCallback;
}

/** The restore steps; see {@link BackupManager.restoreBackup}. */
export async function restoreFromBackup(
  manager: BackupManager,
  backupId: string,
  context: RestoreContext,
): Promise<RestoreResult> {
  const info = await manager.catalogue.get(backupId);
  const live = context.db.config.path;
  const target = join(dirname(live), `.${basename(live)}.restore.tmp`);
  const log = { db: live, backup_id: info.backupId };
  context.logger.info(log, 'restore started');

  try {
    const check = await checkArchive(info, target, context);
    await manager.recordCheck(info, check.problems);
    if (!check.ok) throw refuse(info.backupId, check.problems);
    const version = check.inspection?.schemaVersion ?? null;
    refuseNewerSchema(info.backupId, version, context.migrator);

    const safety = await takeSafetyBackup(manager, info.backupId);
    await swapDatabase(context.db, target, context);
    const outcome = await migrateIfOlder(info.backupId, version, context);
    logFinished(context.logger, log, outcome);
    return {
      backupId: info.backupId,
      safetyBackupId: safety.backupId,
      ...outcome,
    };
  } finally {
    await rm(target, { force: true });
  }
}

async function takeSafetyBackup(
  manager: BackupManager,
  backupId: string,
): Promise<BackupInfo> {
  try {
    return await manager.createBackup(
      `safety copy before restoring ${backupId}`,
    );
  } catch (error) {
    throw new StenoError(
      'RESTORE_FAILED',
      `restore backup ${backupId}: the safety backup failed ` +
        `(${(error as Error).message}); nothing was changed`,
      { cause: error, details: { backupId } },
    );
  }
}

function refuse(backupId: string, problems: string[]): StenoError {
  return new StenoError(
    'BACKUP_INVALID',
    `restore backup ${backupId}: it failed verification ` +
      `(${problems.join('; ')}); the live database was not touched`,
    { details: { backupId, problems } },
  );
}

/** A schema this build does not know is from a newer release. */
function refuseNewerSchema(
  backupId: string,
  version: string | null,
  migrator: SchemaMigrator | undefined,
): void {
  if (!migrator || version === null) return;
  if (migrator.getKnownMigrations().includes(version)) return;
  throw new StenoError(
    'SCHEMA_TOO_NEW',
    `restore backup ${backupId}: its schema ${version} is newer than ` +
      'this release knows; upgrade steno first, nothing was changed',
    { details: { backupId, schemaVersion: version } },
  );
}

/**
 * Migrates an older schema and reports what really ran: the migrator's
 * own list, else the difference between the schema versions read back.
 */
async function migrateIfOlder(
  backupId: string,
  version: string | null,
  context: RestoreContext,
): Promise<MigrationOutcome> {
  const known = context.migrator?.getKnownMigrations() ?? [];
  const unchanged = { migrated: false, appliedMigrations: [] };
  if (!context.migrator || known.length === 0) {
    return { ...unchanged, schemaVersion: version };
  }
  if (known.at(-1) === version) return { ...unchanged, schemaVersion: version };

  const result = await context.migrator.applyMigrations();
  if (!result.success) throw migrateFailed(backupId, version, result.error);
  const after = await context.db.withConnection(readSchemaVersion);
  const applied = result.appliedMigrations ?? between(known, version, after);
  return {
    migrated: applied.length > 0,
    appliedMigrations: applied,
    schemaVersion: after,
    ...(result.skipped ? { migrationSkipped: result.skipped } : {}),
  };
}

/** Known names after `from` up to and including `to`. */
function between(
  known: string[],
  from: string | null,
  to: string | null,
): string[] {
  if (to === null || to === from) return [];
  const start = from === null ? 0 : known.indexOf(from) + 1;
  return known.slice(start, known.indexOf(to) + 1);
}

function migrateFailed(
  backupId: string,
  version: string | null,
  error: unknown,
): StenoError {
  const reason = (error as Error | undefined)?.message ?? 'unknown';
  return new StenoError(
    'RESTORE_FAILED',
    `restore backup ${backupId}: the data is back but migrating it ` +
      `failed: ${reason}; run \`steno migrate up\` after fixing the cause`,
    { cause: error, details: { backupId, schemaVersion: version } },
  );
}

function logFinished(
  logger: Logger,
  log: Record<string, unknown>,
  outcome: MigrationOutcome,
): void {
  const fields = {
    ...log,
    migrated: outcome.migrated,
    migrations: outcome.appliedMigrations,
    schema_version: outcome.schemaVersion,
    skipped: outcome.migrationSkipped,
  };
  if (outcome.migrationSkipped) {
    logger.warn(fields, 'restore finished, migrations skipped');
  } else {
    logger.info(fields, 'restore finished');
  }
}
