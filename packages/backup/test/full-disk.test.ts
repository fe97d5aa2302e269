import { execFileSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { BackupManager } from '../src/index.js';
import { fileHash, insertSessions, makeTempDir, openDb } from './helpers.js';

/** Mounts a tiny tmpfs; only root can, so elsewhere the test is skipped. */
function mountTinyDisk(path: string, size: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path]);
    return true;
  } catch {
    return false;
  }
}

let db: Database | null = null;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await db?.disconnect();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

it('fails cleanly on a full disk, keeping older backups', async (ctx) => {
  const temp = await makeTempDir();
  cleanups.push(temp.cleanup);
  const directory = join(temp.dir, 'backups');
  await mkdir(directory);
  if (!mountTinyDisk(directory, '600k')) ctx.skip();
  cleanups.push(() => void execFileSync('umount', [directory]));

  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 3, 'row');
  const manager = new BackupManager({
    db,
    config: { directory, compress: 'none' },
  });
  const first = await manager.createBackup('fits');
  const firstHash = await fileHash(first.filePath);

  await db.executeQuery('create table padding (b blob)');
  await db.executeQuery(
    'with recursive n(x) as (select 1 union all select x + 1 from n ' +
      'where x < 1000) insert into padding select randomblob(1000) from n',
  );
  const failure = await manager.createBackup('too big').catch((e) => e);

  expect(failure).toMatchObject({ code: 'BACKUP_FAILED' });
  expect(String(failure.message)).toMatch(/no space left|SQLITE_FULL|full/i);
  const files = await readdir(directory);
  expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  expect((await manager.listBackups()).map((b) => b.backupId)).toEqual([
    first.backupId,
  ]);
  expect(await fileHash(first.filePath)).toBe(firstHash);
  expect((await manager.verifyBackup(first.backupId)).ok).toBe(true);
  expect((await manager.getBackupStats()).lastError?.message).toMatch(
    /full|space/i,
  );
});

it('names ENOSPC from the archive writer and removes the partial', async () => {
  const { Writable } = await import('node:stream');
  const temp = await makeTempDir();
  cleanups.push(temp.cleanup);
  const directory = join(temp.dir, 'backups');
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 3, 'row');
  const good = new BackupManager({
    db,
    config: { directory, compress: 'gzip' },
  });
  const first = await good.createBackup('fits');

  const { createWriteStream } = await import('node:fs');
  const fullAfter = (path: string) => {
    const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    let written = 0;
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        if (written > 1000) {
          const error = Object.assign(new Error('ENOSPC: write'), {
            code: 'ENOSPC',
          });
          file.end(() => done(error));
          return;
        }
        file.write(chunk, done);
      },
    });
  };
  const manager = new BackupManager({
    db,
    config: { directory, compress: 'none' },
    openWrite: fullAfter,
  });
  const failure = await manager.createBackup('disk fills').catch((e) => e);

  expect(failure).toMatchObject({ code: 'BACKUP_FAILED' });
  expect(failure.message).toMatch(/^create backup \S+: no space left/);
  const files = await readdir(directory);
  expect(files.sort()).toEqual(
    [`${first.backupId}.manifest.json`, `${first.backupId}.sqlite.gz`].sort(),
  );
});
