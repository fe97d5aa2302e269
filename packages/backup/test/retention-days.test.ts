import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { BackupManager, type BackupConfigInput } from '../src/index.js';
import { insertSessions, makeTempDir, openDb } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let clock: Date;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 2, 'row');
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

function managerWith(config: BackupConfigInput): BackupManager {
  return new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups'), ...config },
    now: () => clock,
  });
}

/** One verified backup per instant, oldest first; returns their ids. */
async function backupsAt(manager: BackupManager, instants: string[]) {
  const ids: string[] = [];
  for (const at of instants) {
    clock = new Date(at);
    ids.push((await manager.createBackup(at)).backupId);
  }
  return ids as [string, string, string];
}

async function cleanupAt(manager: BackupManager, at: string) {
  clock = new Date(at);
  const result = await manager.cleanupOldBackups();
  return result.deleted.map((d) => d.backupId);
}

const DEC_1 = '2026-12-01T10:00:00Z';
const DEC_5 = '2026-12-05T10:00:00Z';
const DEC_9 = '2026-12-09T10:00:00Z';

it('retention_days prunes old backups, clock back and forward', async () => {
  const manager = managerWith({ maxBackups: 10, retentionDays: 7 });
  const [dec1, dec5, dec9] = await backupsAt(manager, [DEC_1, DEC_5, DEC_9]);

  // Set back to November: no backup is older than Nov 13, none goes.
  expect(await cleanupAt(manager, '2026-11-20T00:00:00Z')).toEqual([]);
  // Dec 10 minus 7 days is Dec 3: only the Dec 1 backup is older.
  expect(await cleanupAt(manager, '2026-12-10T00:00:00Z')).toEqual([dec1]);
  // Forward to February: all are older, the newest verified one stays.
  expect(await cleanupAt(manager, '2027-02-01T00:00:00Z')).toEqual([dec5]);
  const left = await manager.listBackups();
  expect(left.map((b) => b.backupId)).toEqual([dec9]);
});

it('retention_days never deletes the newest verified backup', async () => {
  const manager = managerWith({ maxBackups: 10, retentionDays: 7 });
  const [dec1, dec5, dec9] = await backupsAt(manager, [DEC_1, DEC_5, DEC_9]);
  // The newest backup goes bad: Dec 5 is now the newest verified one.
  const bad = await manager.catalogue.get(dec9);
  await writeFile(bad.filePath, 'not an archive');
  expect((await manager.verifyBackup(dec9)).ok).toBe(false);

  const deleted = await cleanupAt(manager, '2027-02-01T00:00:00Z');
  expect(deleted.sort()).toEqual([dec1, dec9].sort());
  const left = await manager.listBackups();
  expect(left.map((b) => b.backupId)).toEqual([dec5]);
});

it('maxBackups still applies when retention_days would keep more', async () => {
  const manager = managerWith({ maxBackups: 1, retentionDays: 30 });
  const [dec1, dec5, dec9] = await backupsAt(manager, [DEC_1, DEC_5, DEC_9]);

  const deleted = await cleanupAt(manager, '2026-12-10T00:00:00Z');
  expect(deleted.sort()).toEqual([dec1, dec5].sort());
  const left = await manager.listBackups();
  expect(left.map((b) => b.backupId)).toEqual([dec9]);
});

it('refuses a retentionDays that is not a whole number >= 0', () => {
  expect(() => managerWith({ retentionDays: -1 })).toThrow(
    /backup\.retentionDays: must be a whole number >= 0, got -1/,
  );
});
