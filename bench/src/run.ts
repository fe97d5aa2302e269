import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StenoError } from '@steno/models';
import { parseBenchArgs, USAGE, type BenchOptions } from './args.js';
import { CASES } from './cases/index.js';
import type { BenchContext } from './context.js';
import { findCorpus, spokenText } from './corpus.js';
import { createEmptyTemplate } from './fresh-db.js';
import { generateDatabase } from './generate-data.js';
import { describeMachine } from './machine.js';
import { formatTable, writeReport, type BenchReport } from './report.js';
import { missingRow, type ResultRow } from './result.js';
import { buildVocabulary, TextGenerator } from './vocabulary.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs every selected case and returns the process exit code. */
async function main(argv: string[]): Promise<number> {
  const options = parseBenchArgs(argv, join(REPO_ROOT, 'bench/results'));
  checkCaseIds(options.only);
  const startedAt = new Date().toISOString();
  const loadAtStart = describeMachine().loadAverage;
  const workDir = mkdtempSync(join(tmpdir(), 'steno-bench-'));
  try {
    const context = await prepare(options, workDir);
    // Written after every case, so a run cut short keeps what it measured.
    const save = (rows: ResultRow[], complete: boolean): string => {
      const report = buildReport(context, startedAt, rows, complete);
      report.data.loadAverageAtStart = loadAtStart;
      return writeReport(options.outDir, report);
    };
    const rows = await runCases(context, (done) => save(done, false));
    process.stdout.write(`\n${formatTable(rows)}\n\n`);
    log(`results: ${save(rows, true)}`);
    return exitCode(rows, options.quick);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * 1 when a case failed; under --quick (CI) also when a case could not
 * run at all, so that the benchmark cannot rot unnoticed.
 */
function exitCode(rows: ResultRow[], quick: boolean): number {
  const broken = rows.filter(
    (row) =>
      row.status === 'failed' ||
      (quick && row.status === 'unavailable' && !row.optional),
  );
  for (const row of broken) log(`${row.status}: ${row.title}`);
  return broken.length > 0 ? 1 : 0;
}

/** Rejects `--only` ids that name no case, listing the ones there are. */
function checkCaseIds(only: string[]): void {
  const known = CASES.map((bench) => bench.id);
  const unknown = only.filter((id) => !known.includes(id));
  if (unknown.length === 0) return;
  throw new StenoError(
    'INVALID_VALUE',
    `--only ${unknown.join(',')}: no such case; the cases are ` +
      known.join(', '),
    { details: { flag: '--only', unknown } },
  );
}

async function prepare(
  options: BenchOptions,
  workDir: string,
): Promise<BenchContext> {
  const corpus = findCorpus();
  const spoken = corpus.map((file) => spokenText(file.path)).join(' ');
  const text = new TextGenerator(buildVocabulary(spoken), 7);
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  log(`generating a ${mb(options.dbBytes)} MB meeting database`);
  let shown = 0;
  const data = await generateDatabase(join(workDir, 'meetings.db'), text, {
    dbBytes: options.dbBytes,
    readEntries: options.readEntries,
    onProgress: (bytes) => {
      if (bytes - shown < options.dbBytes / 10) return;
      shown = bytes;
      log(`  ${mb(bytes)} MB`);
    },
  });
  log(
    `  ${data.sessions} sessions, ${data.entries} transcript entries, ` +
      `${mb(data.bytes)} MB in ${data.seconds.toFixed(1)} s`,
  );
  const emptyDbPath = join(workDir, 'empty.db');
  await createEmptyTemplate(emptyDbPath);
  const plan = { warmups: options.warmups, runs: options.runs };
  return {
    options,
    plan,
    bigPlan: { warmups: options.warmups, runs: options.fileRuns },
    filePlan: { warmups: 0, runs: options.fileRuns },
    workDir,
    data,
    emptyDbPath,
    text,
    corpus,
    repoRoot: REPO_ROOT,
    log,
  };
}

async function runCases(
  context: BenchContext,
  onCase: (rows: ResultRow[]) => void,
): Promise<ResultRow[]> {
  const only = context.options.only;
  const rows: ResultRow[] = [];
  for (const bench of CASES) {
    if (only.length > 0 && !only.includes(bench.id)) continue;
    log(`case ${bench.id}`);
    const started = performance.now();
    try {
      rows.push(...(await bench.run(context)));
    } catch (error) {
      const reason = (error as Error).stack ?? String(error);
      log(`  failed: ${reason}`);
      rows.push(missingRow(bench.id, bench.title, 'failed', reason));
    }
    log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
    onCase(rows);
  }
  return rows;
}

function buildReport(
  context: BenchContext,
  startedAt: string,
  rows: ResultRow[],
  complete: boolean,
): BenchReport {
  const { data, options } = context;
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    complete,
    mode: options.quick ? 'quick' : 'full',
    machine: describeMachine(),
    data: {
      bytes: data.bytes,
      sessions: data.sessions,
      transcriptEntries: data.entries,
      generateSeconds: Math.round(data.seconds * 10) / 10,
      warmups: options.warmups,
      runs: options.runs,
    },
    rows,
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exitCode = 1;
  },
);
