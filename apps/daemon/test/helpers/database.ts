import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Database } from '@steno/db';

/** Opens the database at `path` for `work` alone, then closes it. */
export async function withDatabase<T>(
  path: string,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const db = new Database({ path });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.disconnect();
  }
}

/**
 * A digest of every row of every table (SQLite's own schema and
 * sequence tables included), read through a fresh connection.
 */
export function digestRows(path: string): Promise<string> {
  return withDatabase(path, async (db) => {
    const hash = createHash('sha256');
    const tables = await db.executeQuery<{ name: string; sql: string }>(
      "select name, sql from sqlite_master where type = 'table' order by name",
    );
    for (const table of tables) {
      hash.update(`${table.name}\n${table.sql}\n`);
      const rows = await db.executeQuery(
        `select * from "${table.name}" order by rowid`,
      );
      hash.update(JSON.stringify(rows));
    }
    return hash.digest('hex');
  });
}

/** SHA-256 of a file's bytes. */
export async function digestFile(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}
