import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger, type Database } from '@steno/db';
import { BackupManager } from '../src/index.js';
import { sweepPartials } from '../src/partial-files.js';
import { insertSessions, makeTempDir, openDb, readTitles } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let directory: string;

beforeEach(async () => {
  temp = await makeTempDir();
  directory = join(temp.dir, 'backups');
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 3, 'row');
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

it.each(['brotli', 'none'] as const)(
  'round-trips a %s archive',
  async (compress) => {
    const manager = new BackupManager({ db, config: { directory, compress } });
    const info = await manager.createBackup();
    const ending = compress === 'none' ? '.sqlite' : '.sqlite.br';
    expect(info.filePath.endsWith(`${info.backupId}${ending}`)).toBe(true);
    expect(info.verified).toBe(true);
    await insertSessions(db, 1, 'later');
    await manager.restoreBackup(info.backupId);
    expect(await readTitles(db)).toEqual(['row-0', 'row-1', 'row-2']);
  },
);

it('aborts a snapshot past its timeout and leaves nothing', async () => {
  await db.executeQuery('create table padding (b blob)');
  await db.executeQuery(
    'with recursive n(x) as (select 1 union all select x + 1 from n ' +
      'where x < 30000) insert into padding select randomblob(1000) from n',
  );
  const manager = new BackupManager({
    db,
    config: { directory, snapshotTimeoutMs: 1 },
  });
  const failure = await manager.createBackup().catch((e) => e);
  expect(failure).toMatchObject({ code: 'BACKUP_FAILED' });
  expect(failure.message).toContain('took longer than 1 ms');
  expect(await readdir(directory)).toEqual([]);
  expect(await readTitles(db)).toHaveLength(3);
});

it('removes only partial files older than 15 minutes', async () => {
  await new BackupManager({ db, config: { directory } }).createBackup();
  const old = join(directory, '.20261201T000000Z-aaaaaa.snapshot.tmp');
  const fresh = join(directory, '.20261201T000000Z-bbbbbb.snapshot.tmp');
  await writeFile(old, 'x');
  await writeFile(fresh, 'x');
  const now = Date.now();
  const sixteenMinutesAgo = (now - 16 * 60_000) / 1000;
  await utimes(old, sixteenMinutesAgo, sixteenMinutesAgo);

  const removed = await sweepPartials(directory, silentLogger, now);
  expect(removed.map((partial) => partial.file)).toEqual([
    '.20261201T000000Z-aaaaaa.snapshot.tmp',
  ]);
  expect(await readdir(directory)).toContain(
    '.20261201T000000Z-bbbbbb.snapshot.tmp',
  );
});

it('deletes an orphaned archive by its id', async () => {
  const manager = new BackupManager({ db, config: { directory } });
  const info = await manager.createBackup();
  const { rm } = await import('node:fs/promises');
  await rm(manager.catalogue.manifestPath(info.backupId));
  const stats = await manager.getBackupStats();
  expect(stats.orphans).toMatchObject([
    { problem: 'archive without manifest' },
  ]);

  await manager.deleteBackup(info.backupId);
  expect(await readdir(directory)).toEqual([]);
});
