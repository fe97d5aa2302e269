import { Database, type SqliteConnection } from '@steno/db';

/** What a database file holds, as SQLite itself reports it. */
export interface DatabaseInspection {
  /** `['ok']`, or every problem `PRAGMA integrity_check` found. */
  integrity: string[];
  rowCounts: Record<string, number>;
  schemaVersion: string | null;
}

/**
 * `cache_size` (2 MB) of the connections a backup or restore opens
 * besides the app's: each one read the whole file and kept the app's
 * 16 MB cache filled, which put a restore over its 150 MB budget.
 */
export const SIDE_CACHE_SIZE = -2_000;

/** The MikroORM migrations table; its last row names the schema. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * Opens a database file on its own connection and runs the full
 * `integrity_check`, counts rows of every table and reads the schema.
 * Throws when the file is not a SQLite database at all.
 */
export async function inspectDatabaseFile(
  path: string,
  signal?: AbortSignal,
): Promise<DatabaseInspection> {
  signal?.throwIfAborted();
  const db = new Database({
    path,
    poolSize: 1,
    enableWal: false,
    journalMode: 'delete',
    cacheSize: SIDE_CACHE_SIZE,
  });
  await db.connect();
  try {
    return await db.withConnection((connection) =>
      interruptible(connection, signal, () => inspectConnection(connection)),
    );
  } finally {
    await db.disconnect();
  }
}

/**
 * Runs `work`, interrupting the connection's statement once `signal`
 * aborts and again every 25 ms until `work` settles: sqlite3_interrupt
 * does nothing while a queued statement has not started running yet.
 */
export async function interruptible<T>(
  connection: SqliteConnection & { interrupt?: () => void },
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  let ticker: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    connection.interrupt?.();
    ticker = setInterval(() => connection.interrupt?.(), 25);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    clearInterval(ticker);
  }
}

/** {@link inspectDatabaseFile} on a connection that is already open. */
export async function inspectConnection(
  connection: SqliteConnection,
): Promise<DatabaseInspection> {
  const checks = await all(connection, 'pragma integrity_check');
  const integrity = checks.map((row) => String(Object.values(row)[0]));
  const rowCounts = await countRows(connection);
  const schemaVersion = await readSchemaVersion(connection);
  return { integrity, rowCounts, schemaVersion };
}

/** Rows in every table, the migrations table included. */
export async function countRows(
  connection: SqliteConnection,
): Promise<Record<string, number>> {
  const tables = await all(
    connection,
    "select name from sqlite_master where type = 'table' " +
      "and name not like 'sqlite\\_%' escape '\\' order by name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const quoted = `"${String(name).replace(/"/g, '""')}"`;
    const [row] = await all(connection, `select count(*) as n from ${quoted}`);
    counts[String(name)] = Number(row?.n ?? 0);
  }
  return counts;
}

/** The last applied migration's name, or null without the table. */
export async function readSchemaVersion(
  connection: SqliteConnection,
): Promise<string | null> {
  const [table] = await all(
    connection,
    "select 1 as found from sqlite_master where type = 'table' and name = ?",
    [MIGRATIONS_TABLE],
  );
  if (!table) return null;
  const [last] = await all(
    connection,
    `select name from ${MIGRATIONS_TABLE} order by id desc limit 1`,
  );
  return last ? String(last.name) : null;
}

/** Runs a query on a raw node-sqlite3 connection. */
export function all(
  connection: SqliteConnection,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    connection.all(sql, params, (error, rows) =>
      error ? reject(error) : resolve(rows),
    );
  });
}
