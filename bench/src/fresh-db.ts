import { copyFileSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { createSchema } from './generate-data.js';

/** The session every fresh database holds, for entries to point at. */
export const FRESH_SESSION_ID = 1;

/** Creates the empty template: the schema and one session. */
export async function createEmptyTemplate(path: string): Promise<void> {
  await createSchema(path);
  const sqlite = new BetterSqlite3(path);
  try {
    sqlite.pragma('journal_mode = wal');
    const now = Date.now();
    sqlite
      .prepare(
        'insert into sessions (id, title, start_time, status, created_at, ' +
          "updated_at) values (?, 'ingest target', ?, 'completed', ?, ?)",
      )
      .run(FRESH_SESSION_ID, now, now, now);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
}

/** Copies `source` (checkpointed, so the main file is whole) to `path`. */
export function copyDatabase(source: string, path: string): void {
  removeDatabase(path);
  copyFileSync(source, path);
}

/** Removes a database file and its WAL and shared-memory files. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    rmSync(`${path}${suffix}`, { force: true });
  }
}
