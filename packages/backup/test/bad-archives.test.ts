import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 5, 'snap');
  manager = new BackupManager({
    db,
    // The damage below is written against gzip archives.
    config: { directory: join(temp.dir, 'backups'), compress: 'gzip' },
  });
  backup = await manager.createBackup('good');
  await insertSessions(db, 3, 'later');
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

async function editManifest(edit: (info: BackupInfo) => void): Promise<void> {
  const path = manager.catalogue.manifestPath(backup.backupId);
  const info = JSON.parse(await readFile(path, 'utf8')) as BackupInfo;
  edit(info);
  await writeFile(path, JSON.stringify(info));
}

async function setChecksumToFile(): Promise<void> {
  const bytes = await readFile(backup.filePath);
  const sum = createHash('sha256').update(bytes).digest('hex');
  await editManifest((info) => {
    info.checksum = sum;
    info.compressedSize = bytes.length;
  });
}

const damages: Record<string, () => Promise<void>> = {
  'a flipped byte': async () => {
    const bytes = await readFile(backup.filePath);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await writeFile(backup.filePath, bytes);
  },
  'a flipped byte with a matching checksum': async () => {
    const bytes = await readFile(backup.filePath);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await writeFile(backup.filePath, bytes);
    await setChecksumToFile();
  },
  'a truncated archive': async () => {
    await truncate(backup.filePath, Math.floor(backup.compressedSize / 2));
    await setChecksumToFile();
  },
  'a non-gzip file': async () => {
    await writeFile(backup.filePath, 'this is not a gzip stream\n');
    await setChecksumToFile();
  },
  'a wrong checksum': async () => {
    await editManifest((info) => {
      info.checksum = '0'.repeat(64);
    });
  },
  'row counts that differ from the manifest': async () => {
    await editManifest((info) => {
      info.rowCounts.sessions = 6;
    });
  },
  'valid gzip of a corrupt database': async () => {
    const { gunzipSync } = await import('node:zlib');
    const plain = gunzipSync(await readFile(backup.filePath));
    plain.fill(0x41, 4096 * 2, 4096 * 2 + 2000);
    await writeFile(backup.filePath, gzipSync(plain));
    await setChecksumToFile();
  },
};

const expectations: Record<string, RegExp> = {
  'a flipped byte': /incorrect data check|checksum mismatch/,
  'a flipped byte with a matching checksum': /incorrect data check/,
  'a truncated archive': /unexpected end of file/,
  'a non-gzip file': /incorrect header check/,
  'a wrong checksum': /checksum mismatch: archive is [0-9a-f]{64}/,
  'valid gzip of a corrupt database': /malformed|integrity_check/,
  'row counts that differ from the manifest': /rows in sessions: found 5/,
};

describe('a damaged backup', () => {
  for (const [name, damage] of Object.entries(damages)) {
    it(`is refused by verify and restore: ${name}`, async () => {
      await damage();
      await db.executeQuery('pragma wal_checkpoint(TRUNCATE)');
      const live = join(temp.dir, 'live.db');
      const before = [await fileHash(live), await fileHash(`${live}-wal`)];

      const verdict = await manager.verifyBackup(backup.backupId);
      expect(verdict.ok).toBe(false);
      expect(verdict.problems.length).toBeGreaterThan(0);
      expect(verdict.problems.join('\n')).toMatch(expectations[name]!);
      await expect(
        manager.restoreBackup(backup.backupId),
      ).rejects.toMatchObject({ code: 'BACKUP_INVALID' });

      const after = [await fileHash(live), await fileHash(`${live}-wal`)];
      expect(after).toEqual(before);
      const [listed] = await manager.listBackups();
      expect(listed?.status).toBe('failed');
      expect(listed?.verified).toBe(false);
      expect((await manager.getBackupStats()).lastGoodBackup).toBeNull();
    });
  }
});

describe('restore', () => {
  it('brings back exactly the rows of the snapshot', async () => {
    const result = await manager.restoreBackup(backup.backupId);
    expect(await readTitles(db)).toEqual([
      'snap-0',
      'snap-1',
      'snap-2',
      'snap-3',
      'snap-4',
    ]);
    const listed = (await manager.listBackups()).map((b) => b.backupId);
    expect(listed).toEqual([result.safetyBackupId, backup.backupId]);
  });

  it('keeps the mode and, as root, the owner of the live file', async () => {
    const { chmod, chown, stat } = await import('node:fs/promises');
    const live = join(temp.dir, 'live.db');
    await chmod(live, 0o640);
    const root = process.getuid?.() === 0;
    if (root) await chown(live, 1234, 1234);
    await manager.restoreBackup(backup.backupId);
    const after = await stat(live);
    expect(after.mode & 0o777).toBe(0o640);
    if (root) expect([after.uid, after.gid]).toEqual([1234, 1234]);
  });

  for (const id of ['../live.db', '/etc/passwd', '20261203T164501Z-000000']) {
    it(`refuses the id ${id}`, async () => {
      await expect(manager.restoreBackup(id)).rejects.toMatchObject({
        code: 'BACKUP_NOT_FOUND',
      });
      await expect(manager.verifyBackup(id)).rejects.toMatchObject({
        code: 'BACKUP_NOT_FOUND',
      });
      await expect(manager.deleteBackup(id)).rejects.toMatchObject({
        code: 'BACKUP_NOT_FOUND',
      });
    });
  }
});

describe('a backup whose bytes went bad on the way to disk', () => {
  it('throws at creation, is marked failed and never counts as good', async () => {
    const { createWriteStream } = await import('node:fs');
    const { Transform } = await import('node:stream');
    const flipFirstByte = (path: string) => {
      let first = true;
      const flip = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (first) chunk[0] = (chunk[0] ?? 0) ^ 0x01;
          first = false;
          done(null, chunk);
        },
      });
      flip.pipe(createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      return flip;
    };
    const flaky = new BackupManager({
      db,
      config: {
        directory: manager.config.directory,
        maxBackups: 1,
        compress: 'gzip',
      },
      openWrite: flipFirstByte,
    });

    await expect(flaky.createBackup('flipped')).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
    });
    const [newest] = await flaky.listBackups();
    expect(newest).toMatchObject({ status: 'failed', verified: false });
    const stats = await flaky.getBackupStats();
    expect(stats.lastGoodBackup?.backupId).toBe(backup.backupId);
    const pruned = await flaky.cleanupOldBackups();
    expect(pruned.kept.map((k) => k.backupId)).toEqual([backup.backupId]);
  });
});

describe('restore while another connection holds the database', () => {
  it('refuses with RESTORE_FAILED and leaves the live rows', async () => {
    const other = await openDb(join(temp.dir, 'live.db'));
    try {
      await readTitles(other);
      await expect(
        manager.restoreBackup(backup.backupId),
      ).rejects.toMatchObject({ code: 'RESTORE_FAILED' });
      expect(await readTitles(db)).toHaveLength(8);
      expect(await readTitles(other)).toHaveLength(8);
    } finally {
      await other.disconnect();
    }
  });
});
