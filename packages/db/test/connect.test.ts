import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StenoError } from '@steno/models';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Database } from '../src/database.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steno-db-connect-'));
});

afterEach(async () => rm(dir, { recursive: true, force: true }));

it('refuses a file that is not a database, naming it', async () => {
  const path = join(dir, 'junk.db');
  await writeFile(path, Buffer.alloc(8192, 0x41));

  const error = await new Database({ path }).connect().catch((e) => e);

  expect(error).toBeInstanceOf(StenoError);
  expect(error).toMatchObject({ code: 'NOT_CONNECTED', details: { path } });
  expect((error as Error).message).toBe(
    `open database ${path}: SQLITE_NOTADB: file is not a database`,
  );
});

it('refuses a folder in place of the database file', async () => {
  const path = join(dir, 'folder.db');
  await mkdir(path);

  const error = await new Database({ path }).connect().catch((e) => e);

  expect(error).toMatchObject({ code: 'NOT_CONNECTED' });
  expect((error as Error).message).toContain(path);
});

it('creates missing parent folders and connects twice safely', async () => {
  const db = new Database({ path: join(dir, 'a', 'b', 'steno.db') });
  await db.connect();
  await db.connect();
  await db.createTables();
  await db.createTables();

  expect(await db.countRows()).toMatchObject({ sessions: 0, users: 0 });
  await db.disconnect();
  await db.disconnect();
  expect(db.isConnected).toBe(false);
  expect(() => db.em()).toThrow(/not connected: call connect\(\) first/);
});
