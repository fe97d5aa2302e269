import type { SqliteConnection } from '@steno/db';
import { allSql, runSql } from './sql.js';

/**
 * The configurations key holding files whose rows are gone but which are
 * not deleted yet. Kept in the database so the list commits in the same
 * transaction as the rows: a crash between the two leaves no orphan.
 */
export const PENDING_FILES_KEY = 'retention.pending_file_deletes';

/** Reads the pending list; empty when there is none. */
export async function readPendingFiles(
  connection: SqliteConnection,
): Promise<string[]> {
  const [row] = await allSql(
    connection,
    'select value from configurations where key = ?',
    [PENDING_FILES_KEY],
  );
  if (!row || typeof row.value !== 'string') return [];
  const parsed: unknown = JSON.parse(row.value);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** Replaces the pending list; call inside the caller's transaction. */
export async function writePendingFiles(
  connection: SqliteConnection,
  paths: readonly string[],
): Promise<void> {
  const unique = [...new Set(paths)].sort();
  await runSql(
    connection,
    'insert into configurations (key, value, category, updated_at) ' +
      "values (?, ?, 'retention', ?) on conflict(key) do update set " +
      'value = excluded.value, updated_at = excluded.updated_at',
    [PENDING_FILES_KEY, JSON.stringify(unique), Date.now()],
  );
}

/** Adds `paths` to the pending list; call inside a transaction. */
export async function addPendingFiles(
  connection: SqliteConnection,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) return;
  const current = await readPendingFiles(connection);
  await writePendingFiles(connection, [...current, ...paths]);
}

/** Counts the rows still naming `path` as their file. */
export async function countFileReferences(
  connection: SqliteConnection,
  path: string,
): Promise<number> {
  const [row] = await allSql(
    connection,
    'select (select count(*) from sessions where audio_file_path = ?) + ' +
      '(select count(*) from sessions where transcript_file_path = ?) + ' +
      '(select count(*) from file_infos where file_path = ?) as n',
    [path, path, path],
  );
  return Number(row?.n ?? 0);
}
