import { Cron } from 'croner';
import type { Logger } from '@steno/db';
import type { BackupInfo, JobLock } from './types.js';

/** What the scheduler drives; the manager implements it. */
export interface ScheduledJob {
  runScheduledBackup(): Promise<unknown>;
  listBackups(): Promise<BackupInfo[]>;
}

export interface SchedulerOptions {
  /** Seconds between runs, or a cron expression. */
  schedule: number | string;
  logger: Logger;
  jobLock?: JobLock;
  now: () => Date;
}

const JOB = 'backup';

/**
 * Runs the job on its schedule with croner, one run at a time. A failed
 * run is logged and the next still happens; a run missed while the
 * process was down happens once at start, never as a burst.
 */
export class BackupScheduler {
  private cron: Cron | null = null;
  private current: Promise<void> | null = null;

  constructor(
    private readonly job: ScheduledJob,
    private readonly options: SchedulerOptions,
  ) {}

  get isRunning(): boolean {
    return this.cron !== null;
  }

  async start(): Promise<void> {
    if (this.cron) return;
    this.cron = this.createCron();
    if (await this.missedRun()) {
      this.options.logger.info({ job: JOB }, 'catching up a missed backup');
      void this.trigger();
    }
  }

  /** Stops the timer and waits for a run in progress to end. */
  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = null;
    await this.current;
  }

  /** Starts one run unless one is in progress; never throws. */
  trigger(): Promise<void> {
    if (this.current) {
      this.options.logger.debug({ job: JOB }, 'backup still running, skip');
      return this.current;
    }
    this.current = this.runOnce().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async runOnce(): Promise<void> {
    const work = (): Promise<unknown> => this.job.runScheduledBackup();
    try {
      await (this.options.jobLock?.run(JOB, work) ?? work());
    } catch (error) {
      this.options.logger.error(
        { job: JOB, error: (error as Error).message },
        'scheduled backup failed',
      );
    }
  }

  private createCron(): Cron {
    const run = (): void => void this.trigger();
    const { schedule } = this.options;
    if (typeof schedule === 'string') {
      return new Cron(schedule, { protect: true }, run);
    }
    const first = new Date(this.options.now().getTime() + schedule * 1000);
    return new Cron(
      '* * * * * *',
      { protect: true, interval: schedule, startAt: first },
      run,
    );
  }

  /** True when the newest backup is older than one period. */
  private async missedRun(): Promise<boolean> {
    const newest = (await this.job.listBackups().catch(() => []))[0];
    if (!newest) return true;
    const last = new Date(newest.createdAt);
    const now = this.options.now();
    if (last.getTime() > now.getTime()) return false;
    const { schedule } = this.options;
    if (typeof schedule === 'number') {
      return now.getTime() - last.getTime() >= schedule * 1000;
    }
    const due = new Cron(schedule, { paused: true }).nextRun(last);
    return due !== null && due.getTime() <= now.getTime();
  }
}
