import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { BackupManager } from '../src/index.js';
import { insertSessions, makeTempDir, openDb } from './helpers.js';

let db: Database | null = null;
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await db?.disconnect();
  await cleanup?.();
});

it('keeps the right ones among foreign files, clock set back', async () => {
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 2, 'row');
  const directory = join(temp.dir, 'backups');
  let clock = new Date('2026-12-01T10:00:00Z');
  const manager = new BackupManager({
    db,
    config: { directory, maxBackups: 2 },
    now: () => clock,
  });

  const ids: string[] = [];
  for (const at of [
    '2026-12-01T10:00:00Z',
    '2026-12-01T11:00:00Z',
    '2026-12-02T10:00:00Z',
    // The clock was set back by a day before the fourth backup.
    '2026-11-30T09:00:00Z',
  ]) {
    clock = new Date(at);
    ids.push((await manager.createBackup(at)).backupId);
  }
  const foreign = [
    'notes.txt',
    'backup.sqlite.gz',
    '20261201T000000Z-abcdef.sqlite.gz.tmp',
    '20261201T000000Z-123456.manifest.json',
    '..manifest.json',
  ];
  for (const name of foreign) await writeFile(join(directory, name), 'x');

  const listed = (await manager.listBackups()).map((b) => b.backupId);
  expect(listed).toEqual([ids[3], ids[2], ids[1], ids[0]]);

  const result = await manager.cleanupOldBackups();
  expect(result.deleted.map((d) => d.backupId).sort()).toEqual(
    [ids[0], ids[1]].sort(),
  );
  const left = (await manager.listBackups()).map((b) => b.backupId);
  expect(left).toEqual([ids[3], ids[2]]);
  const files = await readdir(directory);
  for (const name of foreign) expect(files).toContain(name);

  const stats = await manager.getBackupStats();
  expect(stats.total).toBe(2);
  expect(stats.lastGoodBackup?.backupId).toBe(ids[3]);
  expect(stats.orphans).toEqual([
    {
      backupId: '20261201T000000Z-123456',
      file: '20261201T000000Z-123456.manifest.json',
      problem: 'manifest without archive',
    },
  ]);
});
