import { runSql, type SqliteConnection } from '@steno/db';

export type Row = Record<string, unknown>;

/** Reads every row of one bound statement on a raw connection. */
export function allSql(
  connection: SqliteConnection,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    connection.all(sql, params, (error, rows) =>
      error ? reject(error) : resolve(rows),
    );
  });
}

/** Reads one number from the first column of the first row. */
export async function numberSql(
  connection: SqliteConnection,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  const [row] = await allSql(connection, sql, params);
  return Number(Object.values(row ?? {})[0] ?? 0);
}

/**
 * Runs `work` inside BEGIN IMMEDIATE on `connection`: the write lock is
 * taken first, so the transaction never fails halfway for want of it.
 */
export async function inWriteTransaction<T>(
  connection: SqliteConnection,
  work: () => Promise<T>,
): Promise<T> {
  await runSql(connection, 'begin immediate');
  try {
    const value = await work();
    await runSql(connection, 'commit');
    return value;
  } catch (error) {
    await runSql(connection, 'rollback').catch(() => undefined);
    throw error;
  }
}

export { runSql };
