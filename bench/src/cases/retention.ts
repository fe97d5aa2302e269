import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { missingExport } from '../availability.js';
import { runShell } from '../child.js';
import type { BenchCase } from '../context.js';
import { copyDatabase, removeDatabase } from '../fresh-db.js';
import { compareSteps } from '../measure.js';
import { compareRow, missingRow, type ResultRow } from '../result.js';
import { summarize } from '../stats.js';
import { runStenoOp } from '../steno-op.js';
import {
  measureIdleWriter,
  WriterProcess,
  type WriterStats,
} from '../writer-process.js';

/** One delete run: rows gone, its time, and what the writer saw. */
interface DeleteRun {
  ms: number;
  deleted: number;
  writer: WriterStats;
}

/**
 * Retention: a rule deleting the older half of the transcript entries
 * while the writer runs, vs one plain DELETE of the same rows under the
 * same writer. Each run starts from a fresh copy of the database.
 */
export const retentionCase: BenchCase = {
  id: 'retention',
  title: 'retention',
  async run(context) {
    const missing = await missingExport('@steno/retention', 'RetentionManager');
    if (missing) {
      return [missingRow('retention', 'retention', 'unavailable', missing)];
    }
    const half = olderHalf(context.data.path);
    const path = join(context.workDir, 'retention.db');
    copyDatabase(context.data.path, path);
    const idle = await measureIdleWriter(path, context.options.idleWriterMs);
    const steno: DeleteRun[] = [];
    const plain: DeleteRun[] = [];
    await compareSteps(
      context.filePlan,
      async () =>
        keep(steno, await underWriter(path, () => ruleDelete(path, half))),
      async () =>
        keep(plain, await underWriter(path, () => plainDelete(path, half))),
      async () => copyDatabase(context.data.path, path),
    );
    removeDatabase(path);
    const runs = context.filePlan.runs;
    return retentionRows(steno.slice(-runs), plain.slice(-runs), idle, half);
  },
};

/** The cutoff splitting the entries in two, and how many are older. */
function olderHalf(path: string): { cutoffMs: number; count: number } {
  const sqlite = new BetterSqlite3(path, { readonly: true });
  try {
    const total = sqlite
      .prepare('select count(*) as n from transcript_entries')
      .get() as { n: number };
    const middle = sqlite
      .prepare(
        'select created_at as at from transcript_entries ' +
          'order by created_at limit 1 offset ?',
      )
      .get(Math.floor(total.n / 2)) as { at: number };
    const older = sqlite
      .prepare(
        'select count(*) as n from transcript_entries where created_at < ?',
      )
      .get(middle.at) as { n: number };
    return { cutoffMs: middle.at, count: older.n };
  } finally {
    sqlite.close();
  }
}

function keep(list: DeleteRun[], run: DeleteRun): number {
  list.push(run);
  return run.ms;
}

async function underWriter(
  path: string,
  work: () => Promise<{ ms: number; deleted: number }>,
): Promise<DeleteRun> {
  const writer = await WriterProcess.start(path);
  const done = await work().catch(async (error: unknown) => {
    await writer.stop();
    throw error;
  });
  return { ...done, writer: await writer.stop() };
}

type Half = { cutoffMs: number; count: number };

async function ruleDelete(path: string, half: Half) {
  const op = await runStenoOp('retention', path, '', '', `${half.cutoffMs}`);
  return { ms: op.ms, deleted: op.deleted ?? 0 };
}

/** The reference: one DELETE statement from the sqlite3 shell. */
async function plainDelete(path: string, half: Half) {
  const sql =
    `delete from transcript_entries where created_at < ${half.cutoffMs}; ` +
    'select changes();';
  const run = await runShell(`sqlite3 -cmd '.timeout 5000' '${path}' "${sql}"`);
  return { ms: run.ms, deleted: Number(run.stdout.trim()) };
}

function retentionRows(
  steno: DeleteRun[],
  plain: DeleteRun[],
  idle: WriterStats,
  half: Half,
): ResultRow[] {
  checkDeleted('retention rule', steno, half.count);
  checkDeleted('plain DELETE', plain, half.count);
  const rate = (runs: DeleteRun[]) =>
    summarize(runs.map((run) => run.deleted / (run.ms / 1000)));
  return [
    compareRow(
      'retention.throughput',
      'retention: older half under writes',
      { label: 'retention rule', unit: 'rows/s', summary: rate(steno) },
      { label: 'one plain DELETE', unit: 'rows/s', summary: rate(plain) },
      { op: '>=', value: 0.5 },
      [`${half.count} transcript entries deleted per run`],
    ),
    writerRow('retention.writer-p99', 'retention rule', steno, idle, true),
    writerRow('retention.plain-writer-p99', 'plain DELETE', plain, idle),
  ];
}

/** Writer p99 during the deletes vs idle; errors fail a checked row. */
function writerRow(
  id: string,
  name: string,
  runs: DeleteRun[],
  idle: WriterStats,
  checked = false,
): ResultRow {
  const errors = runs.reduce((n, run) => n + run.writer.errors, 0);
  const worst = Math.max(...runs.map((run) => run.writer.maxMs));
  const row = compareRow(
    id,
    `retention: writer p99 during ${name}`,
    {
      label: `writer p99 during ${name}`,
      unit: 'ms',
      summary: summarize(runs.map((run) => run.writer.p99)),
    },
    { label: 'writer p99 idle', unit: 'ms', summary: summarize([idle.p99]) },
    checked ? { op: '<=', value: 2 } : undefined,
    [
      `writer errors: ${errors}`,
      `longest writer stall: ${Math.round(worst)} ms`,
    ],
  );
  if (checked && errors > 0) row.met = false;
  return row;
}

/** Both sides must delete exactly the rows counted beforehand. */
function checkDeleted(name: string, runs: DeleteRun[], expected: number) {
  for (const run of runs) {
    if (run.deleted !== expected) {
      throw new Error(`${name} deleted ${run.deleted}, expected ${expected}`);
    }
  }
}
