import { createInterface } from 'node:readline/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import {
  BackupManager,
  type BackupInfo,
  type BackupProgress,
  type PruneResult,
  type VerifyResult,
} from '@steno/backup';
import { MigrationManager } from '@steno/migrations';
import { StenoError } from '@steno/models';
import { withContext, type CliContext } from '../context.js';
import { backupConfigOf } from '../system/data-system.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

interface GroupOptions {
  backupDir?: string;
}

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
    .action((options: { description?: string }) =>
      withManager(context, group(), async (ctx, manager) => {
        const info = await withProgress(ctx, (onProgress) =>
          manager.createBackup(options.description, { onProgress }),
        );
        ctx.print(() => describeCreated(info), info);
      }),
    );

  backup
    .command('list')
    .description('list backups, newest first, and orphaned files')
    .action(() =>
      withManager(context, group(), async (ctx, manager) => {
        const stats = await manager.getBackupStats();
        const backups = await manager.listBackups();
        ctx.print(() => describeList(backups, stats.orphans), {
          backups,
          orphans: stats.orphans,
        });
      }),
    );

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
    .action((id: string) =>
      withManager(context, group(), async (ctx, manager) => {
        const result = await withProgress(ctx, (onProgress) =>
          manager.verifyBackup(id, { onProgress }),
        );
        ctx.print(() => describeVerify(result), result);
        if (!result.ok) process.exitCode = 1;
      }),
    );

  backup
    .command('restore <id>')
    .description('verify, take a safety backup, then swap the database')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((id: string, options: { yes?: boolean }) =>
      withManager(context, group(), async (ctx, manager) => {
        const db = (await ctx.config()).database.path;
        await confirm(options, `replace ${db} with backup ${id}?`);
        const result = await withProgress(ctx, (onProgress) =>
          manager.restoreBackup(id, { onProgress }),
        );
        ctx.print(
          () =>
            `restored ${result.backupId}` +
            `${result.migrated ? ' and migrated it' : ''}; ` +
            `the previous database is backup ${result.safetyBackupId}`,
          result,
        );
      }),
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
    .action((id: string, options: { yes?: boolean }) =>
      withManager(context, group(), async (ctx, manager) => {
        await confirm(options, `delete backup ${id}?`);
        await manager.deleteBackup(id);
        ctx.print(`deleted ${id}`, { deleted: id });
      }),
    );

  backup
    .command('prune')
    .description('delete backups the keep policy no longer needs')
    .action(() =>
      withManager(context, group(), async (ctx, manager) => {
        const result = await manager.cleanupOldBackups();
        ctx.print(() => describePrune(result), result);
        if (result.deleted.some((d) => !d.ok)) process.exitCode = 1;
      }),
    );
}

/** Opens the database and a manager on the configured backup folder. */
async function withManager(
  context: Context,
  group: GroupOptions,
  work: (ctx: CliContext, manager: BackupManager) => Promise<void>,
): Promise<void> {
  await withContext(context, async (ctx) => {
    const config = await ctx.useConfig({
      overrides: { backupDirectory: group.backupDir },
    });
    const db = await ctx.openDatabase();
    const manager = new BackupManager({
      db,
      config: backupConfigOf(config),
      logger: ctx.logger,
      migrator: new MigrationManager(db, { logger: ctx.logger }),
    });
    await work(ctx, manager);
  });
}

/** Asks on a terminal; without one, only `--yes` may go ahead. */
async function confirm(options: { yes?: boolean }, question: string) {
  if (options.yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new StenoError(
      'INVALID_VALUE',
      `${question.replace(/\?$/, '')}: refused without confirmation; ` +
        'run it on a terminal or pass --yes',
    );
  }
  const prompt = createInterface({
    input: process.stdin,
    output: process.stderr,
  });
  const answer = await prompt.question(`${question} [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new StenoError('INVALID_VALUE', 'cancelled: nothing was changed');
  }
}

/** Shows a progress bar on stderr when it is a terminal. */
async function withProgress<T>(
  ctx: CliContext,
  work: (onProgress?: (p: BackupProgress) => void) => Promise<T>,
): Promise<T> {
  if (ctx.json || !process.stderr.isTTY) return work(undefined);
  const bar = new SingleBar({
    format: '{phase} [{bar}] {percentage}% {value}/{total} {unit}',
    stream: process.stderr,
    hideCursor: true,
  });
  let phase = '';
  bar.start(1, 0, { phase: 'start', unit: '' });
  try {
    return await work((p) => {
      if (p.phase !== phase) bar.setTotal(Math.max(1, p.total));
      phase = p.phase;
      bar.update(p.done, { phase: p.phase, unit: p.unit });
    });
  } finally {
    bar.stop();
  }
}

function describeCreated(info: BackupInfo): string {
  return [
    `created ${info.backupId} (${info.status})`,
    `  ${info.filePath}`,
    `  ${formatBytes(info.fileSize)} -> ${formatBytes(info.compressedSize)}` +
      ` (${info.compression}), ${info.durationMs} ms`,
    ...(info.verifyError ? [`  problem: ${info.verifyError}`] : []),
  ].join('\n');
}

function describeList(
  backups: BackupInfo[],
  orphans: Array<{ file: string; problem: string }>,
): string {
  if (backups.length === 0 && orphans.length === 0) return 'no backups';
  return [
    ...backups.map(
      (b) =>
        `${b.backupId}  ${b.createdAt}  ${formatBytes(b.compressedSize)}` +
        `  ${b.status}${b.description ? `  ${b.description}` : ''}`,
    ),
    ...orphans.map((o) => `orphan  ${o.file}  (${o.problem})`),
  ].join('\n');
}

function describeVerify(result: VerifyResult): string {
  if (result.ok) return `${result.backupId}: verified`;
  return [
    `${result.backupId}: FAILED`,
    ...result.problems.map((p) => `  - ${p}`),
  ].join('\n');
}

function describePrune(result: PruneResult): string {
  if (result.skipped) return `nothing pruned: ${result.skipped}`;
  return [
    ...result.deleted.map((d) =>
      d.ok ? `deleted ${d.backupId}` : `FAILED  ${d.backupId}: ${d.error}`,
    ),
    ...result.kept.map((k) => `kept    ${k.backupId} (${k.reasons.join()})`),
  ].join('\n');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
