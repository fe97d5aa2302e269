import type { Database, Logger, SqliteConnection } from '@steno/db';
import { StenoError } from '@steno/models';
import type { CompiledMigration } from './migration-catalog.js';
import { runStepStatements } from './migration-step.js';
import type { MigrationEvent, MigrationStepResult } from './migration-types.js';
import {
  readApplied,
  recordApplied,
  removeApplied,
  type AppliedMigration,
} from './migrations-table.js';
import { runInSafeTransaction } from './safe-transaction.js';
import { hashSchema, readSchema } from './schema-snapshot.js';

/** Where a batch reports what it does. */
export interface BatchHooks {
  /** The database path, for the `db` log field. */
  db: string;
  logger: Logger;
  emit: (event: MigrationEvent) => void;
}

/** One migration to undo, with the row that says it was applied. */
export interface RollbackPlanItem {
  row: AppliedMigration;
  migration: CompiledMigration;
}

/**
 * Applies `pending` in one safe transaction, recording each with its
 * checksum. The applied list is read again once the write lock is held,
 * so a second process starting at the same moment skips what the first
 * applied instead of failing on it. On failure everything is rolled
 * back and the results say which step failed and which were undone
 * with it.
 */
export async function applyBatch(
  db: Database,
  pending: readonly CompiledMigration[],
  backupId: string | null,
  hooks: BatchHooks,
): Promise<{ results: MigrationStepResult[]; error?: StenoError }> {
  const results: MigrationStepResult[] = pending.map((m) => ({
    name: m.name,
    status: 'not-run',
    durationMs: 0,
  }));
  try {
    await runInSafeTransaction(db, async (connection) => {
      const done = new Set((await readApplied(connection)).map((r) => r.name));
      for (const [index, migration] of pending.entries()) {
        if (done.has(migration.name)) {
          (results[index] as MigrationStepResult).status = 'already-applied';
          continue;
        }
        const started = performance.now();
        await applyOne(connection, migration, backupId, results, index);
        const step = results[index] as MigrationStepResult;
        step.status = 'applied';
        step.durationMs = Math.round(performance.now() - started);
      }
    });
  } catch (error) {
    return { results, error: markFailure(results, error, 'applied', hooks) };
  }
  for (const step of results.filter((r) => r.status === 'applied')) {
    hooks.logger.info(
      { db: hooks.db, migration: step.name, duration_ms: step.durationMs },
      'migration applied',
    );
    hooks.emit({
      type: 'migration.applied',
      name: step.name,
      durationMs: step.durationMs,
    });
  }
  return { results };
}

/**
 * Runs the down steps of `plan` (newest first) in one safe transaction.
 * Each must leave the schema exactly as it was before that migration
 * was applied; the row is removed in the same transaction, so history
 * never claims a rollback that did not happen. Throws on failure.
 */
export async function rollbackBatch(
  db: Database,
  plan: readonly RollbackPlanItem[],
  hooks: BatchHooks,
): Promise<MigrationStepResult[]> {
  const results: MigrationStepResult[] = plan.map((item) => ({
    name: item.row.name,
    status: 'not-run',
    durationMs: 0,
  }));
  try {
    await runInSafeTransaction(db, async (connection) => {
      for (const [index, item] of plan.entries()) {
        const started = performance.now();
        (results[index] as MigrationStepResult).status = 'failed';
        await revertOne(connection, item);
        const step = results[index] as MigrationStepResult;
        step.status = 'reverted';
        step.durationMs = Math.round(performance.now() - started);
      }
    });
  } catch (error) {
    const cause = markFailure(results, error, 'reverted', hooks);
    throw new StenoError('MIGRATION_FAILED', cause.message, {
      cause,
      details: { ...cause.details, results },
    });
  }
  for (const step of results) {
    hooks.logger.info(
      { db: hooks.db, migration: step.name },
      'migration rolled back',
    );
    hooks.emit({ type: 'migration.rolled-back', ...pick(step) });
  }
  return results;
}

async function applyOne(
  connection: SqliteConnection,
  migration: CompiledMigration,
  backupId: string | null,
  results: MigrationStepResult[],
  index: number,
): Promise<void> {
  (results[index] as MigrationStepResult).status = 'failed';
  const schemaBefore = hashSchema(await readSchema(connection));
  await runStepStatements(connection, migration.name, migration.up);
  await recordApplied(connection, {
    name: migration.name,
    checksum: migration.checksum,
    backupId,
    schemaBefore,
  });
}

async function revertOne(
  connection: SqliteConnection,
  { row, migration }: RollbackPlanItem,
): Promise<void> {
  await runStepStatements(connection, row.name, migration.down ?? []);
  const schemaAfter = hashSchema(await readSchema(connection));
  if (row.schemaBefore !== null && schemaAfter !== row.schemaBefore) {
    throw new StenoError(
      'MIGRATION_FAILED',
      `roll back migration ${row.name}: its down step did not restore ` +
        'the schema that was there before it was applied; nothing was ' +
        'changed. Fix the down step, or restore the pre-migration backup',
      { details: { migration: row.name } },
    );
  }
  await removeApplied(connection, row.name);
}

/** Sets statuses after a failed batch and returns the error to report. */
function markFailure(
  results: MigrationStepResult[],
  error: unknown,
  done: 'applied' | 'reverted',
  hooks: BatchHooks,
): StenoError {
  const failure =
    error instanceof StenoError
      ? error
      : new StenoError('MIGRATION_FAILED', String(error), { cause: error });
  const failedStep = results.find((step) => step.status === 'failed');
  for (const step of results) {
    if (step.status === done) step.status = 'discarded';
  }
  if (failedStep) {
    failedStep.error = failure;
    hooks.logger.error(
      { db: hooks.db, migration: failedStep.name, error: failure.message },
      'migration failed, transaction rolled back',
    );
    hooks.emit({
      type: 'migration.failed',
      name: failedStep.name,
      error: failure,
    });
  }
  return failure;
}

function pick(step: MigrationStepResult): {
  name: string;
  durationMs: number;
} {
  return { name: step.name, durationMs: step.durationMs };
}
