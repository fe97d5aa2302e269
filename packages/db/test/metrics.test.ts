import { stat } from 'node:fs/promises';
import { Session } from '@steno/models';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

let t: TempDatabase;

beforeEach(async () => {
  t = await openTempDatabase({ poolSize: 2 });
});

afterEach(async () => t.cleanup());

it('counts queries and reports the file sizes on disk', async () => {
  const before = await t.db.getMetrics();
  for (let i = 0; i < 5; i++) await t.db.executeQuery('select 1');
  await t.sessions.bulkInsert(Session, [
    { title: 'a', startTime: new Date(0) },
  ]);
  const after = await t.db.getMetrics();

  // Five selects and one bulk write.
  expect(after.queryCount - before.queryCount).toBe(6);
  expect(after.connected).toBe(true);
  expect(after.averageQueryMs).toBeGreaterThan(0);
  expect(after.p95QueryMs).toBeGreaterThanOrEqual(0);
  expect(after.databaseSizeBytes).toBe((await stat(t.path)).size);
  expect(after.walSizeBytes).toBe((await stat(`${t.path}-wal`)).size);
  expect(after.walSizeBytes).toBeGreaterThan(0);
});

it('describes the connection', async () => {
  const [row] = await t.db.executeQuery<{ v: string }>(
    'select sqlite_version() as v',
  );
  expect(await t.db.getConnectionInfo()).toEqual({
    path: t.path,
    connected: true,
    driver: 'sqlite3',
    sqliteVersion: row?.v,
    poolSize: 2,
    journalMode: 'wal',
  });

  await t.db.disconnect();
  expect(await t.db.getConnectionInfo()).toMatchObject({
    connected: false,
    sqliteVersion: null,
  });
  expect((await t.db.getMetrics()).connected).toBe(false);
});

it('counts transactions, commits, rollbacks and retries', async () => {
  await t.sessions.withUnitOfWork(async (em) => {
    em.persist(new Session('kept', new Date(0)));
  });
  await t.sessions
    .withUnitOfWork(async (em) => {
      em.persist(new Session('undone', new Date(0)));
      await em.flush();
      throw new Error('caller changed its mind');
    })
    .catch(() => undefined);
  await t.sessions.executeTransaction(async (em) => em.count(Session));

  expect(t.sessions.getSessionStats()).toEqual({
    transactions: 3,
    commits: 2,
    rollbacks: 1,
    retries: 0,
  });
  const titles = await t.db.executeQuery('select title from sessions');
  expect(titles).toEqual([{ title: 'kept' }]);
});

it('has the indexes that listing and retention need', async () => {
  const rows = await t.db.executeQuery<{ tbl: string; cols: string }>(
    `select m.tbl_name as tbl, group_concat(i.name, ',') as cols
     from sqlite_master m, pragma_index_info(m.name) i
     where m.type = 'index' and m.name not like 'sqlite_%'
     group by m.name order by 1, 2`,
  );
  const indexes = rows.map((r) => `${r.tbl}(${r.cols})`);

  expect(indexes).toEqual(
    expect.arrayContaining([
      'sessions(start_time)',
      'sessions(created_at)',
      'sessions(status)',
      'transcript_entries(session_id,start_time)',
      'transcript_entries(created_at)',
      'participants(session_id)',
      'analysis_results(session_id)',
      'analysis_results(created_at)',
      'file_infos(session_id)',
      'file_infos(created_at)',
      'file_infos(checksum)',
      'system_metrics(timestamp)',
      'system_metrics(metric_name,timestamp)',
    ]),
  );
});

it('plans a by-session transcript query on an index', async () => {
  const plan = await t.db.executeQuery<{ detail: string }>(
    'explain query plan select * from transcript_entries' +
      ' where session_id = ? order by start_time',
    [1],
  );
  expect(plan.map((p) => p.detail).join('\n')).toMatch(
    /USING INDEX transcript_entries_session_id_start_time_index/,
  );
});
