import { StenoError } from '@steno/models';
import type { CompiledMigration } from './migration-catalog.js';
import type { ApplyMigrationsResult } from './migration-types.js';
import type { AppliedMigration } from './migrations-table.js';

/** The result of an apply that failed before or while running. */
export function failed(
  error: StenoError,
  results: ApplyMigrationsResult['results'] = [],
): ApplyMigrationsResult {
  return { success: false, appliedMigrations: [], results, error };
}

/** The database was migrated by software newer than this code. */
export function tooNew(path: string, unknown: AppliedMigration[]): StenoError {
  const names = unknown.map((row) => row.name);
  return new StenoError(
    'SCHEMA_TOO_NEW',
    `database ${path} was migrated by newer software: applied ` +
      `migration(s) ${names.join(', ')} are unknown to this version; ` +
      'upgrade Steno, or restore a backup taken before the upgrade',
    { details: { path, migrations: names } },
  );
}

/** The migration to undo, or why it cannot be undone. */
export function requireDown(
  row: AppliedMigration,
  migration: CompiledMigration | undefined,
): CompiledMigration {
  if (migration?.down) return migration;
  const why = migration ? 'has no down step' : 'is unknown to this code';
  const backup = row.backupId
    ? `restore backup ${row.backupId}, taken just before it was applied`
    : 'restore a backup taken before it was applied';
  throw new StenoError(
    'ROLLBACK_UNAVAILABLE',
    `roll back migration ${row.name}: it ${why}; nothing was changed. ` +
      `To undo it, ${backup} (steno backup restore <id>)`,
    { details: { migration: row.name, backupId: row.backupId } },
  );
}

/** Wraps anything thrown into a StenoError with `code`. */
export function asStenoError(
  error: unknown,
  code: StenoError['code'] = 'MIGRATION_FAILED',
): StenoError {
  if (error instanceof StenoError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StenoError(code, message, { cause: error });
}
