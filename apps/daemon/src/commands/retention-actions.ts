import { BackupManager } from '@steno/backup';
import {
  RetentionManager,
  type CleanupEstimate,
  type RetentionRun,
} from '@steno/retention';
import { withContext, type CliContext } from '../context.js';
import { backupConfigOf } from '../system/data-system.js';
import { retentionConfigOf } from '../system/retention-rules.js';

type Context = () => CliContext;

/** Flags of `steno retention apply`. */
export interface ApplyFlags {
  rule?: string;
  dryRun?: boolean;
  backup?: boolean;
}

/** Prints what each rule would delete, changing nothing. */
export function estimateRetention(
  context: Context,
  flags: { rule?: string },
): Promise<void> {
  return withContext(context, async (ctx) => {
    const manager = await managerOf(ctx, false);
    const estimate = await manager.estimateCleanup(flags.rule);
    ctx.print(() => describeEstimate(estimate), estimate);
  });
}

/** Applies the rules; a failed rule exits 1. */
export function applyRetention(
  context: Context,
  flags: ApplyFlags,
): Promise<void> {
  return withContext(context, async (ctx) => {
    // Without --dry-run the config's retention.dryRun decides.
    const dryRun = flags.dryRun === true ? true : undefined;
    const manager = await managerOf(ctx, flags.backup !== false);
    const run = await manager.applyRetentionRules({
      dryRun,
      ruleId: flags.rule,
    });
    ctx.print(() => describeRun(run), run);
    if (!run.success) process.exitCode = 1;
  });
}

/** The manager the config describes, backing up through @steno/backup. */
async function managerOf(
  ctx: CliContext,
  backup: boolean,
): Promise<RetentionManager> {
  const config = await ctx.config();
  const db = await ctx.openDatabase();
  const retention = config.retention;
  const backupFirst = backup && retention.backupBeforeCleanup;
  const backupService = backupFirst
    ? new BackupManager({
        db,
        config: backupConfigOf(config),
        logger: ctx.logger,
      })
    : undefined;
  // The same rules the daemon schedules, so an estimate shows its work.
  return new RetentionManager(db, {
    config: { ...retentionConfigOf(config), backupBeforeCleanup: backupFirst },
    storageRoots: retention.storageRoots,
    backupService,
    logger: ctx.logger,
  });
}

function describeEstimate(estimate: CleanupEstimate): string {
  if (estimate.rules.length === 0) return noRules();
  const lines = estimate.rules.map((rule) =>
    rule.postponed
      ? `${rule.ruleId}: postponed (clock behind stored data)`
      : `${rule.ruleId}: ${items(rule.items)}; files ` +
        `${bytes(rule.fileBytes)}, database ~${bytes(rule.databaseBytes)}`,
  );
  const total = estimate.total;
  lines.push(
    `total: ${items(total.items)}; files ${bytes(total.fileBytes)}, ` +
      `database ~${bytes(total.databaseBytes)}`,
  );
  return lines.join('\n');
}

function describeRun(run: RetentionRun): string {
  if (run.results.length === 0) return noRules();
  const verb = run.dryRun ? 'would delete' : 'deleted';
  const lines = run.results.map((r) => {
    if (!r.success) return `${r.ruleId}: failed: ${r.error?.message}`;
    if (r.postponed) return `${r.ruleId}: postponed (clock behind data)`;
    const rest = r.complete ? '' : `; ${r.remaining} left for next run`;
    return `${r.ruleId}: ${verb} ${items(r.items)}; ${bytes(r.freedSpace)}${rest}`;
  });
  if (run.backupId) lines.unshift(`backup ${run.backupId} taken first`);
  lines.push(`${run.dryRun ? 'would free' : 'freed'} ${bytes(run.freedSpace)}`);
  return lines.join('\n');
}

function noRules(): string {
  return (
    'no retention rules: set retention.sessionRetentionDays or ' +
    'retention.transcriptRetentionDays in the config'
  );
}

function items(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => `${n} ${entity}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function bytes(n: number): string {
  if (Math.abs(n) < 1024) return `${n} B`;
  if (Math.abs(n) < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}
