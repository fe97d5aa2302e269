import { setImmediate as yieldNow } from 'node:timers/promises';
import type { Database, Logger, SqliteConnection } from '@steno/db';
import type { FileJanitor, FileOutcome } from './file-janitor.js';
import { priceFiles, removeFiles } from './file-sweep.js';
import { addPendingFiles } from './pending-files.js';
import { deleteByRange, isPlainRows } from './range-delete.js';
import { emptyOutcome, logBatch, stopEarly } from './run-steps.js';
import { recheckSql, selectBatchSql, type RulePlan } from './rule-plan.js';
import {
  allSql,
  inWriteTransaction,
  numberSql,
  runSql,
  type Row,
} from './sql.js';

export { emptyOutcome } from './run-steps.js';

/** Tables whose rows belong to a session and go with it. */
export const SESSION_CHILDREN: ReadonlyArray<[string, string]> = [
  ['TranscriptEntry', 'transcript_entries'],
  ['Participant', 'participants'],
  ['AnalysisResult', 'analysis_results'],
  ['FileInfo', 'file_infos'],
];

/** What running (or estimating) one rule did. */
export interface RuleOutcome {
  /** Rows per entity name: deleted, or that would be. */
  items: Record<string, number>;
  /** Bytes of files removed, or that would be. */
  fileBytes: number;
  files: FileOutcome[];
  /** False when the time budget ran out first. */
  complete: boolean;
  /** Eligible rows of the rule's own entity left when it stopped. */
  remaining: number;
}

export interface RunContext {
  db: Database;
  janitor: FileJanitor;
  logger: Logger;
  batchSize: number;
  /** performance.now() after which no new batch starts. */
  deadline: number;
}

interface Batch {
  rows: Row[];
  lastId: number | null;
}

/**
 * Estimates a rule: walks exactly the batches a real run would delete,
 * changing nothing, and prices the files by what is on disk now.
 */
export async function estimatePlan(
  plan: RulePlan,
  context: RunContext,
): Promise<RuleOutcome> {
  const outcome = emptyOutcome();
  const references = new Map<string, number>();
  for (let after = 0; ;) {
    const batch = await context.db.withConnection((c) =>
      readBatch(c, plan, after, context.batchSize),
    );
    if (batch.lastId === null) break;
    after = batch.lastId;

    const ids = batch.rows.map((row) => Number(row.id));
    await context.db.withConnection(async (c) => {
      await countBatch(c, plan, ids, outcome.items);
      for (const path of await pathsOf(c, plan, batch.rows)) {
        references.set(path, (references.get(path) ?? 0) + 1);
      }
    });
  }
  await priceFiles(context, references, outcome);
  return outcome;
}

/**
 * Deletes what `plan` selects in short write transactions, each of which
 * checks eligibility again, and then the files the rows named.
 */
export async function applyPlan(
  plan: RulePlan,
  context: RunContext,
): Promise<RuleOutcome> {
  if (isPlainRows(plan)) return deleteByRange(plan, context);
  const outcome = emptyOutcome();
  for (let after = 0; ;) {
    if (performance.now() > context.deadline) {
      return stopEarly(outcome, context, plan, after);
    }
    const batch = await context.db.withConnection((c) =>
      readBatch(c, plan, after, context.batchSize),
    );
    if (batch.lastId === null) return outcome;
    after = batch.lastId;

    const ids = batch.rows.map((row) => Number(row.id));
    if (plan.target.entity === 'Session') {
      await deleteChildren(plan, ids, context, outcome.items);
    }
    const paths = await deleteRows(plan, ids, context, outcome.items);
    logBatch(context, plan, after, paths.length);
    await removeFiles(paths, context, outcome);
    await yieldNow();
  }
}

