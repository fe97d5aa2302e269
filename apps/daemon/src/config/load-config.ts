import { readFile } from 'node:fs/promises';
import type { DatabaseConfigInput } from '@steno/db';
import { StenoError } from '@steno/models';

/** The whole system's settings, after defaults, file, env and flags. */
export interface StenoConfig {
  database: DatabaseConfigInput & { path: string };
  backup: {
    enabled: boolean;
    /** Seconds between runs, or a cron expression. */
    schedule: number | string;
    directory: string;
    maxBackups: number;
    compress: 'gzip' | 'none';
    verify: boolean;
  };
  retention: {
    enabled: boolean;
    schedule: number | string;
    dryRun: boolean;
    backupBeforeCleanup: boolean;
    sessionRetentionDays: number | null;
    transcriptRetentionDays: number | null;
    /** Folders retention may delete session files in. */
    storageRoots: string[];
  };
  migrations: { autoApply: boolean; backupBeforeMigration: boolean };
  server: { host: string; port: number };
}

export interface LoadConfigOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: { databasePath?: string; backupDirectory?: string };
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
    },
    retention: {
      enabled: true,
      schedule: 86_400,
      dryRun: false,
      backupBeforeCleanup: true,
      sessionRetentionDays: null,
      transcriptRetentionDays: null,
      storageRoots: ['./data'],
    },
    migrations: { autoApply: true, backupBeforeMigration: true },
    server: { host: '127.0.0.1', port: 8787 },
  };
}

/**
 * Defaults, then the file, then environment variables, then flags.
 * Known shortcoming: the file is read as JSON and merged without schema
 * validation yet; issue #6 brings YAML and full validation.
 */
export async function loadConfig(
  options: LoadConfigOptions = {},
): Promise<StenoConfig> {
  const config = defaultConfig();
  if (options.file) {
    const text = await readFile(options.file, 'utf8').catch((error) => {
      throw new StenoError(
        'INVALID_CONFIG',
        `read config ${options.file}: ${(error as Error).message}`,
        { cause: error },
      );
    });
    mergeInto(
      config as unknown as Record<string, unknown>,
      JSON.parse(text) as Record<string, unknown>,
    );
  }
  const env = options.env ?? {};
  const dbPath = options.overrides?.databasePath ?? env.STENO_DB;
  if (dbPath) config.database.path = dbPath;
  const backupDir = options.overrides?.backupDirectory ?? env.STENO_BACKUP_DIR;
  if (backupDir) config.backup.directory = backupDir;
  return config;
}

function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    else target[key] = value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
