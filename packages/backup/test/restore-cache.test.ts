import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { BackupManager } from '../src/index.js';
import { insertSessions, makeTempDir, openDb, readTitles } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(join(temp.dir, 'steno.db'));
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

async function cacheSizeOf(database: Database): Promise<number> {
  const [row] = await database.executeQuery<{ cache_size: number }>(
    'pragma cache_size',
  );
  return Number(row?.cache_size);
}

it('gives the app connection its 16 MB cache back after a restore', async () => {
  // -16000 is @steno/db's default cache_size (KiB), set on every open.
  expect(await cacheSizeOf(db)).toBe(-16_000);
  await insertSessions(db, 3, 'kept');
  const manager = new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups') },
  });
  const backup = await manager.createBackup('three sessions');
  await insertSessions(db, 2, 'later');

  await manager.restoreBackup(backup.backupId);

  expect(await readTitles(db)).toEqual(['kept-0', 'kept-1', 'kept-2']);
  expect(await cacheSizeOf(db)).toBe(-16_000);
});
