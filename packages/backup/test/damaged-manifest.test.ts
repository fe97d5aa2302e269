import { readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { BackupManager, type BackupInfo } from '../src/index.js';
import {
  fileHash,
  insertSessions,
  makeTempDir,
  openDb,
  readTitles,
} from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let manager: BackupManager;
let backup: BackupInfo;
let manifest: string;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 2, 'live');
  manager = new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups'), verify: false },
  });
  backup = await manager.createBackup('good');
  manifest = manager.catalogue.manifestPath(backup.backupId);
  await writeFile(manifest, '{broken');
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

const archiveName = () => basename(backup.filePath);

it('lists an unreadable manifest as damaged, not as an orphan', async () => {
  const stats = await manager.getBackupStats();

  expect(await manager.listBackups()).toEqual([]);
  expect(stats.orphans).toEqual([
    {
      backupId: backup.backupId,
      file: `${backup.backupId}.manifest.json`,
      problem: 'damaged manifest',
      // V8's own words for `{broken`, checked with node 20 by hand.
      detail:
        "not JSON: Expected property name or '}' in JSON at position 1" +
        `; archive ${archiveName()} is there`,
      archive: archiveName(),
    },
  ]);
});

it('says a manifest that is JSON but not an object is damaged', async () => {
  await writeFile(manifest, '[1, 2]');

  const [entry] = (await manager.getBackupStats()).orphans;

  expect(entry?.problem).toBe('damaged manifest');
  expect(entry?.detail).toBe(
    `not a JSON object; archive ${archiveName()} is there`,
  );
});

it('verify says the manifest is damaged rather than not found', async () => {
  const refused = manager.verifyBackup(backup.backupId);

  await expect(refused).rejects.toMatchObject({
    code: 'BACKUP_INVALID',
    message: expect.stringContaining(
      `backup ${backup.backupId}: its manifest ${manifest} is damaged ` +
        "(not JSON: Expected property name or '}' in JSON at position 1)",
    ),
  });
});

it('restore refuses a damaged manifest and leaves the db as is', async () => {
  const before = await fileHash(join(temp.dir, 'live.db'));

  const refused = manager.restoreBackup(backup.backupId);

  await expect(refused).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
  await expect(refused).rejects.toThrow(/its manifest .* is damaged/);
  expect(await readTitles(db)).toEqual(['live-0', 'live-1']);
  expect(await fileHash(join(temp.dir, 'live.db'))).toBe(before);
});

it('deleting a damaged backup removes its manifest and archive', async () => {
  await manager.deleteBackup(backup.backupId);

  expect(await readdir(join(temp.dir, 'backups'))).toEqual([]);
  expect((await manager.getBackupStats()).orphans).toEqual([]);
});

it('still says not found for an id with no manifest at all', async () => {
  const missing = '20261203T164501Z-000000';

  await expect(manager.verifyBackup(missing)).rejects.toMatchObject({
    code: 'BACKUP_NOT_FOUND',
    message: expect.stringContaining(`backup ${missing} not found`),
  });
});
