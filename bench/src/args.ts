import { parseArgs } from 'node:util';
import { StenoError } from '@steno/models';

/** What one benchmark run measures and how often. */
export interface BenchOptions {
  quick: boolean;
  /** Size the generated meeting database grows to, in bytes. */
  dbBytes: number;
  /** Transcript entries the ingest case writes per run. */
  ingestRows: number;
  /** Entries the slow persist/flush reference writes per run. */
  persistRows: number;
  /** Transcript entries of the session the read case loads. */
  readEntries: number;
  /** Milliseconds the writer runs alone to find its idle p99. */
  idleWriterMs: number;
  warmups: number;
  runs: number;
  /** Timed runs of the cases that copy the whole database. */
  fileRuns: number;
  /** Case ids to run; empty for all. */
  only: string[];
  outDir: string;
}

const MB = 1024 * 1024;

const FULL = {
  dbBytes: 1024 * MB,
  ingestRows: 1_000_000,
  persistRows: 20_000,
  readEntries: 10_000,
  idleWriterMs: 4_000,
  warmups: 1,
  runs: 3,
  fileRuns: 2,
};

const QUICK = {
  dbBytes: 12 * MB,
  ingestRows: 20_000,
  persistRows: 2_000,
  readEntries: 2_000,
  idleWriterMs: 1_000,
  warmups: 1,
  runs: 2,
  fileRuns: 1,
};

export const USAGE = `usage: pnpm bench [--quick] [--size 1GB] [--runs N]
  [--warmups N] [--only ingest,read,...] [--out DIR]`;

/** Reads the command line; throws INVALID_VALUE naming the bad flag. */
export function parseBenchArgs(
  argv: string[],
  defaultOut: string,
): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      size: { type: 'string' },
      runs: { type: 'string' },
      warmups: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const base = values.quick ? QUICK : FULL;
  return {
    ...base,
    quick: values.quick === true,
    dbBytes: values.size ? parseSize(values.size) : base.dbBytes,
    runs: parseCount('--runs', values.runs, base.runs, 1),
    fileRuns: parseCount('--runs', values.runs, base.fileRuns, 1),
    warmups: parseCount('--warmups', values.warmups, base.warmups, 0),
    only: values.only ? values.only.split(',').map((id) => id.trim()) : [],
    outDir: values.out ?? defaultOut,
  };
}

/** Parses `512MB`, `1GB`, `1.5gb` or plain bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(kb|mb|gb)?$/i.exec(text.trim());
  const units = { kb: 1024, mb: MB, gb: 1024 * MB };
  const unit = match?.[2]?.toLowerCase() as keyof typeof units | undefined;
  const bytes = match ? Number(match[1]) * (unit ? units[unit] : 1) : NaN;
  if (!(bytes >= MB)) {
    throw new StenoError(
      'INVALID_VALUE',
      `--size ${JSON.stringify(text)}: expected a size of at least 1MB ` +
        'such as 200MB or 1GB',
      { details: { flag: '--size', value: text } },
    );
  }
  return Math.round(bytes);
}

function parseCount(
  flag: string,
  text: string | undefined,
  fallback: number,
  least: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    throw new StenoError(
      'INVALID_VALUE',
      `${flag} ${JSON.stringify(text)}: expected a whole number of at ` +
        `least ${least}`,
      { details: { flag, value: text } },
    );
  }
  return value;
}
