import { setTimeout as sleep } from 'node:timers/promises';
import { Cron } from 'croner';
import { StenoError } from '@steno/models';
import type { Schedule } from '../config/config-schema.js';
import type { EventBus } from './event-bus.js';
import { JobLock } from './job-lock.js';

/** One job the scheduler runs. */
export interface JobDefinition {
  name: string;
  /** Seconds between runs, or a cron expression. */
  schedule: Schedule;
  run: () => Promise<unknown>;
  /** Runs under the shared job lock, never beside another such job. */
  exclusive?: boolean;
  /** The first run, when it should not wait a whole interval. */
  firstRunAt?: Date;
}

/** How one job stands, for status pages. */
export interface JobStatus {
  name: string;
  schedule: Schedule;
  exclusive: boolean;
  running: boolean;
  nextRun: string | null;
  lastRun: JobRun | null;
  runs: number;
  failures: number;
}

export interface JobRun {
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  error?: string;
}

export interface SchedulerOptions {
  lock?: JobLock;
  events?: EventBus;
}

interface Entry {
  definition: JobDefinition;
  cron: Cron | null;
  /** Triggered and not finished: waiting for the lock or running. */
  pending: boolean;
  running: boolean;
  lastRun: JobRun | null;
  runs: number;
  failures: number;
}

/**
 * One croner scheduler for every job of the daemon: it knows each job's
 * next run, never overlaps two runs of a job, runs exclusive jobs one at
 * a time, and stops cleanly, waiting a bounded time for running jobs.
 */
export class Scheduler {
  readonly lock: JobLock;
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly events: EventBus | undefined;
  private stopping = false;

  constructor(options: SchedulerOptions = {}) {
    this.lock = options.lock ?? new JobLock();
    this.events = options.events;
  }

  /** Adds and starts a job; names are unique. */
  add(definition: JobDefinition): void {
    if (this.entries.has(definition.name)) {
      throw new StenoError(
        'INVALID_VALUE',
        `job ${definition.name} is already scheduled: pick another name`,
        { details: { job: definition.name } },
      );
    }
    const entry: Entry = {
      definition,
      cron: null,
      pending: false,
      running: false,
      lastRun: null,
      runs: 0,
      failures: 0,
    };
    entry.cron = createCron(definition, () => this.trigger(entry));
    this.entries.set(definition.name, entry);
  }

  /** Runs a job now, unless it is already running; resolves when done. */
  async runNow(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) {
      const known = [...this.entries.keys()].join(', ') || 'none';
      throw new StenoError(
        'NOT_FOUND',
        `no job named ${name}; scheduled jobs: ${known}`,
        { details: { job: name } },
      );
    }
    await this.trigger(entry);
  }

  /** Every job, its next run and how its last run went. */
  jobs(): JobStatus[] {
    return [...this.entries.values()].map((entry) => ({
      name: entry.definition.name,
      schedule: entry.definition.schedule,
      exclusive: entry.definition.exclusive === true,
      running: entry.running,
      nextRun: this.stopping
        ? null
        : (entry.cron?.nextRun()?.toISOString() ?? null),
      lastRun: entry.lastRun,
      runs: entry.runs,
      failures: entry.failures,
    }));
  }

  /** The names of the jobs running right now. */
  running(): string[] {
    return [...this.entries.values()]
      .filter((entry) => entry.running)
      .map((entry) => entry.definition.name);
  }

  /**
   * Stops scheduling, drops runs still waiting for the lock, and waits
   * up to `graceMs` for running jobs. Returns the jobs still running.
   */
  async stop(graceMs: number): Promise<string[]> {
    this.stopping = true;
    for (const entry of this.entries.values()) entry.cron?.stop();

    const settled = Promise.allSettled([...this.inflight]).then(() => true);
    const timer = sleep(graceMs, false, { ref: false });
    const finished = await Promise.race([settled, timer]);
    return finished ? [] : this.running();
  }

  private trigger(entry: Entry): Promise<void> {
    if (this.stopping || entry.pending) return Promise.resolve();
    entry.pending = true;
    const body = () => this.execute(entry);
    const run = (
      entry.definition.exclusive
        ? this.lock.run(entry.definition.name, body)
        : body()
    ).finally(() => {
      entry.pending = false;
      this.inflight.delete(run);
    });
    this.inflight.add(run);
    return run;
  }

  private async execute(entry: Entry): Promise<void> {
    if (this.stopping) return;
    const job = entry.definition.name;
    const startedAt = new Date();
    entry.running = true;
    this.events?.emit({ type: 'job.started', job });

    try {
      await entry.definition.run();
      entry.lastRun = finish(startedAt, true);
      const durationMs = Date.now() - startedAt.getTime();
      this.events?.emit({ type: 'job.completed', job, durationMs });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      entry.lastRun = { ...finish(startedAt, false), error: message };
      entry.failures += 1;
      this.events?.emit({ type: 'job.failed', job, error: message });
    } finally {
      entry.runs += 1;
      entry.running = false;
    }
  }
}

function finish(startedAt: Date, ok: boolean): JobRun {
  const finishedAt = new Date().toISOString();
  return { startedAt: startedAt.toISOString(), finishedAt, ok };
}

/**
 * Seconds become croner's every-second pattern with a minimum interval,
 * first firing one interval from now (or at `firstRunAt`).
 */
function createCron(
  definition: JobDefinition,
  fire: () => Promise<void>,
): Cron {
  const { name, schedule, firstRunAt } = definition;
  const options = { name, protect: true, catch: true };
  if (typeof schedule === 'string') {
    return new Cron(schedule, { ...options, startAt: firstRunAt }, fire);
  }
  const startAt = firstRunAt ?? new Date(Date.now() + schedule * 1000);
  return new Cron(
    '* * * * * *',
    { ...options, interval: schedule, startAt },
    fire,
  );
}
