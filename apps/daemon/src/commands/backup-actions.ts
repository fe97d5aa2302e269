import { createInterface } from 'node:readline/promises';
import { SingleBar } from 'cli-progress';
import {
  BackupManager,
  type BackupInfo,
  type BackupStats,
  type BackupProgress,
  type PruneResult,
  type VerifyResult,
} from '@steno/backup';
import { MigrationManager } from '@steno/migrations';
import { StenoError } from '@steno/models';
import { withContext, type CliContext } from '../context.js';
import { backupConfigOf } from '../system/data-system.js';

type Context = () => CliContext;

/** Options of the `steno backup` group, shared by its subcommands. */
export interface GroupOptions {
  backupDir?: string;
}

/** Takes a backup now and prints it. */
export function createBackupNow(
  context: Context,
  group: GroupOptions,
  options: { description?: string },
): Promise<void> {
  return withManager(context, group, async (ctx, manager) => {
    const info = await withProgress(ctx, (onProgress) =>
      manager.createBackup(options.description, { onProgress }),
    );
    ctx.print(() => describeCreated(info), info);
  });
}

/** Prints the backups, newest first, and orphaned files. */
export function listBackups(
  context: Context,
  group: GroupOptions,
): Promise<void> {
  return withManager(context, group, async (ctx, manager) => {
    const stats = await manager.getBackupStats();
    const backups = await manager.listBackups();
    ctx.print(() => describeList(backups, stats), {
      backups,
      orphans: stats.orphans,
      partials: stats.partials,
    });
  });
}

/** Verifies one backup; a failed check exits 1. */
export function verifyBackup(
  context: Context,
  group: GroupOptions,
  id: string,
): Promise<void> {
  return withManager(context, group, async (ctx, manager) => {
    const result = await withProgress(ctx, (onProgress) =>
      manager.verifyBackup(id, { onProgress }),
    );
    ctx.print(() => describeVerify(result), result);
    if (!result.ok) process.exitCode = 1;
  });
}

/** Restores one backup after confirmation. */
export function restoreBackup(
  context: Context,
  group: GroupOptions,
  id: string,
  options: { yes?: boolean },
): Promise<void> {
  return withManager(context, group, async (ctx, manager) => {
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
  });
}

/** Deletes one backup after confirmation. */
export function deleteBackup(
  context: Context,
  group: GroupOptions,
  id: string,
  options: { yes?: boolean },
): Promise<void> {
  return withManager(context, group, async (ctx, manager) => {
    await confirm(options, `delete backup ${id}?`);
    await manager.deleteBackup(id);
    ctx.print(`deleted ${id}`, { deleted: id });
  });
}

/** Prunes by the keep policy; a failed deletion exits 1. */
export function pruneBackups(
  context: Context,
  group: GroupOptions,
): Promise<void> {
  return withManager(context, group, async (ctx, manager) => {
    const result = await manager.cleanupOldBackups();
    ctx.print(() => describePrune(result), result);
    if (result.deleted.some((d) => !d.ok)) process.exitCode = 1;
  });
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
  { orphans, partials }: Pick<BackupStats, 'orphans' | 'partials'>,
): string {
  const left = backups.length + orphans.length + partials.length;
  if (left === 0) return 'no backups';
  return [
    ...backups.map(
      (b) =>
        `${b.backupId}  ${b.createdAt}  ${formatBytes(b.compressedSize)}` +
        `  ${b.status}${b.description ? `  ${b.description}` : ''}`,
    ),
    ...orphans.map(
      (o) =>
        `${o.problem === 'damaged manifest' ? 'damaged' : 'orphan'}  ` +
        `${o.file}  (${o.problem}` +
        `${o.detail ? `: ${o.detail}` : ''})`,
    ),
    ...partials.map(
      (p) =>
        `partial  ${p.file}  ${formatBytes(p.bytes)}  ` +
        (p.abandoned
          ? '(writer gone, removed by the next create or prune)'
          : '(a backup may still be writing it)'),
    ),
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
  const swept = result.removedPartials.map((file) => `removed ${file}`);
  if (result.skipped) {
    return [...swept, `nothing pruned: ${result.skipped}`].join('\n');
  }
  return [
    ...swept,
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
