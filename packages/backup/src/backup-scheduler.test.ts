import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@steno/db';
import { BackupScheduler, type ScheduledJob } from './backup-scheduler.js';
import type { BackupInfo } from './types.js';

/** A job that records its runs; each takes `runMs` and may fail. */
function fakeJob(options: {
  newest?: Date;
  runMs?: number;
  failFirst?: boolean;
}) {
  const state = { runs: 0, active: 0, maxActive: 0, failures: 0 };
  const job: ScheduledJob = {
    async runScheduledBackup() {
      state.runs += 1;
      state.active += 1;
      state.maxActive = Math.max(state.maxActive, state.active);
      await sleep(options.runMs ?? 10);
      state.active -= 1;
      if (options.failFirst && state.runs === 1) {
        state.failures += 1;
        throw new Error('disk on fire');
      }
    },
    async listBackups() {
      if (!options.newest) return [];
      return [{ createdAt: options.newest.toISOString() } as BackupInfo];
    },
  };
  return { job, state };
}

let scheduler: BackupScheduler | null = null;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = null;
});

function schedule(job: ScheduledJob, every: number | string) {
  scheduler = new BackupScheduler(job, {
    schedule: every,
    logger: silentLogger,
    now: () => new Date(),
  });
  return scheduler;
}

describe('BackupScheduler', () => {
  it('catches up one missed run at start, not a burst', async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const { job, state } = fakeJob({ newest: twoDaysAgo });
    await schedule(job, 3600).start();
    await sleep(300);
    expect(state.runs).toBe(1);
  });

  it('does not run at start when the newest backup is recent', async () => {
    const { job, state } = fakeJob({ newest: new Date(Date.now() - 60_000) });
    await schedule(job, 3600).start();
    await sleep(300);
    expect(state.runs).toBe(0);
  });

  it('uses the cron expression to tell a missed run', async () => {
    const lastHour = new Date(Date.now() - 3_600_000);
    const { job, state } = fakeJob({ newest: lastHour });
    await schedule(job, '*/10 * * * *').start();
    await sleep(300);
    expect(state.runs).toBe(1);
  });

  it('keeps running after a failure and never overlaps', async () => {
    const { job, state } = fakeJob({
      newest: new Date(),
      runMs: 1_500,
      failFirst: true,
    });
    await schedule(job, 1).start();
    await sleep(4_200);
    expect(state.failures).toBe(1);
    expect(state.runs).toBeGreaterThanOrEqual(2);
    expect(state.maxActive).toBe(1);
  });

  it('sends every run through the job lock', async () => {
    const { job } = fakeJob({});
    const jobs: string[] = [];
    scheduler = new BackupScheduler(job, {
      schedule: 3600,
      logger: silentLogger,
      now: () => new Date(),
      jobLock: {
        run: async (name, work) => {
          jobs.push(name);
          return work();
        },
      },
    });
    await scheduler.start();
    await sleep(100);
    expect(jobs).toEqual(['backup']);
  });
});
