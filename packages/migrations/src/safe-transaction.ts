import type { Database, SqliteConnection } from '@steno/db';
import { StenoError } from '@steno/models';
import { execSql, readPragmaValue } from './sqlite-connection.js';

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction on one pinned
 * connection with foreign keys switched off first: SQLite ignores
 * `PRAGMA foreign_keys` inside a transaction, and with them on, the
 * `DROP TABLE` of a rebuild deletes every child row through ON DELETE
 * CASCADE. Commits when `work` returns, rolls back when it throws, and
 * always puts the configured foreign key setting back.
 */
export async function runInSafeTransaction<T>(
  db: Database,
  work: (connection: SqliteConnection) => Promise<T>,
): Promise<T> {
  return db.withConnection(async (connection) => {
    await setForeignKeys(connection, false);
    try {
      await execSql(connection, 'begin immediate');
      try {
        const value = await work(connection);
        await execSql(connection, 'commit');
        return value;
      } catch (error) {
        await rollbackQuietly(connection);
        throw error;
      }
    } finally {
      await setForeignKeys(connection, db.config.foreignKeys);
    }
  });
}

/** Sets foreign key enforcement and reads it back to prove it held. */
async function setForeignKeys(
  connection: SqliteConnection,
  on: boolean,
): Promise<void> {
  await execSql(connection, `pragma foreign_keys = ${on ? 'on' : 'off'}`);
  const actual = await readPragmaValue(connection, 'foreign_keys');
  if (actual !== (on ? '1' : '0')) {
    throw new StenoError(
      'MIGRATION_FAILED',
      `switch foreign keys ${on ? 'on' : 'off'}: SQLite kept ` +
        `foreign_keys = ${actual}; a transaction is probably still open ` +
        'on the migration connection',
      { details: { foreignKeys: actual } },
    );
  }
}

/** SQLite may already have rolled back (full disk, busy); that is fine. */
async function rollbackQuietly(connection: SqliteConnection): Promise<void> {
  try {
    await execSql(connection, 'rollback');
  } catch {
    return;
  }
}