async function readBatch(
  connection: SqliteConnection,
  plan: RulePlan,
  after: number,
  limit: number,
): Promise<Batch> {
  const query = selectBatchSql(plan, after, limit);
  const rows = await allSql(connection, query.sql, query.params);
  const last = rows.at(-1);
  return {
    rows: rows.filter((row) => !isPreserved(plan, row)),
    lastId: last ? Number(last.id) : null,
  };
}

function isPreserved(plan: RulePlan, row: Row): boolean {
  return plan.rule.preserveRow ? plan.rule.preserveRow(row) === true : false;
}

/**
 * Deletes the rows of still-eligible sessions a few thousand at a time,
 * so a session with a huge transcript never holds the lock for long.
 * Known shortcoming: a session made live again between two of these
 * transactions keeps only the rows not yet deleted; one transaction for
 * all would stall the recorder.
 */
async function deleteChildren(
  plan: RulePlan,
  ids: number[],
  context: RunContext,
  items: Record<string, number>,
): Promise<void> {
  if (ids.length === 0) return;
  const eligible = recheckSql(plan, ids, 't.id');
  // File records go with their session, after their paths are read.
  for (const [entity, table] of SESSION_CHILDREN.slice(0, -1)) {
    const sql =
      `delete from "${table}" where id in (select c.id from "${table}" c ` +
      `where c.session_id in (${eligible.sql}) limit ?)`;
    for (;;) {
      const { changes } = await context.db.withConnection((c) =>
        inWriteTransaction(c, () =>
          runSql(c, sql, [...eligible.params, context.batchSize]),
        ),
      );
      items[entity] = (items[entity] ?? 0) + changes;
      if (changes < context.batchSize) break;
      await yieldNow();
    }
  }
}

/** One write transaction: re-check, note the files, delete the rows. */
async function deleteRows(
  plan: RulePlan,
  ids: number[],
  context: RunContext,
  items: Record<string, number>,
): Promise<string[]> {
  if (ids.length === 0) return [];
  return context.db.withConnection((c) =>
    inWriteTransaction(c, async () => {
      const query = recheckSql(plan, ids);
      const rows = (await allSql(c, query.sql, query.params)).filter(
        (row) => !isPreserved(plan, row),
      );
      const keep = rows.map((row) => Number(row.id));
      if (keep.length === 0) return [];

      await countBatch(c, plan, keep, items);
      const paths = await pathsOf(c, plan, rows);
      const marks = keep.map(() => '?').join(', ');
      await runSql(
        c,
        `delete from "${plan.target.table}" where id in (${marks})`,
        keep,
      );
      await addPendingFiles(c, paths);
      return paths;
    }),
  );
}

/** Adds the rows of `ids` (and, for sessions, what they own) to `items`. */
async function countBatch(
  connection: SqliteConnection,
  plan: RulePlan,
  ids: number[],
  items: Record<string, number>,
): Promise<void> {
  const entity = plan.target.entity;
  items[entity] = (items[entity] ?? 0) + ids.length;
  if (entity !== 'Session' || ids.length === 0) return;
  const marks = ids.map(() => '?').join(', ');
  for (const [child, table] of SESSION_CHILDREN) {
    const n = await numberSql(
      connection,
      `select count(*) from "${table}" where session_id in (${marks})`,
      ids,
    );
    items[child] = (items[child] ?? 0) + n;
  }
}

/** Every file path the rows (and, for sessions, their files) name. */
async function pathsOf(
  connection: SqliteConnection,
  plan: RulePlan,
  rows: Row[],
): Promise<string[]> {
  const paths: string[] = [];
  for (const row of rows) {
    for (const column of plan.target.fileColumns) {
      if (typeof row[column] === 'string') paths.push(row[column] as string);
    }
  }
  if (plan.target.entity === 'Session' && rows.length > 0) {
    const ids = rows.map((row) => row.id);
    const marks = ids.map(() => '?').join(', ');
    const files = await allSql(
      connection,
      `select file_path from file_infos where session_id in (${marks})`,
      ids,
    );
    paths.push(...files.map((f) => String(f.file_path)));
  }
  return paths;
}
