import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';
import type { DeliveredEvent } from './events.js';
import { Scheduler } from './scheduler.js';

let scheduler: Scheduler | null = null;

afterEach(async () => {
  await scheduler?.stop(5_000);
  scheduler = null;
});

describe('Scheduler', () => {
  it('never runs two exclusive jobs at once', async () => {
    scheduler = new Scheduler();
    let inside = 0;
    let most = 0;
    const runs: string[] = [];
    const work = (name: string) => async () => {
      inside += 1;
      most = Math.max(most, inside);
      await sleep(150);
      runs.push(name);
      inside -= 1;
    };
    scheduler.add({
      name: 'backup',
      schedule: 60,
      run: work('backup'),
      exclusive: true,
    });
    scheduler.add({
      name: 'retention',
      schedule: 60,
      run: work('retention'),
      exclusive: true,
    });

    await Promise.all([
      scheduler.runNow('backup'),
      scheduler.runNow('retention'),
      scheduler.runNow('backup'),
    ]);
    expect(most).toBe(1);
    expect(runs).toEqual(['backup', 'retention']);
  });

  it('reports the next run one interval ahead', () => {
    scheduler = new Scheduler();
    const before = Date.now();
    scheduler.add({ name: 'metrics', schedule: 30, run: async () => {} });
    scheduler.add({
      name: 'nightly',
      schedule: '0 3 * * *',
      run: async () => {},
    });
    const [metrics, nightly] = scheduler.jobs();

    const next = Date.parse(metrics!.nextRun!);
    expect(next - before).toBeGreaterThanOrEqual(29_000);
    expect(next - before).toBeLessThanOrEqual(31_000);
    const at = new Date(nightly!.nextRun!);
    expect([at.getHours(), at.getMinutes(), at.getSeconds()]).toEqual([
      3, 0, 0,
    ]);
  });

  it('records a failure, emits it, and still runs next time', async () => {
    const events: DeliveredEvent[] = [];
    const bus = new EventBus();
    bus.on('job.failed', (event) => events.push(event));
    scheduler = new Scheduler({ events: bus });
    let calls = 0;
    scheduler.add({
      name: 'flaky',
      schedule: 1,
      firstRunAt: new Date(Date.now() + 200),
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('disk on fire');
      },
    });

    await sleep(2_600);
    const [job] = scheduler.jobs();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(job!.failures).toBe(1);
    expect(job!.lastRun?.ok).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ job: 'flaky', error: 'disk on fire' });
  });

  it('waits for a running job within the grace, not longer', async () => {
    scheduler = new Scheduler();
    let finished = false;
    scheduler.add({
      name: 'slow',
      schedule: 60,
      run: async () => {
        await sleep(300);
        finished = true;
      },
    });
    void scheduler.runNow('slow');
    await sleep(20);
    expect(await scheduler.stop(2_000)).toEqual([]);
    expect(finished).toBe(true);

    const other = new Scheduler();
    other.add({ name: 'stuck', schedule: 60, run: () => sleep(1_500) });
    void other.runNow('stuck');
    await sleep(20);
    const started = Date.now();
    expect(await other.stop(200)).toEqual(['stuck']);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(other.jobs()[0]!.nextRun).toBeNull();
  });

  it('refuses a second job of the same name and an unknown one', async () => {
    scheduler = new Scheduler();
    scheduler.add({ name: 'backup', schedule: 60, run: async () => {} });
    expect(() =>
      scheduler!.add({ name: 'backup', schedule: 5, run: async () => {} }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    await expect(scheduler.runNow('vacuum')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no job named vacuum; scheduled jobs: backup',
    });
  });

  it('drops a run still waiting for the lock when stopped', async () => {
    scheduler = new Scheduler();
    const ran: string[] = [];
    scheduler.add({
      name: 'a',
      schedule: 60,
      exclusive: true,
      run: async () => {
        await sleep(200);
        ran.push('a');
      },
    });
    scheduler.add({
      name: 'b',
      schedule: 60,
      exclusive: true,
      run: async () => {
        ran.push('b');
      },
    });
    void scheduler.runNow('a');
    const waiting = scheduler.runNow('b');
    await sleep(20);
    await scheduler.stop(2_000);
    await waiting;
    expect(ran).toEqual(['a']);
  });
});
