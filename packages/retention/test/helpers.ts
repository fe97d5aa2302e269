import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, SessionManager } from '@steno/db';

export const DAY = 86_400_000;

/** A database and a storage root in a fresh temp folder. */
export interface Sandbox {
  dir: string;
  root: string;
  db: Database;
  sessions: SessionManager;
  cleanup(): Promise<void>;
}

/** Opens a new database with the schema in its own temp folder. */
export async function openSandbox(pragmas: string[] = []): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'steno-retention-'));
  const root = join(dir, 'data');
  await mkdir(root);
  const db = new Database({ path: join(dir, 'steno.db') });
  await db.connect();
  for (const pragma of pragmas) await db.executeQuery(pragma);
  await db.createTables();
  return {
    dir,
    root,
    db,
    sessions: new SessionManager(db),
    cleanup: async () => {
      await db.disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A session row for bulkInsert, every date pinned to `createdMs`. */
export function sessionRow(
  id: number,
  status: string,
  createdMs: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const at = new Date(createdMs);
  return {
    id,
    title: `session ${id}`,
    startTime: at,
    status,
    createdAt: at,
    updatedAt: at,
    audioFilePath: null,
    transcriptFilePath: null,
    metadata: null,
    ...extra,
  };
}

/** A transcript entry row for bulkInsert. */
export function entryRow(
  session: number,
  createdMs: number,
  index = 0,
): Record<string, unknown> {
  return {
    session,
    text: `words spoken at ${index}`,
    startTime: index,
    endTime: index + 1,
    createdAt: new Date(createdMs),
  };
}

/** Writes a file of exactly `bytes` bytes and returns its path. */
export async function writeSized(path: string, bytes: number) {
  await writeFile(path, Buffer.alloc(bytes, 7));
  return path;
}

/** Bytes of database pages in use, read from SQLite itself. */
export async function usedDatabaseBytes(db: Database): Promise<number> {
  const read = async (name: string) => {
    const [row] = await db.executeQuery(`pragma ${name}`);
    return Number(Object.values(row ?? {})[0]);
  };
  const size = await read('page_size');
  return ((await read('page_count')) - (await read('freelist_count'))) * size;
}

/** Ids of the sessions left, ascending. */
export async function sessionIds(db: Database): Promise<number[]> {
  const rows = await db.executeQuery<{ id: number }>(
    'select id from sessions order by id',
  );
  return rows.map((row) => row.id);
}
