import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/sqlite';
import type { EntityManager } from '@mikro-orm/sqlite';
import { ALL_ENTITIES, StenoError, TABLE_NAMES } from '@steno/models';
import {
  createDatabaseConfig,
  type DatabaseConfig,
  type DatabaseConfigInput,
} from './database-config.js';
import { silentLogger, type Logger } from './logger.js';
import {
  applyPragmas,
  pragmaSettings,
  readPragma,
  type RawConnection,
} from './pragmas.js';
import { QueryStats } from './query-stats.js';
import { translateWriteError } from './sqlite-errors.js';
import type {
  ConnectionInfo,
  DatabaseMetrics,
  HealthReport,
  PragmaCheck,
  SqliteConnection,
} from './database-types.js';

/** Options of {@link Database}. */
export interface DatabaseOptions {
  logger?: Logger;
  /** Extra MikroORM options, such as `extensions` for the migrator. */
  orm?: Partial<Options>;
}

/**
 * The embedded SQLite database: one MikroORM instance whose every pooled
 * connection carries the configured pragmas. Hand out units of work with
 * {@link Database.em}; the global EntityManager is never used.
 */
export class Database {
  readonly config: DatabaseConfig;
  readonly logger: Logger;
  private readonly ormOptions: Partial<Options>;
  private instance: MikroORM | null = null;
  private readonly stats = new QueryStats();

  constructor(config: DatabaseConfigInput = {}, options: DatabaseOptions = {}) {
    this.config = createDatabaseConfig(config);
    if (this.config.path !== ':memory:') {
      this.config.path = resolve(this.config.path);
    }
    this.logger = options.logger ?? silentLogger;
    this.ormOptions = options.orm ?? {};
  }

  /** Opens the pool; safe to call when already connected. */
  async connect(): Promise<void> {
    if (this.instance) return;
    const path = this.config.path;
    try {
      this.instance = await MikroORM.init(this.initOptions());
    } catch (error) {
      throw new StenoError(
        'NOT_CONNECTED',
        `open database ${path}: ${(error as Error).message}`,
        { cause: error, details: { path } },
      );
    }

    // MikroORM turns foreign keys on by itself on the first connection;
    // set the pragmas again so `foreignKeys: false` is honoured there too.
    await this.withConnection((c) => applyPragmas(c, this.config));
    this.watchQueries();
    this.logger.debug({ db: path }, 'database connected');
  }

  /** Closes every pooled connection; safe to call twice. */
  async disconnect(): Promise<void> {
    const orm = this.instance;
    this.instance = null;
    if (!orm) return;
    await orm.close(true);
    this.logger.debug({ db: this.config.path }, 'database disconnected');
  }

  get isConnected(): boolean {
    return this.instance !== null;
  }

  /** The MikroORM instance; throws when not connected. */
  get orm(): MikroORM {
    if (!this.instance) {
      throw new StenoError(
        'NOT_CONNECTED',
        `database ${this.config.path} is not connected: call connect() first`,
      );
    }
    return this.instance;
  }

  /** A fresh EntityManager: one per unit of work. */
  em(): EntityManager {
    return this.orm.em.fork({ clear: true });
  }

