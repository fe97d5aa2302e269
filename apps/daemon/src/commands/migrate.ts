import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

// The actions load on use, so --help and --version stay light.
const actions = () => import('./migrate-actions.js');

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

function registerStatus(migrate: Command, context: Context): void {
  migrate
    .command('status')
    .description('show the schema version, applied and pending migrations')
    .action(async () => (await actions()).showMigrationStatus(context));
}

function registerUp(migrate: Command, context: Context): void {
  migrate
    .command('up')
    .description('apply every pending migration, all or none')
    .option('--no-backup', 'skip the backup taken before applying')
    .action(async (options: { backup: boolean }) =>
      (await actions()).migrateUp(context, options),
    );
}

function registerDown(migrate: Command, context: Context): void {
  migrate
    .command('down')
    .description('roll back the newest migrations with their down steps')
    .option('--steps <n>', 'how many migrations to undo', parseSteps, 1)
    .action(async (options: { steps: number }) =>
      (await actions()).migrateDown(context, options),
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
    .action(async (name: string, options: { dir: string }) =>
      (await actions()).createMigration(context, name, options),
    );
}

function registerValidate(migrate: Command, context: Context): void {
  migrate
    .command('validate')
    .description('compare applied migrations with the code (checksums)')
    .argument('[id]', 'check only this migration')
    .action(async (id: string | undefined) =>
      (await actions()).validateMigrations(context, id),
    );
}

function parseSteps(value: string): number {
  const steps = Number(value);
  if (!Number.isInteger(steps) || steps < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1');
  }
  return steps;
}
