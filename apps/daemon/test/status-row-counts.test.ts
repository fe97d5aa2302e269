import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Database } from '@steno/db';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { defaultConfig, type StenoConfig } from '../src/config/load-config.js';
import { collectStatus } from '../src/system/status.js';

const run = promisify(execFile);

let folder: string;
let config: StenoConfig;
let db: Database;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-status-rows-'));
  config = defaultConfig();
  config.database.path = join(folder, 'steno.db');
  db = new Database(config.database);
  await db.connect();
  await db.createTables();
});

afterEach(async () => {
  await db.disconnect();
  await rm(folder, { recursive: true, force: true });
});

/** Runs SQL through the sqlite3 shell: another process, another connection. */
async function sqlite(sql: string): Promise<string> {
  return (await run('sqlite3', [config.database.path, sql])).stdout.trim();
}

const readStatus = () => collectStatus({ config, db });

it('counts rows written by another process since the last status', async () => {
  expect((await readStatus()).database.rows?.sessions).toBe(0);

  await sqlite(
    'insert into sessions (title, start_time, status, created_at, ' +
      "updated_at) values ('a', 0, 'completed', 0, 0), " +
      "('b', 0, 'active', 0, 0), ('c', 0, 'active', 0, 0)",
  );

  const status = await readStatus();
  expect(status.database.rows?.sessions).toBe(3);
  expect(status.database.rows?.transcript_entries).toBe(0);
});

it('reuses the counts of an unchanged database and says how old', async () => {
  const first = await readStatus();
  await new Promise((resolve) => setTimeout(resolve, 30));
  const second = await readStatus();

  expect(second.database.rowsCountedAt).toBe(first.database.rowsCountedAt);
  const age =
    Date.parse(second.checkedAt) - Date.parse(first.database.rowsCountedAt!);
  expect(second.database.rowsAgeMs).toBe(age);
  expect(age).toBeGreaterThanOrEqual(30);
});
