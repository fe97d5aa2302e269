import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { DatabaseConfigInput } from '@steno/db';
import { StenoError } from '@steno/models';
import {
  checkDirectories,
  checkStorageRoots,
  type WritableDirectory,
} from './check-directories.js';
import { configSchema, type LogLevel, type Schedule } from './config-schema.js';
import { describeIssues, nameOf } from './describe-issues.js';
import { readEnvironment, setPath } from './env-overrides.js';
import {
  isPlainObject,
  mergeInto,
  normalizeKeys,
  type ConfigTree,
  type KeyOrigins,
} from './normalize-keys.js';

/** The whole system's settings, after defaults, file, env and flags. */
export interface StenoConfig {
  database: DatabaseConfigInput & { path: string };
  backup: {
    enabled: boolean;
    /** Seconds between runs, or a cron expression. */
    schedule: Schedule;
    directory: string;
    maxBackups: number;
    compress: 'gzip' | 'brotli' | 'none';
    verify: boolean;
    /**
     * Days a backup is kept by cleanup (the seed's `retention_days`);
     * the newest verified backup stays whatever its age. null: no limit.
     */
    retentionDays: number | null;
  };
  retention: {
    enabled: boolean;
    schedule: Schedule;
    dryRun: boolean;
    backupBeforeCleanup: boolean;
    sessionRetentionDays: number | null;
    transcriptRetentionDays: number | null;
    /** Days SystemMetrics samples are kept; null keeps them forever. */
    metricsRetentionDays: number | null;
    /** Folders retention may delete session files in. */
    storageRoots: string[];
  };
  migrations: { autoApply: boolean; backupBeforeMigration: boolean };
  /** The sampler that writes SystemMetrics rows. */
  metrics: {
    enabled: boolean;
    schedule: Schedule;
    /** Storage usage, in percent, above which status is degraded. */
    storageHighPercent: number;
  };
  server: { enabled: boolean; host: string; port: number };
  logging: { level: LogLevel };
  /** How long a stopping daemon waits for a running job to finish. */
  shutdown: { graceSeconds: number };
}

export interface LoadConfigOptions {
  /** A JSON or YAML file; without one, STENO_CONFIG names it. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Command-line flags: they win over the file and the environment. */
  overrides?: {
    databasePath?: string;
    backupDirectory?: string;
    host?: string;
    port?: number;
  };
  /** Also check that the db and backup folders can be written. */
  checkDirectories?: boolean;
}

/** The settings used when there is no config file at all. */
export function defaultConfig(): StenoConfig {
  return {
    database: { path: './data/steno.db' },
    backup: {
      enabled: true,
      schedule: 86_400,
      directory: './backups',
      maxBackups: 7,
      compress: 'gzip',
      verify: true,
      retentionDays: null,
    },
    retention: {
      enabled: true,
      schedule: 86_400,
      dryRun: false,
      backupBeforeCleanup: true,
      sessionRetentionDays: null,
      transcriptRetentionDays: null,
      metricsRetentionDays: 30,
      storageRoots: ['./data'],
    },
    migrations: { autoApply: true, backupBeforeMigration: true },
    metrics: { enabled: true, schedule: 300, storageHighPercent: 90 },
    server: { enabled: true, host: '127.0.0.1', port: 8787 },
    logging: { level: 'info' },
    shutdown: { graceSeconds: 30 },
  };
}

/**
 * Defaults, then the file, then environment variables, then flags;
 * throws one INVALID_CONFIG error listing every problem, each prefixed
 * by the key path as the operator wrote it.
 */
