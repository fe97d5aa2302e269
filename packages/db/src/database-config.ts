import { StenoError } from '@steno/models';

export const JOURNAL_MODES = [
  'wal',
  'delete',
  'truncate',
  'persist',
  'memory',
  'off',
] as const;
export const SYNCHRONOUS_MODES = ['off', 'normal', 'full', 'extra'] as const;

export type JournalMode = (typeof JOURNAL_MODES)[number];
export type SynchronousMode = (typeof SYNCHRONOUS_MODES)[number];

/** How to open the database; every field has a safe default. */
export interface DatabaseConfig {
  /** File path, or `:memory:` (one connection only). */
  path: string;
  /** Connections in the pool; SQLite has one writer whatever this is. */
  poolSize: number;
  /** Milliseconds to wait for a free connection from the pool. */
  timeout: number;
  /** Shorthand for `journalMode: 'wal'`. */
  enableWal: boolean;
  foreignKeys: boolean;
  journalMode: JournalMode;
  synchronous: SynchronousMode;
  /** SQLite `cache_size`: pages when positive, KiB when negative. */
  cacheSize: number;
  /** Bytes of the file to memory-map; 0 turns it off. */
  mmapSize: number;
  /** Milliseconds a statement waits on a lock before SQLITE_BUSY. */
  busyTimeout: number;
}

export type DatabaseConfigInput = Partial<DatabaseConfig>;

export const DEFAULT_DATABASE_PATH = './data/steno.db';

const DEFAULTS: DatabaseConfig = {
  path: DEFAULT_DATABASE_PATH,
  poolSize: 1,
  timeout: 30_000,
  enableWal: true,
  foreignKeys: true,
  journalMode: 'wal',
  synchronous: 'normal',
  cacheSize: -16_000,
  mmapSize: 0,
  busyTimeout: 5_000,
};

/**
 * Fills defaults and checks every field, reporting all problems at once,
 * each prefixed by its key.
 */
export function createDatabaseConfig(
  input: DatabaseConfigInput = {},
): DatabaseConfig {
  const defined = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  );
  const config: DatabaseConfig = { ...DEFAULTS, ...defined };
  if (input.journalMode === undefined) {
    config.journalMode = config.enableWal ? 'wal' : 'delete';
  }

  const problems = findProblems(config, input);
  if (problems.length > 0) {
    throw new StenoError(
      'INVALID_CONFIG',
      `invalid database config:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { details: { problems } },
    );
  }
  return config;
}

function findProblems(
  config: DatabaseConfig,
  input: DatabaseConfigInput,
): string[] {
  const problems: string[] = [];
  const known = new Set(Object.keys(DEFAULTS));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push(`${key}: unknown option`);
  }

  if (typeof config.path !== 'string' || config.path.trim() === '') {
    problems.push('path: must be a non-empty file path or ":memory:"');
  }
  checkInteger(problems, 'poolSize', config.poolSize, 1, 64);
  checkInteger(problems, 'timeout', config.timeout, 0);
  checkInteger(problems, 'busyTimeout', config.busyTimeout, 0);
  checkInteger(problems, 'mmapSize', config.mmapSize, 0);
  checkInteger(problems, 'cacheSize', config.cacheSize, -(2 ** 31));
  checkBoolean(problems, 'enableWal', config.enableWal);
  checkBoolean(problems, 'foreignKeys', config.foreignKeys);
  checkChoice(problems, 'journalMode', config.journalMode, JOURNAL_MODES);
  checkChoice(problems, 'synchronous', config.synchronous, SYNCHRONOUS_MODES);

  if (config.enableWal === true && config.journalMode !== 'wal') {
    problems.push(
      `journalMode: "${config.journalMode}" contradicts enableWal: true`,
    );
  }
  if (config.path === ':memory:' && config.poolSize > 1) {
    problems.push('poolSize: must be 1 for an in-memory database');
  }
  return problems;
}

function checkInteger(
  problems: string[],
  key: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || (value as number) < min) {
    problems.push(`${key}: must be an integer >= ${min}, got ${show(value)}`);
  } else if ((value as number) > max) {
    problems.push(`${key}: must be at most ${max}, got ${show(value)}`);
  }
}

function checkBoolean(problems: string[], key: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    problems.push(`${key}: must be true or false, got ${show(value)}`);
  }
}

function checkChoice(
  problems: string[],
  key: string,
  value: unknown,
  allowed: readonly string[],
): void {
  if (!allowed.includes(value as string)) {
    problems.push(
      `${key}: must be one of ${allowed.join(', ')}, got ${show(value)}`,
    );
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
