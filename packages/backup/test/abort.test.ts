import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import {
  BackupManager,
  type BackupEvent,
  type BackupProgress,
} from '../src/index.js';
import { makeTempDir, openDb } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let runs = 0;

/** About 25 MB of sessions, so each phase takes long enough to abort. */
beforeAll(async () => {
  temp = await makeTempDir();
  db = await openDb(join(temp.dir, 'live.db'));
  await db.executeQuery(
    'with recursive n(i) as (select 1 union all select i + 1 from n ' +
      'where i < 100000) insert into sessions (title, start_time, ' +
      "created_at, updated_at) select 'session ' || i || ' ' || " +
      'hex(randomblob(100)), i, i, i from n',
  );
});

afterAll(async () => {
  await db.disconnect();
  await temp.cleanup();
});

/** A manager on a folder of its own, recording events. */
function freshManager() {
  runs += 1;
  const directory = join(temp.dir, `backups-${runs}`);
  const events: BackupEvent[] = [];
  const manager = new BackupManager({
    db,
    config: { directory },
    onEvent: (event) => events.push(event),
  });
  return { manager, events, directory };
}

/** Starts a backup and aborts it once `phase` first reports progress. */
async function abortIn(phase: string) {
  const run = freshManager();
  const controller = new AbortController();
  const onProgress = (p: BackupProgress) => {
    if (p.phase === phase) setImmediate(() => controller.abort('shutdown'));
  };
  const failure = await run.manager
    .createBackup('to abort', { onProgress, signal: controller.signal })
    .then(
      () => null,
      (error: unknown) => error as Error & { code: string; cause: unknown },
    );
  return { ...run, failure };
}

function expectAborted(failure: { code: string; message: string } | null) {
  expect(failure?.code).toBe('BACKUP_FAILED');
  expect(failure?.message).toMatch(
    /^create backup \S+: aborted \(shutdown\); every partial file/,
  );
}

it('abort in the snapshot interrupts VACUUM INTO, no file left', async () => {
  const { manager, events, directory, failure } = await abortIn('snapshot');

  expectAborted(failure);
  const snapshotError = failure?.cause as { cause?: { code?: string } };
  expect(snapshotError.cause?.code).toBe('SQLITE_INTERRUPT');
  expect(await readdir(directory)).toEqual([]);
  expect(await manager.listBackups()).toEqual([]);
  expect(events).toEqual([
    expect.objectContaining({ type: 'backup.failed', operation: 'create' }),
  ]);
});

it('abort in compression destroys the streams, no file left', async () => {
  const { events, directory, failure } = await abortIn('compress');

  expectAborted(failure);
  expect(await readdir(directory)).toEqual([]);
  expect(events.map((e) => e.type)).toEqual(['backup.failed']);
});

it('aborting during verification removes the written backup', async () => {
  const { manager, events, directory, failure } = await abortIn('verify');

  expectAborted(failure);
  expect(await readdir(directory)).toEqual([]);
  expect(await manager.listBackups()).toEqual([]);
  expect(events.map((e) => e.type)).toEqual([
    'backup.created',
    'backup.failed',
  ]);
});

it('abortBackups stops a backup and waits for its cleanup', async () => {
  const { manager, directory } = freshManager();
  let aborted: Promise<void> | null = null;
  const running = manager.createBackup('shutdown', {
    onProgress: (p) => {
      if (p.phase === 'snapshot' && !aborted) {
        aborted = manager.abortBackups('grace period over');
      }
    },
  });
  const failure = await running.then(
    () => null,
    (error: unknown) => error as Error,
  );
  await aborted;

  expect(failure?.message).toMatch(/aborted \(grace period over\)/);
  expect(await readdir(directory)).toEqual([]);
  // The manager still works after an abort.
  const info = await manager.createBackup('after');
  expect(info.verified).toBe(true);
});
