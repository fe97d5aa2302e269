import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { Database, SessionManager, type Logger } from '@steno/db';
import { MigrationManager } from '@steno/migrations';
import { StenoError } from '@steno/models';
import { checkDirectories } from './config/check-directories.js';
import {
  loadConfig,
  type LoadConfigOptions,
  type StenoConfig,
} from './config/load-config.js';
import { createLogger } from './logger.js';

/** Options every command accepts, before its own. */
export interface GlobalOptions {
  db?: string;
  config?: string;
  json?: boolean;
  verbose?: boolean;
}

/**
 * What a command needs: the resolved config, an open database on demand,
 * and one way to print. Commands never touch process.stdout directly.
 */
export class CliContext {
  readonly json: boolean;
  readonly logger: Logger;
  private configCache: StenoConfig | null = null;
  private database: Database | null = null;

  constructor(
    readonly options: GlobalOptions,
    private readonly out: Writable,
  ) {
    this.json = options.json === true;
    this.logger = createLogger({
      level: options.verbose ? 'debug' : 'silent',
      destination: 2,
    });
  }

  /** The config file (if any), environment and flags, validated. */
  async config(): Promise<StenoConfig> {
    this.configCache ??= await this.useConfig();
    return this.configCache;
  }

  /**
   * Loads the config with a command's own flags on top of the global
   * ones; later calls of {@link config} return the same.
   */
  async useConfig(
    options: Pick<LoadConfigOptions, 'overrides' | 'checkDirectories'> = {},
  ): Promise<StenoConfig> {
    this.configCache = await loadConfig({
      file: this.options.config,
      env: process.env,
      checkDirectories: options.checkDirectories,
      overrides: { databasePath: this.options.db, ...options.overrides },
    });
    return this.configCache;
  }

  /** Opens the configured database once; closed by {@link close}. */
  async openDatabase(): Promise<Database> {
    if (this.database) return this.database;
    const config = await this.config();
    await requireDatabaseFolder(config.database.path);
    const db = new Database(config.database, { logger: this.logger });
    await db.connect();
    const migrated = await new MigrationManager(db, {
      logger: this.logger,
    }).applyMigrations();
    if (!migrated.success) {
      await db.disconnect();
      throw migrated.error;
    }
    this.database = db;
    return db;
  }

  /**
   * Opens the configured database only if its file exists: a read-only
   * command never creates a database or its folders.
   */
  async openExistingDatabase(): Promise<Database> {
    if (this.database) return this.database;
    const { path } = (await this.config()).database;
    if (path !== ':memory:') await requireDatabaseFile(resolve(path));
    return this.openDatabase();
  }

  async sessionManager(): Promise<SessionManager> {
    return new SessionManager(await this.openDatabase());
  }

  /** Prints `value` as JSON under --json, else the human text. */
  print(human: string | (() => string), value: unknown): void {
    const text = this.json
      ? JSON.stringify(value, null, 2)
      : typeof human === 'function'
        ? human()
        : human;
    this.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  async close(): Promise<void> {
    await this.database?.disconnect();
    this.database = null;
  }
}

/** Refuses, before any mkdir, a folder that cannot hold the database. */
async function requireDatabaseFolder(path: string): Promise<void> {
  if (path === ':memory:') return;
  const folder = dirname(resolve(path));
  const [problem] = await checkDirectories([
    { key: 'database.path', directory: folder },
  ]);
  if (!problem) return;
  throw new StenoError('FILE_UNWRITABLE', problem, { details: { path } });
}

async function requireDatabaseFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return;
  throw new StenoError(
    'NOT_FOUND',
    info
      ? `database ${path} is not a file; pass --db with a database file`
      : `database ${path} does not exist: import a transcript or run ` +
          '`steno demo` first, or pass --db',
    { details: { path } },
  );
}

/** Runs a command body with a context and always closes it. */
export async function withContext<T>(
  makeContext: () => CliContext,
  body: (context: CliContext) => Promise<T>,
): Promise<T> {
  const context = makeContext();
  try {
    return await body(context);
  } finally {
    await context.close();
  }
}
