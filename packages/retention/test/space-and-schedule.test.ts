import { statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { RetentionManager } from '../src/index.js';
import {
  DAY,
  openSandbox,
  sessionIds,
  sessionRow,
  writeSized,
  type Sandbox,
} from './helpers.js';

const OLD = Date.now() - 100 * DAY;

let box: Sandbox | null = null;

afterEach(async () => {
  await box?.cleanup();
  box = null;
});

async function seedEntries(sandbox: Sandbox, count: number): Promise<void> {
  await sandbox.sessions.bulkInsert('Session', [
    sessionRow(1, 'completed', OLD),
  ]);
  await sandbox.sessions.bulkInsert(
    'TranscriptEntry',
    Array.from({ length: count }, (_, i) => ({
      session: 1,
      text: 'x'.repeat(400),
      startTime: i,
      endTime: i + 1,
      createdAt: new Date(OLD),
    })),
  );
}

async function pragma(sandbox: Sandbox, name: string): Promise<number> {
  const [row] = await sandbox.db.executeQuery(`pragma ${name}`);
  return Number(Object.values(row ?? {})[0]);
}

const manager = (sandbox: Sandbox, extra = {}) =>
  new RetentionManager(sandbox.db, {
    config: { backupBeforeCleanup: false, transcript_retention_days: 30 },
    storageRoots: [sandbox.root],
    ...extra,
  });

describe('space accounting', () => {
  it('hands pages back with incremental vacuum when so configured', async () => {
    box = await openSandbox(['pragma auto_vacuum = incremental', 'vacuum']);
    await seedEntries(box, 20_000);
    const pagesBefore = await pragma(box, 'page_count');
    const size = await pragma(box, 'page_size');

    const run = await manager(box).applyRetentionRules();
    const pagesAfter = await pragma(box, 'page_count');
    expect(run.results[0]?.deletedCount).toBe(20_000);
    expect(run.vacuum?.mode).toBe('incremental');
    expect(await pragma(box, 'freelist_count')).toBe(0);
    expect(pagesAfter).toBeLessThan(pagesBefore / 2);
    expect(run.vacuum?.bytesReturned).toBe((pagesBefore - pagesAfter) * size);
  });

  it('runs a full vacuum only when allowed', async () => {
    box = await openSandbox();
    await seedEntries(box, 20_000);
    const pagesBefore = await pragma(box, 'page_count');
    const size = await pragma(box, 'page_size');
    const run = await manager(box, {
      allowFullVacuum: true,
    }).applyRetentionRules();
    const pagesAfter = await pragma(box, 'page_count');
    expect(run.vacuum?.mode).toBe('full');
    expect(pagesAfter).toBeLessThan(pagesBefore / 2);
    expect(run.vacuum?.bytesReturned).toBe((pagesBefore - pagesAfter) * size);
  });

  it('leaves pages on the freelist and reports them reclaimable', async () => {
    box = await openSandbox();
    await seedEntries(box, 5_000);
    const audio = await writeSized(join(box.root, 'a.wav'), 4096);
    await box.sessions.bulkInsert('FileInfo', [
      { session: 1, filePath: audio, fileType: 'audio', fileSize: 4000 },
    ]);
    const retention = manager(box);
    const run = await retention.applyRetentionRules();
    expect(run.vacuum?.mode).toBe('none');

    const usage = await retention.getStorageUsage();
    const free = await pragma(box, 'freelist_count');
    expect(free).toBeGreaterThan(0);
    expect(usage.reclaimableDatabaseBytes).toBe(
      free * (await pragma(box, 'page_size')),
    );
    const path = box.db.config.path;
    expect(usage.databaseBytes).toBe(
      statSync(path).size + statSync(`${path}-wal`).size,
    );
    expect(usage.recordedFileBytes).toBe(4000);
    expect(usage.fileBytesOnDisk).toBe(4096);
    const volume = statfsSync(box.dir);
    expect(usage.totalBytes).toBe(volume.blocks * volume.bsize);
  });

  it('estimates exactly what a run in small batches then deletes', async () => {
    box = await openSandbox();
    await seedEntries(box, 1_234);
    const retention = manager(box, { batchSize: 100 });
    const estimate = await retention.estimateCleanup();
    const run = await retention.applyRetentionRules();
    expect(estimate.total.items).toEqual({ TranscriptEntry: 1_234 });
    expect(run.results[0]?.items).toEqual(estimate.total.items);
  });

  it('stops at the time budget and says what remains', async () => {
    box = await openSandbox();
    await seedEntries(box, 3_000);
    const retention = manager(box, { batchSize: 500, timeBudgetMs: 0 });
    const result = await retention.applyRule('transcripts');
    expect(result.complete).toBe(false);
    expect(result.deletedCount + result.remaining).toBe(3_000);
  });
});

describe('rules and schedule', () => {
  it('rejects a duplicate rule id and an unknown one', async () => {
    box = await openSandbox();
    const retention = manager(box);
    expect(() =>
      retention.addRule({
        ruleId: 'transcripts',
        name: 'again',
        entity: 'TranscriptEntry',
        retentionDays: 1,
      }),
    ).toThrow(/rule transcripts already exists/);
    await expect(retention.applyRule('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('runs on its schedule through the job lock', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [sessionRow(1, 'completed', OLD)]);
    const jobs: string[] = [];
    const retention = new RetentionManager(box.db, {
      config: {
        backupBeforeCleanup: false,
        schedule: 1,
        session_retention_days: 30,
      },
      jobLock: {
        run: (job, work) => {
          jobs.push(job);
          return work();
        },
      },
    });
    retention.startScheduledCleanup();
    await sleep(1_500);
    retention.stopScheduledCleanup();
    expect(jobs[0]).toBe('retention');
    expect(await sessionIds(box.db)).toEqual([]);
    expect(retention.getRetentionStats().totalItemsManaged).toBe(1);
  });
});
