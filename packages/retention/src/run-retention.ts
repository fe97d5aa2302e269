import type { Database, Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import { cutoffOf, newestStoredMs } from './clock-check.js';
import { targetOf } from './entity-targets.js';
import type { FileJanitor } from './file-janitor.js';
import { removeFiles } from './file-sweep.js';
import { readPendingFiles } from './pending-files.js';
import type { RetentionRule } from './retention-rule.js';
import {
  blankResult,
  estimateDatabaseBytes,
  failedResult,
  outcomeResult,
} from './rule-result.js';
import { findBoundaries } from './rule-boundary.js';
import { planRule, type RulePlan } from './rule-plan.js';
import {
  applyPlan,
  emptyOutcome,
  estimatePlan,
  type RunContext,
} from './rule-runner.js';
import { readPageStats, reclaimPages, usedBytes } from './space-meter.js';
import { allSql } from './sql.js';
import type {
  BackupService,
  CleanupResult,
  RetentionEvent,
  RetentionRun,
} from './types.js';

/** Everything one run needs, resolved by the manager. */
export interface RunEnv {
  db: Database;
  janitor: FileJanitor;
  logger: Logger;
  batchSize: number;
  timeBudgetMs: number;
  now: () => Date;
  backupBeforeCleanup: boolean;
  backupService?: BackupService;
  allowFullVacuum: boolean;
  emit: (event: RetentionEvent) => void;
}

/**
 * Runs `rules` one after another; a failing rule does not stop the
 * others. When a backup is required and fails, nothing is deleted.
 */
export async function runRules(
  rules: RetentionRule[],
  env: RunEnv,
  dryRun: boolean,
): Promise<RetentionRun> {
  const run = newRun(dryRun, env.now());
  env.emit({ type: 'retention.started', dryRun, ruleIds: ids(rules) });
  env.logger.info({ job: 'retention', dry_run: dryRun }, 'retention started');
  if (!dryRun && env.backupBeforeCleanup) {
    const backup = await backUp(rules, env, run);
    if (!backup) return finish(run, env);
  }

  const context = contextOf(env);
  if (!dryRun) run.retriedFileBytes = await retryPending(context);
  const newest = await env.db.withConnection(newestStoredMs);
  for (const rule of rules) {
    run.results.push(await runOne(rule, env, context, newest, dryRun));
  }
  if (!dryRun) {
    run.vacuum = await env.db.withConnection((c) =>
      reclaimPages(c, env.allowFullVacuum, env.db.config.path),
    );
  }
  return finish(run, env);
}

async function runOne(
  rule: RetentionRule,
  env: RunEnv,
  context: RunContext,
  newest: number | null,
  dryRun: boolean,
): Promise<CleanupResult> {
  const started = performance.now();
  if (isPostponed(rule, env, newest)) {
    return { ...blankResult(rule.ruleId, dryRun, started), postponed: true };
  }
  try {
    const plan = await planOf(rule, env);
    const before = await env.db.withConnection(readPageStats);
    const outcome = dryRun
      ? await estimatePlan(plan, context)
      : await applyPlan(plan, context);
    const after = await env.db.withConnection(readPageStats);

    const databaseBytes = dryRun
      ? await estimateDatabaseBytes(env.db, outcome.items)
      : usedBytes(before) - usedBytes(after);
    const result = outcomeResult(rule, outcome, databaseBytes, dryRun, started);
    reportFiles(result, env);
    env.emit({ type: 'retention.rule_completed', result });
    return result;
  } catch (error) {
    env.logger.error(
      { job: 'retention', rule_id: rule.ruleId, error: String(error) },
      'retention rule failed',
    );
    return failedResult(rule, error, dryRun, started);
  }
}

/** Compiles `rule` against the current clock and schema. */
export async function planOf(
  rule: RetentionRule,
  env: Pick<RunEnv, 'db' | 'now'>,
): Promise<RulePlan> {
  const target = targetOf(rule.entity);
  if (!target) {
    throw new StenoError('INVALID_CONFIG', `rule ${rule.ruleId}: no entity`);
  }
  const columns = await readColumns(env.db);
  const cutoff = cutoffOf(env.now(), rule.retentionDays ?? 0);
  const boundaries = await env.db.withConnection((c) =>
    findBoundaries(c, rule, target),
  );
  const columnsOf = (table: string) => columns.get(table) ?? new Set();
  return planRule(rule, target, cutoff, columnsOf, boundaries);
}

/**
 * True when a date-based rule must wait because the clock reads earlier
 * than data already stored: deleting by it would misjudge every age.
 */
export function isPostponed(
  rule: RetentionRule,
  env: Pick<RunEnv, 'now' | 'logger' | 'emit'>,
  newest: number | null,
): boolean {
  const now = env.now().getTime();
  if (rule.retentionDays === undefined || newest === null) return false;
  if (now >= newest) return false;
  const fields = {
    job: 'retention',
    rule_id: rule.ruleId,
    now: new Date(now).toISOString(),
    newest: new Date(newest).toISOString(),
  };
  env.logger.warn(fields, 'clock is behind stored data; rule postponed');
  env.emit({
    type: 'retention.postponed',
    ruleId: rule.ruleId,
    now: fields.now,
    newest: fields.newest,
  });
  return true;
}

async function backUp(
  rules: RetentionRule[],
  env: RunEnv,
  run: RetentionRun,
): Promise<boolean> {
  const started = performance.now();
  try {
    if (!env.backupService) {
      throw new StenoError(
        'BACKUP_FAILED',
        'backupBeforeCleanup is set but no backup service was given: ' +
          'pass backupService or turn backupBeforeCleanup off',
      );
    }
    const { backupId } = await env.backupService.createBackup(
      'before retention cleanup',
    );
    run.backupId = backupId;
    return true;
  } catch (error) {
    const cause = new StenoError(
      'BACKUP_FAILED',
      `back up before retention: ${(error as Error).message}; nothing deleted`,
      { cause: error },
    );
    env.logger.error({ job: 'retention' }, cause.message);
    env.emit({ type: 'retention.backup_failed', error: cause.message });
    for (const rule of rules) {
      run.results.push(failedResult(rule, cause, false, started));
    }
    return false;
  }
}

async function retryPending(context: RunContext): Promise<number> {
  const pending = await context.db.withConnection(readPendingFiles);
  const outcome = emptyOutcome();
  await removeFiles(pending, context, outcome);
  return outcome.fileBytes;
}

function reportFiles(result: CleanupResult, env: RunEnv): void {
  for (const file of result.files) {
    if (file.outcome !== 'failed') continue;
    env.emit({
      type: 'retention.file_failed',
      path: file.path,
      error: file.error,
    });
  }
}

async function readColumns(db: Database): Promise<Map<string, Set<string>>> {
  const rows = await db.withConnection((c) =>
    allSql(
      c,
      'select m.name as t, p.name as c from sqlite_master m ' +
        "join pragma_table_info(m.name) p where m.type = 'table'",
    ),
  );
  const columns = new Map<string, Set<string>>();
  for (const row of rows) {
    const table = String(row.t);
    if (!columns.has(table)) columns.set(table, new Set());
    columns.get(table)?.add(String(row.c));
  }
  return columns;
}

/** The per-run settings of the rule runner. */
export function contextOf(env: RunEnv): RunContext {
  return {
    db: env.db,
    janitor: env.janitor,
    logger: env.logger,
    batchSize: env.batchSize,
    deadline: performance.now() + env.timeBudgetMs,
  };
}

function newRun(dryRun: boolean, now: Date): RetentionRun {
  return {
    startedAt: now.toISOString(),
    dryRun,
    backupId: null,
    results: [],
    retriedFileBytes: 0,
    vacuum: null,
    freedSpace: 0,
    success: true,
  };
}

function finish(run: RetentionRun, env: RunEnv): RetentionRun {
  run.success = run.results.every((r) => r.success);
  run.freedSpace =
    run.retriedFileBytes +
    run.results.reduce((sum, r) => sum + r.freedSpace, 0);
  env.emit({ type: 'retention.completed', run });
  env.logger.info(
    { job: 'retention', freed: run.freedSpace, success: run.success },
    'retention finished',
  );
  return run;
}

function ids(rules: RetentionRule[]): string[] {
  return rules.map((rule) => rule.ruleId);
}
