import { setTimeout as sleep } from 'node:timers/promises';
import { isBusyError, runSql, type SqliteConnection } from '@steno/db';

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
 * Taking the lock is retried a few times while another writer holds it.
 */
export async function inWriteTransaction<T>(
  connection: SqliteConnection,
  work: () => Promise<T>,
): Promise<T> {
  await begin(connection);
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

const BEGIN_ATTEMPTS = 5;

async function begin(connection: SqliteConnection): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runSql(connection, 'begin immediate');
      return;
    } catch (error) {
      if (!isBusyError(error) || attempt >= BEGIN_ATTEMPTS) throw error;
      await sleep(50 * attempt);
    }
  }
}
