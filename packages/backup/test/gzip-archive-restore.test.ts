import { cp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { BackupManager } from '../src/index.js';
import { insertSessions, makeTempDir, openDb, readTitles } from './helpers.js';

/**
 * A gzip archive and its manifest as @steno/backup 0.x wrote them, kept
 * byte for byte so that a change of default codec or manifest cannot
 * strand archives already on devices: sessions before-brotli-0 to -2.
 */
const FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'gzip-archive-v0',
);
const BACKUP_ID = '20261203T181717Z-aac390';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let manager: BackupManager;

beforeEach(async () => {
  temp = await makeTempDir();
  const directory = join(temp.dir, 'backups');
  await cp(FIXTURE, directory, { recursive: true });
  db = await openDb(join(temp.dir, 'steno.db'));
  manager = new BackupManager({ db, config: { directory } });
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

it('verifies a gzip archive written by an earlier release', async () => {
  const result = await manager.verifyBackup(BACKUP_ID);

  expect(result.ok).toBe(true);
  expect(result.problems).toEqual([]);
});

it('restores a gzip archive written by an earlier release', async () => {
  await insertSessions(db, 2, 'current');

  const result = await manager.restoreBackup(BACKUP_ID);

  expect(await readTitles(db)).toEqual([
    'before-brotli-0',
    'before-brotli-1',
    'before-brotli-2',
  ]);
  const listed = await manager.listBackups();
  expect(listed.map((b) => b.backupId)).toContain(result.safetyBackupId);
});
