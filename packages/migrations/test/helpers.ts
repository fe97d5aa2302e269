import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '@steno/db';
import { readSchema, type SchemaObject } from '../src/index.js';

/** A temporary folder for one test; call `remove` in afterEach. */
export async function makeTempDir(): Promise<{
  dir: string;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'steno-migrations-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Opens (creating) a database file with the default settings. */
export async function openDb(path: string): Promise<Database> {
  const db = new Database({ path });
  await db.connect();
  return db;
}

export const SESSIONS = 4;
export const ENTRIES_PER_SESSION = 250;
export const PARTICIPANTS_PER_SESSION = 3;
export const ANALYSES_PER_SESSION = 2;
export const FILES_PER_SESSION = 2;

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/**
 * Fills every table: sessions with hundreds of transcript entries,
 * participants, analyses and files, plus users, config and metrics.
 * Session 2 is deleted afterwards so the AUTOINCREMENT counter is above
 * the highest id, which a careless rebuild would reset.
 */
export async function populate(db: Database): Promise<void> {
  const run = (sql: string, params: unknown[] = []) =>
    db.executeQuery(sql, params);
  for (let s = 1; s <= SESSIONS + 1; s++) {
    await run(
      `insert into sessions (id, title, start_time, end_time, duration,
         status, participant_count, audio_file_path, metadata,
         created_at, updated_at)
       values (?, ?, ?, ?, ?, 'completed', 3, ?, ?, ?, ?)`,
      [
        s,
        `meeting ${s}`,
        T0 + s * 3_600_000,
        T0 + s * 3_600_000 + 1_800_400,
        1800.4,
        `/data/audio/${s}.wav`,
        JSON.stringify({ room: `r${s}` }),
        T0,
        T0,
      ],
    );
    await addChildren(run, s);
  }
  await run('delete from sessions where id = ?', [SESSIONS + 1]);
  await run("insert into users (username, created_at) values ('ada', ?)", [T0]);
  await run(
    `insert into configurations (key, value, updated_at)
     values ('theme', '"dark"', ?)`,
    [T0],
  );
  await run(
    `insert into system_metrics (metric_name, metric_value, timestamp)
     values ('cpu', 0.5, ?)`,
    [T0],
  );
}

type Run = (sql: string, params?: unknown[]) => Promise<unknown>;

async function addChildren(run: Run, s: number): Promise<void> {
  const entries: unknown[] = [];
  for (let e = 0; e < ENTRIES_PER_SESSION; e++) {
    entries.push(s, `line ${e} of ${s}`, e * 2, e * 2 + 1.5, 2, T0);
  }
  const tuple = '(?, ?, ?, ?, ?, ?)';
  await run(
    `insert into transcript_entries
       (session_id, text, start_time, end_time, word_count, created_at)
     values ${Array(ENTRIES_PER_SESSION).fill(tuple).join(', ')}`,
    entries,
  );
  for (let p = 0; p < PARTICIPANTS_PER_SESSION; p++) {
    await run('insert into participants (session_id, name) values (?, ?)', [
      s,
      `speaker ${p}`,
    ]);
  }
  for (const type of ['summary', 'topics'].slice(0, ANALYSES_PER_SESSION)) {
    await run(
      `insert into analysis_results (session_id, analysis_type,
         result_data, created_at) values (?, ?, ?, ?)`,
      [s, type, '{"ok":true}', T0],
    );
  }
  for (let f = 0; f < FILES_PER_SESSION; f++) {
    await run(
      `insert into file_infos (session_id, file_path, file_type,
         created_at) values (?, ?, 'audio', ?)`,
      [s, `/data/${s}-${f}.wav`, T0],
    );
  }
}

/** Rows per table, read straight from SQLite. */
export async function countRows(db: Database): Promise<Record<string, number>> {
  return db.countRows();
}

/** The normalised schema, migrations table excluded. */
export function schemaOf(db: Database): Promise<SchemaObject[]> {
  return db.withConnection(readSchema);
}

/**
 * A SHA-256 over the whole file's content: every row of every table
 * (the migrations table and sqlite_sequence included) and the schema.
 */
export async function checksumAll(db: Database): Promise<string> {
  const hash = createHash('sha256');
  const master = await db.executeQuery<{ name: string; sql: string }>(
    'select type, name, sql from sqlite_master order by type, name',
  );
  hash.update(JSON.stringify(master));
  const tables = master.filter(
    (row) => (row as { type?: string }).type === 'table',
  );
  for (const { name } of tables) {
    const rows = await db.executeQuery(`select * from "${name}"
      order by rowid`);
    hash.update(name).update(JSON.stringify(rows));
  }
  return hash.digest('hex');
}

/** `PRAGMA foreign_key_check` rows; empty means every reference holds. */
export function foreignKeyProblems(db: Database): Promise<unknown[]> {
  return db.executeQuery('pragma foreign_key_check');
}
