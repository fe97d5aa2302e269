import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { missingExport } from '../availability.js';
import { runShell } from '../child.js';
import type { BenchCase, BenchContext } from '../context.js';
import { compareSteps, repeatStep } from '../measure.js';
import { copyDatabase, removeDatabase } from '../fresh-db.js';
import { memoryRow } from '../memory-row.js';
import {
  compareRow,
  missingRow,
  type ResultRow,
  type Side,
} from '../result.js';
import { summarize } from '../stats.js';
import { runStenoOp } from '../steno-op.js';
import {
  measureIdleWriter,
  WriterProcess,
  type WriterStats,
} from '../writer-process.js';

/** Each codec the manager offers beside the command-line pair it races. */
const CODECS = [
  { codec: 'gzip', cli: 'gzip -6 -c', label: 'sqlite3 .backup + gzip -6' },
  {
    codec: 'zstd',
    cli: 'zstd -3 -T2 -q -c',
    label: 'sqlite3 .backup + zstd -3 -T2',
  },
  {
    codec: 'brotli',
    cli: 'zstd -3 -T2 -q -c',
    label: 'sqlite3 .backup + zstd -3 -T2 (no brotli CLI here)',
  },
  { codec: 'none', cli: '', label: 'sqlite3 .backup alone' },
] as const;

/**
 * Backup: `createBackup` (VACUUM INTO, then compress) vs `sqlite3
 * .backup` then the codec's command-line tool, idle; and while a writer
 * inserts 100 rows every 10 ms, the writer's p99 against its idle p99.
 */
export const backupCase: BenchCase = {
  id: 'backup',
  title: 'backup',
  async run(context) {
    const missing = await missingExport('@steno/backup', 'BackupManager');
    if (missing)
      return [missingRow('backup', 'backup', 'unavailable', missing)];
    const rows: ResultRow[] = [];
    const peaks: number[] = [];
    const { codecAvailable } = await import('@steno/backup');
    for (const codec of CODECS) {
      rows.push(
        codecAvailable(codec.codec)
          ? await idleRow(context, codec, peaks)
          : codecMissing(codec.codec),
      );
    }
    const gzipIdle = rows[0]?.subject?.summary.samples ?? [];
    rows.push(...(await underWritesRows(context, gzipIdle, peaks)));
    rows.push(await memoryRow(context, 'backup', peaks));
    return rows;
  },
};

function codecMissing(codec: string): ResultRow {
  const why =
    `@steno/backup does not offer ${codec} on Node ${process.version} ` +
    '(node:zlib has zstd from 22.15 on)';
  const title = `backup idle: ${codec}`;
  const row = missingRow(`backup.idle.${codec}`, title, 'unavailable', why);
  return { ...row, optional: true };
}

async function idleRow(
  context: BenchContext,
  codec: (typeof CODECS)[number],
  peaks: number[],
): Promise<ResultRow> {
  const dir = join(context.workDir, `backups-${codec.codec}`);
  const bytes = { steno: 0, cli: 0 };
  const times = await compareSteps(
    context.filePlan,
    async () => {
      const op = await backupOnce(context.data.path, dir, codec.codec);
      peaks.push(op.peakRssMb);
      bytes.steno = op.bytes ?? 0;
      return op.ms;
    },
    async () => void (bytes.cli = await cliBackup(context, codec.cli)),
  );
  rmSync(dir, { recursive: true, force: true });
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
  const sizes = `archive ${mb(bytes.steno)}, CLI ${mb(bytes.cli)}`;
  return compareRow(
    `backup.idle.${codec.codec}`,
    `backup idle: ${codec.codec}`,
    {
      label: `createBackup ${codec.codec}`,
      unit: 'ms',
      summary: summarize(times.subject),
    },
    { label: codec.label, unit: 'ms', summary: summarize(times.reference) },
    codec.codec === 'gzip' ? { op: '<=', value: 1.5 } : undefined,
    [sizes],
  );
}

async function backupOnce(path: string, dir: string, codec: string) {
  mkdirSync(dir, { recursive: true });
  const op = await runStenoOp('backup', path, dir, codec);
  rmSync(dir, { recursive: true, force: true });
  return op;
}

/**
 * `sqlite3 .backup` to a file, then the codec's CLI over it; returns
 * the bytes of what it wrote last.
 */
async function cliBackup(context: BenchContext, cli: string) {
  const copy = join(context.workDir, 'cli-backup.db');
  const quoted = `'${context.data.path}'`;
  const compress = cli ? ` && ${cli} '${copy}' > '${copy}.out'` : '';
  try {
    await runShell(`sqlite3 ${quoted} ".backup '${copy}'"${compress}`);
    return statSync(cli ? `${copy}.out` : copy).size;
  } finally {
    rmSync(copy, { force: true });
    rmSync(`${copy}.out`, { force: true });
  }
}

/**
 * The gzip backup again on a copy of the database (so the data others
 * read stays as is), each run under a fresh writer process; compared
 * with the idle gzip runs above and with the writer's idle p99.
 */
async function underWritesRows(
  context: BenchContext,
  idleBackup: number[],
  peaks: number[],
): Promise<ResultRow[]> {
  const path = join(context.workDir, 'writes.db');
  copyDatabase(context.data.path, path);
  const idle = await measureIdleWriter(path, context.options.idleWriterMs);
  const dir = join(context.workDir, 'backups-writes');
  const runs: { ms: number; p99: number; errors: number }[] = [];
  await repeatStep(context.filePlan, async () => {
    const run = await backupUnderWriter(path, dir);
    peaks.push(run.peakRssMb);
    runs.push(run);
    return run.ms;
  });
  removeDatabase(path);
  const measured = runs.slice(-context.filePlan.runs);
  return [
    compareRow(
      'backup.writes.duration',
      'backup under writes: duration',
      side(
        'createBackup gzip under writes',
        measured.map((r) => r.ms),
      ),
      side('createBackup gzip idle', idleBackup),
    ),
    writerRow(idle, measured),
  ];
}

async function backupUnderWriter(path: string, dir: string) {
  const writer = await WriterProcess.start(path);
  try {
    const op = await backupOnce(path, dir, 'gzip');
    const stats = await writer.stop();
    return { ...op, p99: stats.p99, errors: stats.errors };
  } catch (error) {
    await writer.stop();
    throw error;
  }
}

function writerRow(
  idle: WriterStats,
  runs: { p99: number; errors: number }[],
): ResultRow {
  const errors = runs.reduce((n, run) => n + run.errors, 0);
  const row = compareRow(
    'backup.writes.writer-p99',
    'backup under writes: writer p99',
    side(
      'writer p99 during createBackup',
      runs.map((r) => r.p99),
    ),
    side('writer p99 idle', [idle.p99]),
    { op: '<=', value: 2 },
    [`writer errors: ${errors}`, `idle writer batches: ${idle.batches}`],
  );
  if (errors > 0) row.met = false;
  return row;
}

function side(label: string, times: number[]): Side {
  return { label, unit: 'ms', summary: summarize(times) };
}
