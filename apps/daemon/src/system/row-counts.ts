import { stat } from 'node:fs/promises';
import type { Database } from '@steno/db';

/** Row counts of every table, and when they were taken. */
export interface RowCountReading {
  /** Null before the first count, and when the tables cannot be read. */
  rows: Record<string, number> | null;
  /** When the counts were taken; null before the first count. */
  countedAt: string | null;
}

/** Options of {@link RowCountCache}. */
export interface RowCountCacheOptions {
  /** Counts every table; `db.countRows()` for a database. */
  count: () => Promise<Record<string, number>>;
  /** Files whose size or modification time moves on every commit. */
  files: readonly string[];
  /** Longest a read waits for a running count; 200 ms by default. */
  waitMs?: number;
  now?: () => number;
}

/** A slow count runs at most this share of the time: 1 in 10. */
const DUTY_DIVISOR = 10;
/** A count faster than this may run on every read that needs one. */
const SLOW_COUNT_MS = 20;
/** Recount after this long even when the files look unchanged. */
const MAX_AGE_MS = 5 * 60_000;
const DEFAULT_WAIT_MS = 200;

/**
 * Row counts that cost a status read at most `waitMs`: counts are
 * reused while the database files are unchanged, and a count that
 * outlasts the wait finishes in the background for the next read.
 */
export class RowCountCache {
  private last: RowCountReading = { rows: null, countedAt: null };
  private counted: { fingerprint: string; at: number } | null = null;
  private lastDurationMs = 0;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: RowCountCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The newest counts, fresh when a count finishes within `waitMs`
   * (Infinity waits for it); otherwise the previous ones, which say
   * when they were taken. Never throws.
   */
  async read(waitMs = this.options.waitMs): Promise<RowCountReading> {
    const fingerprint = await fingerprintOf(this.options.files);
    if (this.isStale(fingerprint)) this.startCount(fingerprint);

    if (this.running) {
      await waitAtMost(this.running, waitMs ?? DEFAULT_WAIT_MS);
    }
    return this.last;
  }

  /** Whether a count is due, spaced so counting stays off the path. */
  private isStale(fingerprint: string): boolean {
    if (this.running) return false;
    if (!this.counted) return true;

    const since = this.now() - this.counted.at;
    const slow = this.lastDurationMs > SLOW_COUNT_MS;
    if (slow && since < this.lastDurationMs * DUTY_DIVISOR) return false;
    return fingerprint !== this.counted.fingerprint || since > MAX_AGE_MS;
  }

  private startCount(fingerprint: string): void {
    const at = this.now();
    this.counted = { fingerprint, at };
    this.running = this.options
      .count()
      .then(
        (rows) => rows,
        () => null,
      )
      .then((rows) => {
        this.last = { rows, countedAt: new Date(at).toISOString() };
        this.lastDurationMs = this.now() - at;
        this.running = null;
      });
  }
}

const caches = new WeakMap<Database, RowCountCache>();

/** The one cache of `db`, so every status read of it shares the counts. */
export function rowCountsOf(db: Database): RowCountCache {
  let cache = caches.get(db);
  if (!cache) {
    const path = db.config.path;
    const files = path === ':memory:' ? [] : [path, `${path}-wal`];
    cache = new RowCountCache({ count: () => db.countRows(), files });
    caches.set(db, cache);
  }
  return cache;
}

/**
 * Size, inode and modification time of each file. A filesystem with
 * coarse times may hide a commit until MAX_AGE_MS has passed.
 */
async function fingerprintOf(files: readonly string[]): Promise<string> {
  // Without files (an in-memory database) every read may need a count.
  if (files.length === 0) return String(Math.random());
  const parts = await Promise.all(
    files.map(async (file) => {
      const info = await stat(file).catch(() => null);
      return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : '-';
    }),
  );
  return parts.join('|');
}

function waitAtMost(work: Promise<void>, ms: number): Promise<void> {
  if (ms === Infinity) return work;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void work.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
