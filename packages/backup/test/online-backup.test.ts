import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runSql, type Database } from '@steno/db';
import { BackupManager } from '../src/index.js';
import { gunzipTo, makeTempDir, openDb, titlesInFile } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Inserts `w-0`, `w-1`, … every 10 ms until stopped; records commits. */
function startWriter(db: Database) {
  const state = { committed: 0, errors: [] as unknown[], stop: false };
  const done = (async () => {
    while (!state.stop) {
      const title = `w-${state.committed}`;
      try {
        await db.executeQuery(
          'insert into sessions (title, start_time, created_at, ' +
            'updated_at) values (?, 0, 0, 0)',
          [title],
        );
        state.committed += 1;
      } catch (error) {
        state.errors.push(error);
      }
      await sleep(10);
    }
  })();
  return { state, done };
}

describe('a backup taken while others write and read', () => {
  it('holds every committed row and never fails the writer', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.cleanup);
    const path = join(temp.dir, 'live.db');
    const owner = await openDb(path);
    const writerDb = await openDb(path);
    const readerDb = await openDb(path);
    cleanups.push(async () => {
      for (const db of [owner, writerDb, readerDb]) await db.disconnect();
    });

    await owner.executeQuery('create table padding (b blob)');
    await owner.executeQuery(
      'with recursive n(x) as (select 1 union all select x + 1 from n ' +
        'where x < 20000) insert into padding select randomblob(1000) from n',
    );
    const writer = startWriter(writerDb);
    await sleep(200);
    let releaseReader = (): void => undefined;
    const reader = readerDb.withConnection(async (connection) => {
      await runSql(connection, 'begin');
      await runSql(connection, 'select count(*) from sessions');
      await new Promise<void>((resolve) => (releaseReader = resolve));
      await runSql(connection, 'commit');
    });
    const committedAfterReadBegan = writer.state.committed;
    await sleep(200);

    const manager = new BackupManager({
      db: owner,
      // gunzipTo reads the archive back below.
      config: { directory: join(temp.dir, 'backups'), compress: 'gzip' },
    });
    const committedBefore = writer.state.committed;
    let backupDone = false;
    const backupRun = manager.createBackup('under load').finally(() => {
      backupDone = true;
    });
    let ownInserted = 0;
    while (!backupDone) {
      await owner.executeQuery("insert into padding values (x'00')");
      ownInserted += 1;
      await sleep(5);
    }
    const info = await backupRun;
    await sleep(100);
    writer.state.stop = true;
    await writer.done;
    releaseReader();
    await reader;

    expect(writer.state.errors).toEqual([]);
    expect(info.verified).toBe(true);
    const copy = join(temp.dir, 'copy.db');
    await gunzipTo(info.filePath, copy);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    const titles = await titlesInFile(copy);
    const expected = Array.from({ length: titles.length }, (_, i) => `w-${i}`);
    expect(titles).toEqual(expected);
    expect(titles.length).toBeGreaterThanOrEqual(committedBefore);
    expect(committedBefore).toBeGreaterThan(committedAfterReadBegan);
    expect(ownInserted).toBeGreaterThan(0);
    expect(info.rowCounts.padding).toBeGreaterThanOrEqual(20_000);
    expect(info.rowCounts.padding).toBeLessThanOrEqual(20_000 + ownInserted);
    expect(info.rowCounts.sessions).toBe(titles.length);
  });
});
