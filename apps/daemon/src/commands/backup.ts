import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { GroupOptions } from './backup-actions.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

// The actions load on use, so --help and --version stay light.
const actions = () => import('./backup-actions.js');

/** Registers steno backup create|list|verify|restore|delete|prune. */
export const registerBackupCommands: RegisterCommands = (program, context) => {
  const backup = program
    .command('backup')
    .description('create, check and restore verified database backups')
    .option('--backup-dir <path>', 'backup folder (default ./backups)');
  const group = (): GroupOptions => backup.opts<GroupOptions>();

  backup
    .command('create')
    .description('take a consistent, compressed, verified backup now')
    .option('-d, --description <text>', 'a note stored in the manifest')
    .action(async (options: { description?: string }) =>
      (await actions()).createBackupNow(context, group(), options),
    );

  backup
    .command('list')
    .description('list backups, newest first, and orphaned files')
    .action(async () => (await actions()).listBackups(context, group()));

  registerChecks(backup, context, group);
};

function registerChecks(
  backup: Command,
  context: Context,
  group: () => GroupOptions,
): void {
  backup
    .command('verify <id>')
    .description('checksum, decompress, integrity_check and count rows')
    .action(async (id: string) =>
      (await actions()).verifyBackup(context, group(), id),
    );

  backup
    .command('restore <id>')
    .description('verify, take a safety backup, then swap the database')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (id: string, options: { yes?: boolean }) =>
      (await actions()).restoreBackup(context, group(), id, options),
    );

  registerRemovals(backup, context, group);
}

function registerRemovals(
  backup: Command,
  context: Context,
  group: () => GroupOptions,
): void {
  backup
    .command('delete <id>')
    .description('delete one backup and its manifest')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (id: string, options: { yes?: boolean }) =>
      (await actions()).deleteBackup(context, group(), id, options),
    );

  backup
    .command('prune')
    .description('delete backups the keep policy no longer needs')
    .action(async () => (await actions()).pruneBackups(context, group()));
}
