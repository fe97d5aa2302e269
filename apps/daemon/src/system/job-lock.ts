/**
 * Runs one job at a time, first come first served: the lock backups and
 * retention share so that they never run at once. It satisfies the job
 * lock the backup and retention packages accept.
 */
export class JobLock {
  private tail: Promise<void> = Promise.resolve();
  private holder: string | null = null;
  private queued = 0;

  /** The job holding the lock, or null. */
  get current(): string | null {
    return this.holder;
  }

  /** Jobs waiting for the lock. */
  get waiting(): number {
    return this.queued;
  }

  /** Waits for every earlier job, then runs `work` alone. */
  async run<T>(job: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));

    this.queued += 1;
    await previous;
    this.queued -= 1;

    this.holder = job;
    try {
      return await work();
    } finally {
      this.holder = null;
      release();
    }
  }
}