export async function loadConfig(
  options: LoadConfigOptions = {},
): Promise<StenoConfig> {
  const env = options.env ?? {};
  const file = options.file ?? (env.STENO_CONFIG || undefined);
  const origins: KeyOrigins = new Map();
  const tree = defaultConfig() as unknown as ConfigTree;

  if (file) mergeInto(tree, normalizeKeys(await readConfigFile(file), origins));
  mergeInto(tree, readEnvironment(env, origins));
  mergeInto(tree, readFlags(options.overrides ?? {}, origins));

  const result = configSchema.safeParse(tree);
  const problems = result.success
    ? []
    : describeIssues(result.error.issues, origins);
  if (options.checkDirectories) {
    const directories = writableDirectories(tree, origins);
    problems.push(...(await checkDirectories(directories)));
    problems.push(...(await checkRoots(tree, origins)));
  }
  if (!result.success || problems.length > 0) {
    throw invalidConfig(file, problems);
  }
  return result.data;
}

async function readConfigFile(file: string): Promise<ConfigTree> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const problem = `${file}: cannot read: ${(error as Error).message}`;
    throw invalidConfig(file, [problem], error);
  }

  let parsed: unknown;
  try {
    parsed = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const why = (error as Error).message;
    const problem = `${file}: not valid ${formatOf(file)}: ${why}`;
    throw invalidConfig(file, [problem], error);
  }
  if (parsed == null) return {};
  if (!isPlainObject(parsed)) {
    throw invalidConfig(file, [`${file}: must hold an object of settings`]);
  }
  return parsed;
}

function formatOf(file: string): string {
  return extname(file) === '.json' ? 'JSON' : 'YAML';
}

function readFlags(
  overrides: NonNullable<LoadConfigOptions['overrides']>,
  origins: KeyOrigins,
): ConfigTree {
  const flags: [string, string, unknown][] = [
    ['database.path', '--db', overrides.databasePath],
    ['backup.directory', '--backup-dir', overrides.backupDirectory],
    ['server.host', '--host', overrides.host],
    ['server.port', '--port', overrides.port],
  ];
  const tree: ConfigTree = {};
  for (const [path, flag, value] of flags) {
    if (value === undefined) continue;
    setPath(tree, path, value);
    origins.set(path, flag);
  }
  return tree;
}

/** The folders to check, of those whose path is at least a string. */
function writableDirectories(
  tree: ConfigTree,
  origins: KeyOrigins,
): WritableDirectory[] {
  const directories: WritableDirectory[] = [];
  const backup = textAt(tree, 'backup', 'directory');
  if (backup) {
    const key = nameOf('backup.directory', origins);
    directories.push({ key, directory: backup });
  }
  const database = textAt(tree, 'database', 'path');
  if (database && database !== ':memory:') {
    const key = nameOf('database.path', origins);
    directories.push({ key, directory: dirname(database) });
  }
  return directories;
}

/**
 * Storage roots the operator listed must exist, except the database's
 * own folder; the default list is a guess, not a claim, so it is not.
 */
function checkRoots(tree: ConfigTree, origins: KeyOrigins) {
  const node = tree.retention;
  const list = isPlainObject(node) ? node.storageRoots : undefined;
  const defaults = defaultConfig().retention.storageRoots;
  if (JSON.stringify(list) === JSON.stringify(defaults)) return [];
  const roots: WritableDirectory[] = [];
  (Array.isArray(list) ? list : []).forEach((root: unknown, index) => {
    if (typeof root !== 'string' || root.trim() === '') return;
    const key = nameOf(`retention.storageRoots.${index}`, origins);
    roots.push({ key, directory: root });
  });

  const database = textAt(tree, 'database', 'path');
  const folder = database && database !== ':memory:' ? dirname(database) : null;
  return checkStorageRoots(roots, folder);
}

function textAt(tree: ConfigTree, section: string, key: string) {
  const node = tree[section];
  const value = isPlainObject(node) ? node[key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function invalidConfig(
  file: string | undefined,
  problems: string[],
  cause?: unknown,
) {
  const source = file ? ` (${file})` : '';
  const list = problems.map((problem) => `  - ${problem}`).join('\n');
  return new StenoError(
    'INVALID_CONFIG',
    `invalid config${source}:\n${list}\nfix these keys and try again`,
    { cause, details: { file: file ?? null, problems } },
  );
}