  /** Creates every table from the entities when the schema is empty. */
  async createTables(): Promise<void> {
    const rows = await this.executeQuery<{ n: number }>(
      "select count(*) as n from sqlite_master where type = 'table'" +
        ' and name = ?',
      ['sessions'],
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await this.orm.schema.createSchema();
  }

  /** Drops every Steno table. Destroys all data. */
  async dropTables(): Promise<void> {
    await this.orm.schema.dropSchema({ wrap: false });
  }

  /** Runs one statement with bound parameters; never interpolates. */
  async executeQuery<T = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    try {
      const result = await this.orm.em
        .getConnection()
        .execute(sql, [...params], 'all');
      return result as T[];
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  /** Lends one pooled raw connection to `work`, then gives it back. */
  async withConnection<T>(
    work: (connection: SqliteConnection) => Promise<T>,
  ): Promise<T> {
    const client = this.knexClient();
    const connection = (await client.acquireConnection()) as SqliteConnection;
    try {
      return await work(connection);
    } finally {
      await client.releaseConnection(connection);
    }
  }

  /** Records the time of a query run outside the ORM. */
  recordQuery(durationMs: number): void {
    this.stats.record(durationMs);
  }

  async getConnectionInfo(): Promise<ConnectionInfo> {
    const info: ConnectionInfo = {
      path: this.config.path,
      connected: this.isConnected,
      driver: 'sqlite3',
      sqliteVersion: null,
      poolSize: this.config.poolSize,
      journalMode: this.config.journalMode,
    };
    if (!this.isConnected) return info;
    const [row] = await this.executeQuery<{ v: string }>(
      'select sqlite_version() as v',
    );
    info.sqliteVersion = row?.v ?? null;
    info.journalMode = await this.withConnection((c) =>
      readPragma(c, 'journal_mode'),
    );
    return info;
  }

  /**
   * Checks the database answers, passes `quick_check`, and that every
   * configured pragma reads back as set.
   */
  async healthCheck(): Promise<HealthReport> {
    // Reads one pooled connection only; the others share its hook.
    try {
      return await this.withConnection(async (connection) => {
        const quickCheck = await readPragma(connection, 'quick_check');
        const pragmas = await this.checkPragmas(connection);
        const healthy = quickCheck === 'ok' && pragmas.every((p) => p.ok);
        return { healthy, reachable: true, quickCheck, pragmas };
      });
    } catch (error) {
      return {
        healthy: false,
        reachable: false,
        quickCheck: 'unavailable',
        pragmas: [],
        error: (error as Error).message,
      };
    }
  }

  /** Reads each configured pragma back from one connection. */
  async checkPragmas(connection: RawConnection): Promise<PragmaCheck[]> {
    const checks: PragmaCheck[] = [];
    for (const setting of pragmaSettings(this.config)) {
      const actual = await readPragma(connection, setting.name);
      const ok = actual === setting.expected;
      checks.push({
        name: setting.name,
        expected: setting.expected,
        actual,
        ok,
      });
    }
    return checks;
  }

  async getMetrics(): Promise<DatabaseMetrics> {
    return {
      connected: this.isConnected,
      queryCount: this.stats.queryCount,
      averageQueryMs: this.stats.averageMs,
      p95QueryMs: this.stats.p95Ms,
      databaseSizeBytes: await fileSize(this.config.path),
      walSizeBytes: await fileSize(`${this.config.path}-wal`),
    };
  }

  /** Row counts of every Steno table, for manifests and status. */
  async countRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLE_NAMES) {
      const [row] = await this.executeQuery<{ n: number }>(
        `select count(*) as n from "${table}"`,
      );
      counts[table] = row?.n ?? 0;
    }
    return counts;
  }

  /** MikroORM options: our entities, and pragmas on each new connection. */
  private initOptions(): Options {
    const config = this.config;
    const afterCreate = (conn: RawConnection, done: PoolDone): void => {
      applyPragmas(conn, config).then(
        () => done(null, conn),
        (error: unknown) => done(error as Error, conn),
      );
    };
    return {
      dbName: config.path,
      entities: [...ALL_ENTITIES],
      allowGlobalContext: false,
      debug: false,
      discovery: { warnWhenNoEntities: false },
      ...this.ormOptions,
      pool: {
        min: 1,
        max: config.poolSize,
        acquireTimeoutMillis: config.timeout,
        afterCreate,
      },
    };
  }

  private knexClient(): KnexClient {
    const knex = this.orm.em.getConnection().getKnex() as unknown as {
      client: KnexClient;
    };
    return knex.client;
  }

  private watchQueries(): void {
    const knex = this.orm.em.getConnection().getKnex();
    const started = new Map<string, number>();
    const finish = (_: unknown, query: { __knexQueryUid?: string }): void => {
      const uid = query.__knexQueryUid ?? '';
      const start = started.get(uid);
      if (start === undefined) return;
      started.delete(uid);
      this.stats.record(performance.now() - start);
    };
    knex.on('query', (query: { __knexQueryUid?: string }) => {
      started.set(query.__knexQueryUid ?? '', performance.now());
    });
    knex.on('query-response', finish);
    knex.on('query-error', finish);
  }
}

type PoolDone = (error: Error | null, connection: unknown) => void;

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

async function fileSize(path: string): Promise<number> {
  if (path === ':memory:') return 0;
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
