import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import {
  BackupManager,
  type BackupEvent,
  type BackupInfo,
  type BackupProgress,
} from '../src/index.js';
import { insertSessions, makeTempDir, openDb } from './helpers.js';

let db: Database | null = null;
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await db?.disconnect();
  await cleanup?.();
});

it('reports progress and events; files 0600 in a 0700 folder', async () => {
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 3, 'row');
  const [pages] = await db.executeQuery<{ page_count: number }>(
    'pragma page_count',
  );
  const events: BackupEvent[] = [];
  const progress: BackupProgress[] = [];
  const manager = new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups') },
    onEvent: (event) => events.push(event),
  });

  const info = await manager.createBackup('watched', {
    onProgress: (p) => progress.push(p),
  });

  expect(events.map((e) => e.type)).toEqual([
    'backup.created',
    'backup.verified',
  ]);
  const onDisk = JSON.parse(
    await readFile(manager.catalogue.manifestPath(info.backupId), 'utf8'),
  ) as BackupInfo;
  expect(events[0]).toMatchObject({ info: { verified: false } });
  expect(events[1]).toMatchObject({
    backupId: info.backupId,
    info: { verified: true, status: 'verified' },
  });
  expect(onDisk).toMatchObject({ verified: true, status: 'verified' });
  const last = (phase: string) =>
    progress.filter((p) => p.phase === phase).at(-1);
  expect(last('snapshot')).toEqual({
    phase: 'snapshot',
    done: pages?.page_count,
    total: pages?.page_count,
    unit: 'pages',
  });
  expect(last('compress')).toMatchObject({
    done: info.fileSize,
    total: info.fileSize,
  });
  expect(last('commit')).toMatchObject({ done: 2, total: 2 });
  expect(last('verify')).toMatchObject({
    done: info.compressedSize,
    total: info.compressedSize,
  });

  const mode = async (path: string) => (await stat(path)).mode & 0o777;
  expect(await mode(manager.config.directory)).toBe(0o700);
  expect(await mode(info.filePath)).toBe(0o600);
  expect(await mode(manager.catalogue.manifestPath(info.backupId))).toBe(0o600);
});
