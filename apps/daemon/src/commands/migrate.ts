import { InvalidArgumentError, type Command } from 'commander';
import { BackupManager } from '@steno/backup';
import { Database } from '@steno/db';
import {
  MigrationManager,
  type ApplyMigrationsResult,
  type MigrationStepResult,
} from '@steno/migrations';
import type { StenoConfig } from '../config/load-config.js';
import type { CliContext } from '../context.js';
import { backupConfigOf } from '../system/data-system.js';
import { withContext } from '../context.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

/** Registers steno migrate status|up|down|create|validate. */
export const registerMigrateCommands: RegisterCommands = (program, context) => {
  const migrate = program
    .command('migrate')
    .description('inspect and change the database schema');
  registerStatus(migrate, context);
  registerUp(migrate, context);
  registerDown(migrate, context);
  registerCreate(migrate, context);
  registerValidate(migrate, context);
};

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

function registerStatus(migrate: Command, context: Context): void {
  migrate
    .command('status')
    .description('show the schema version, applied and pending migrations')
    .action(() =>
      withContext(context, (ctx) =>
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
      ),
    );
}

function registerUp(migrate: Command, context: Context): void {
  migrate
    .command('up')
    .description('apply every pending migration, all or none')
    .option('--no-backup', 'skip the backup taken before applying')
    .action((options: { backup: boolean }) =>
      withContext(context, async (ctx) => {
        const config = await ctx.config();
        const backup =
          options.backup && config.migrations.backupBeforeMigration;
        await withManager(
          ctx,
          async (manager) => {
            const result = await manager.applyMigrations();
            ctx.print(() => describeApply(result), result);
            if (!result.success) process.exitCode = 1;
          },
          backup,
        );
      }),
    );
}

function registerDown(migrate: Command, context: Context): void {
  migrate
    .command('down')
    .description('roll back the newest migrations with their down steps')
    .option('--steps <n>', 'how many migrations to undo', parseSteps, 1)
    .action((options: { steps: number }) =>
      withContext(context, (ctx) =>
        withManager(ctx, async (manager) => {
          const result = await manager.rollbackMigration(options.steps);
          ctx.print(() => result.results.map(describeStep).join('\n'), result);
        }),
      ),
    );
}

function registerCreate(migrate: Command, context: Context): void {
  migrate
    .command('create')
    .description('write a migration for what the entities changed')
    .argument('<name>', 'what the migration does, e.g. add_language')
    .option(
      '--dir <path>',
      'folder for the new file',
      'packages/migrations/src/migrations',
    )
    .action((name: string, options: { dir: string }) =>
      withContext(context, (ctx) =>
        withManager(ctx, async (manager) => {
          const made = await manager.generateMigration(name, {
            directory: options.dir,
          });
          const human = made.created
            ? `wrote ${made.path}\nadd ${made.name} to SHIPPED_MIGRATIONS`
            : 'no schema changes: the entities match the database';
          ctx.print(human, made);
        }),
      ),
    );
}

function registerValidate(migrate: Command, context: Context): void {
  migrate
    .command('validate')
    .description('compare applied migrations with the code (checksums)')
    .argument('[id]', 'check only this migration')
    .action((id: string | undefined) =>
      withContext(context, (ctx) =>
        withManager(ctx, async (manager) => {
          const report = await manager.validateMigration(id);
          const human = () =>
            report.valid
              ? `valid: ${report.checked.length} applied migration(s) match`
              : report.problems
                  .map((p) => `${p.kind}: ${p.message}`)
                  .join('\n');
          ctx.print(human, report);
          if (!report.valid) process.exitCode = 1;
        }),
      ),
    );
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

function parseSteps(value: string): number {
  const steps = Number(value);
  if (!Number.isInteger(steps) || steps < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1');
  }
  return steps;
}
