import { BackupManager } from '@steno/backup';
import { Database } from '@steno/db';
import {
  MigrationManager,
  type ApplyMigrationsResult,
  type MigrationStepResult,
} from '@steno/migrations';
import type { StenoConfig } from '../config/load-config.js';
import { withContext, type CliContext } from '../context.js';
import { backupConfigOf } from '../system/data-system.js';

type Context = () => CliContext;

/** Prints the schema version, applied and pending migrations. */
export function showMigrationStatus(context: Context): Promise<void> {
  return withContext(context, (ctx) =>
    withManager(ctx, async (manager) => {
      const history = await manager.getMigrationHistory();
      const pending = await manager.getPendingMigrations();
      const version = history.at(-1)?.id ?? null;
      const human = () =>
        [
          `schema version: ${version ?? 'none'}`,
          ...history.map(
            (h) =>
              `  applied  ${h.id}  ${h.appliedAt?.toISOString() ?? '?'}` +
              (h.rollbackAvailable ? '' : '  (no down step)'),
          ),
          ...pending.map((p) => `  pending  ${p.id}`),
          pending.length === 0 ? 'up to date' : `${pending.length} pending`,
        ].join('\n');
      ctx.print(human, { version, applied: history, pending });
    }),
  );
}

/** Applies every pending migration; a failure exits 1. */
export function migrateUp(
  context: Context,
  options: { backup: boolean },
): Promise<void> {
  return withContext(context, async (ctx) => {
    const config = await ctx.config();
    const backup = options.backup && config.migrations.backupBeforeMigration;
    await withManager(
      ctx,
      async (manager) => {
        const result = await manager.applyMigrations();
        ctx.print(() => describeApply(result), result);
        if (!result.success) process.exitCode = 1;
      },
      backup,
    );
  });
}

/** Rolls back the newest `steps` migrations. */
export function migrateDown(
  context: Context,
  options: { steps: number },
): Promise<void> {
  return withContext(context, (ctx) =>
    withManager(ctx, async (manager) => {
      const result = await manager.rollbackMigration(options.steps);
      ctx.print(() => result.results.map(describeStep).join('\n'), result);
    }),
  );
}

/** Writes a migration for what the entities changed. */
export function createMigration(
  context: Context,
  name: string,
  options: { dir: string },
): Promise<void> {
  return withContext(context, (ctx) =>
    withManager(ctx, async (manager) => {
      const made = await manager.generateMigration(name, {
        directory: options.dir,
      });
      const human = made.created
        ? `wrote ${made.path}\nadd ${made.name} to SHIPPED_MIGRATIONS`
        : 'no schema changes: the entities match the database';
      ctx.print(human, made);
    }),
  );
}

/** Compares applied migrations with the code; a mismatch exits 1. */
export function validateMigrations(
  context: Context,
  id: string | undefined,
): Promise<void> {
  return withContext(context, (ctx) =>
    withManager(ctx, async (manager) => {
      const report = await manager.validateMigration(id);
      const human = () =>
        report.valid
          ? `valid: ${report.checked.length} applied migration(s) match`
          : report.problems.map((p) => `${p.kind}: ${p.message}`).join('\n');
      ctx.print(human, report);
      if (!report.valid) process.exitCode = 1;
    }),
  );
}

/**
 * Runs `work` with a manager on the configured database, opened without
 * migrating it (the context's openDatabase applies migrations itself).
 */
async function withManager<T>(
  ctx: CliContext,
  work: (manager: MigrationManager) => Promise<T>,
  backup = false,
): Promise<T> {
  const config = await ctx.config();
  const db = new Database(config.database, { logger: ctx.logger });
  await db.connect();
  try {
    let backups: BackupManager | null = null;
    const manager = new MigrationManager(db, {
      logger: ctx.logger,
      backupService: backup
        ? {
            createBackup: (note) => backups!.createBackup(note),
            restoreBackup: (id) => backups!.restoreBackup(id),
          }
        : undefined,
    });
    backups = backup ? backupManagerFor(db, config, ctx, manager) : null;
    return await work(manager);
  } finally {
    await db.disconnect();
  }
}

function backupManagerFor(
  db: Database,
  config: StenoConfig,
  ctx: CliContext,
  migrator: MigrationManager,
): BackupManager {
  return new BackupManager({
    db,
    config: backupConfigOf(config),
    logger: ctx.logger,
    migrator,
  });
}

function describeApply(result: ApplyMigrationsResult): string {
  const lines = result.results.map(describeStep);
  if (result.adoptedBaseline) {
    lines.unshift(`adopted the existing schema as ${result.adoptedBaseline}`);
  }
  if (result.success) {
    lines.push(
      result.appliedMigrations.length === 0
        ? 'nothing to apply: up to date'
        : `applied ${result.appliedMigrations.length} migration(s)`,
    );
    if (result.backupId) lines.push(`backup taken: ${result.backupId}`);
    return lines.join('\n');
  }
  lines.push(`failed: ${result.error?.message ?? 'unknown error'}`);
  if (result.restored) lines.push(`restored backup ${result.backupId}`);
  else if (result.backupId) lines.push(`backup taken: ${result.backupId}`);
  if (result.restoreError) {
    lines.push(`restore failed too: ${result.restoreError.message}`);
  }
  return lines.join('\n');
}

function describeStep(step: MigrationStepResult): string {
  const time = step.durationMs > 0 ? ` (${step.durationMs} ms)` : '';
  return `  ${step.status.padEnd(9)} ${step.name}${time}`;
}
