import { afterEach, expect, it } from 'vitest';
import type { SqliteConnection } from '../src/database-types.js';
import { readPragma } from '../src/pragmas.js';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

const NAMES = [
  'foreign_keys',
  'journal_mode',
  'synchronous',
  'cache_size',
  'mmap_size',
  'busy_timeout',
];

let t: TempDatabase | undefined;

afterEach(async () => t?.cleanup());

it('sets every pragma on each of three concurrent connections', async () => {
  t = await openTempDatabase({
    poolSize: 3,
    busyTimeout: 1234,
    synchronous: 'full',
    cacheSize: -2000,
    mmapSize: 65_536,
  });

  const seen = await borrowConcurrently(t, 3);

  expect(new Set(seen.map((s) => s.connection)).size).toBe(3);
  for (const { values } of seen) {
    // synchronous full reads back as 2; foreign_keys on as 1.
    expect(values).toEqual({
      foreign_keys: '1',
      journal_mode: 'wal',
      synchronous: '2',
      cache_size: '-2000',
      mmap_size: '65536',
      busy_timeout: '1234',
    });
  }
});

it('keeps foreign keys on after schema work toggles them', async () => {
  t = await openTempDatabase({ poolSize: 3 });
  await borrowConcurrently(t, 3);

  await t.db.dropTables();
  await t.db.createTables();

  const seen = await borrowConcurrently(t, 3);
  expect(seen.map((s) => s.values.foreign_keys)).toEqual(['1', '1', '1']);
});

it('honours a rollback journal and foreign keys off', async () => {
  t = await openTempDatabase({
    poolSize: 2,
    enableWal: false,
    journalMode: 'truncate',
    foreignKeys: false,
    synchronous: 'off',
  });

  for (const { values } of await borrowConcurrently(t, 2)) {
    expect(values).toMatchObject({
      foreign_keys: '0',
      journal_mode: 'truncate',
      synchronous: '0',
    });
  }
});

it('reports a healthy database with every pragma as set', async () => {
  t = await openTempDatabase({ busyTimeout: 250 });
  const report = await t.db.healthCheck();

  expect(report).toMatchObject({
    healthy: true,
    reachable: true,
    quickCheck: 'ok',
  });
  expect(report.pragmas.map((p) => [p.name, p.actual, p.ok])).toEqual([
    ['busy_timeout', '250', true],
    ['foreign_keys', '1', true],
    ['journal_mode', 'wal', true],
    ['synchronous', '1', true],
    ['cache_size', '-16000', true],
    ['mmap_size', '0', true],
  ]);
});

it('reports a pragma that drifted on the connection', async () => {
  t = await openTempDatabase({ poolSize: 1 });
  await t.db.withConnection((c) => exec(c, 'pragma foreign_keys = off'));

  const report = await t.db.healthCheck();

  expect(report.healthy).toBe(false);
  expect(report.pragmas.find((p) => p.name === 'foreign_keys')).toEqual({
    name: 'foreign_keys',
    expected: '1',
    actual: '0',
    ok: false,
  });
});

it('reports an unreachable database instead of throwing', async () => {
  t = await openTempDatabase();
  await t.db.disconnect();
  const report = await t.db.healthCheck();
  expect(report).toMatchObject({ healthy: false, reachable: false });
  expect(report.error).toMatch(/not connected/);
});

/** Holds `count` pooled connections at once and reads their pragmas. */
async function borrowConcurrently(
  temp: TempDatabase,
  count: number,
): Promise<{ connection: unknown; values: Record<string, string> }[]> {
  let arrived = 0;
  let release!: () => void;
  const allIn = new Promise<void>((resolve) => (release = resolve));

  const borrow = (): Promise<{
    connection: unknown;
    values: Record<string, string>;
  }> =>
    temp.db.withConnection(async (connection) => {
      arrived += 1;
      if (arrived === count) release();
      await allIn;
      const values: Record<string, string> = {};
      for (const name of NAMES) {
        values[name] = await readPragma(connection, name);
      }
      return { connection, values };
    });

  return Promise.all(Array.from({ length: count }, borrow));
}

function exec(connection: SqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.exec(sql, (error) => (error ? reject(error) : resolve()));
  });
}
