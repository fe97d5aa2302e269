import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Database, Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import type { BackupManager } from './backup-manager.js';
import { checkArchive } from './check-archive.js';
import { swapDatabase } from './swap-database.js';
import type { BackupInfo, ProgressCallback, SchemaMigrator } from './types.js';

/** What a restore did. */
export interface RestoreResult {
  backupId: string;
  /** The backup of the database as it was just before the restore. */
  safetyBackupId: string;
  /** Whether pending migrations ran because the backup was older. */
  migrated: boolean;
}

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
    const migrated = await migrateIfOlder(info.backupId, version, context);
    context.logger.info({ ...log, migrated }, 'restore finished');
    return {
      backupId: info.backupId,
      safetyBackupId: safety.backupId,
      migrated,
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

async function migrateIfOlder(
  backupId: string,
  version: string | null,
  context: RestoreContext,
): Promise<boolean> {
  const known = context.migrator?.getKnownMigrations() ?? [];
  if (!context.migrator || known.length === 0) return false;
  if (known[known.length - 1] === version) return false;

  const result = await context.migrator.applyMigrations();
  if (result.success) return true;
  const reason = (result.error as Error | undefined)?.message ?? 'unknown';
  throw new StenoError(
    'RESTORE_FAILED',
    `restore backup ${backupId}: the data is back but migrating it ` +
      `failed: ${reason}; run \`steno migrate up\` after fixing the cause`,
    { cause: result.error, details: { backupId, schemaVersion: version } },
  );
}
