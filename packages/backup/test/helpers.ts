import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '@steno/db';

/** A fresh folder under the OS temp dir, and a way to remove it. */
export async function makeTempDir(): Promise<{
  dir: string;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'steno-backup-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Opens (and creates) a Steno database with its tables. */
export async function openDb(path: string, poolSize = 1): Promise<Database> {
  const db = new Database({ path, poolSize });
  await db.connect();
  await db.createTables();
  return db;
}

/** Inserts sessions titled `${prefix}-0` … in one statement each. */
export async function insertSessions(
  db: Database,
  count: number,
  prefix: string,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.executeQuery(
      'insert into sessions (title, start_time, created_at, updated_at) ' +
        'values (?, ?, ?, ?)',
      [`${prefix}-${i}`, 1_700_000_000_000, Date.now(), Date.now()],
    );
  }
}

/** Session titles in id order, read on the given database. */
export async function readTitles(db: Database): Promise<string[]> {
  const rows = await db.executeQuery<{ title: string }>(
    'select title from sessions order by id',
  );
  return rows.map((row) => row.title);
}

/** Opens a database file on its own, reads the titles, closes it. */
export async function titlesInFile(path: string): Promise<string[]> {
  const db = new Database({ path, poolSize: 1 });
  await db.connect();
  try {
    return await readTitles(db);
  } finally {
    await db.disconnect();
  }
}

/** `PRAGMA integrity_check` of a file, every row joined. */
export async function integrityOf(path: string): Promise<string> {
  const db = new Database({ path, poolSize: 1 });
  await db.connect();
  try {
    const rows = await db.executeQuery('pragma integrity_check');
    return rows.map((row) => String(Object.values(row)[0])).join('; ');
  } finally {
    await db.disconnect();
  }
}

/** Decompresses a gzip archive to `target` with zlib, not our code. */
export async function gunzipTo(archive: string, target: string): Promise<void> {
  const { createReadStream, createWriteStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const { pipeline } = await import('node:stream/promises');
  await pipeline(
    createReadStream(archive),
    createGunzip(),
    createWriteStream(target),
  );
}

/** SHA-256 of a file's bytes, or `absent`. */
export async function fileHash(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const bytes = await readFile(path).catch(() => null);
  return bytes ? createHash('sha256').update(bytes).digest('hex') : 'absent';
}
