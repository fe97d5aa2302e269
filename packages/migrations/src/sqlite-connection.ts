import type { SqliteConnection } from '@steno/db';

/** Runs one or more statements that bind no parameters. */
export function execSql(
  connection: SqliteConnection,
  sql: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.exec(sql, (error) => (error ? reject(error) : resolve()));
  });
}

/** Runs one query and returns every row. */
export function allRows<T = Record<string, unknown>>(
  connection: SqliteConnection,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    connection.all(sql, [...params], (error, rows) =>
      error ? reject(error) : resolve(rows as T[]),
    );
  });
}

/** Reads one pragma as a string, such as `'1'` for foreign_keys on. */
export async function readPragmaValue(
  connection: SqliteConnection,
  name: string,
): Promise<string> {
  const [row] = await allRows(connection, `pragma ${name}`);
  return String(Object.values(row ?? {})[0]);
}
