import { rm } from 'node:fs/promises';
import { Database, type SqliteConnection } from '@steno/db';
import { StenoError } from '@steno/models';
import { all, interruptible, SIDE_CACHE_SIZE } from './sqlite-file.js';
import type { ProgressCallback } from './types.js';

type Interruptible = SqliteConnection & { interrupt?: () => void };

export interface SnapshotOptions {
  timeoutMs: number;
  onProgress?: ProgressCallback;
  /** Interrupts `VACUUM INTO` the way the timeout does. */
  signal?: AbortSignal;
}

/**
 * Writes a consistent copy of the live database to `target` with
 * `VACUUM INTO`: one read transaction, so writers keep committing and
 * it never restarts. Past `timeoutMs` it is interrupted and the partial
 * file removed.
 */
export async function takeSnapshot(
  db: Database,
  target: string,
  options: SnapshotOptions,
): Promise<void> {
  if (db.config.path === ':memory:') {
    throw new StenoError(
      'BACKUP_FAILED',
      'snapshot database: an in-memory database has no file to back up',
    );
  }
  // Its own connection: the app's pool (often one connection) stays free.
  // VACUUM INTO gives the copy the same cache size, hence a small one.
  const own = new Database(
    { ...db.config, poolSize: 1, cacheSize: SIDE_CACHE_SIZE },
    { logger: db.logger },
  );
  await own.connect();
  try {
    await own.withConnection((connection) =>
      snapshotOn(connection, target, options),
    );
  } finally {
    await own.disconnect();
  }
}

async function snapshotOn(
  connection: Interruptible,
  target: string,
  options: SnapshotOptions,
): Promise<void> {
  const [row] = await all(connection, 'pragma page_count');
  const pages = Number(row?.page_count ?? 0);
  const report = (done: number): void =>
    options.onProgress?.({
      phase: 'snapshot',
      done,
      total: pages,
      unit: 'pages',
    });

  report(0);
  await vacuumInto(connection, target, options);
  report(pages);
}

async function vacuumInto(
  connection: Interruptible,
  target: string,
  { timeoutMs, signal }: SnapshotOptions,
): Promise<void> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const stop = signal
    ? AbortSignal.any([signal, timeout.signal])
    : timeout.signal;

  try {
    signal?.throwIfAborted();
    await interruptible(connection, stop, () =>
      all(connection, 'vacuum into ?', [target]),
    );
    stop.throwIfAborted();
  } catch (error) {
    await rm(target, { force: true });
    const timedOut = timeout.signal.aborted;
    throw snapshotFailed(error, target, timeoutMs, timedOut, signal);
  } finally {
    clearTimeout(timer);
  }
}

function snapshotFailed(
  error: unknown,
  target: string,
  timeoutMs: number,
  timedOut: boolean,
  signal: AbortSignal | undefined,
): StenoError {
  const reason = timedOut
    ? `took longer than ${timeoutMs} ms and was aborted`
    : signal?.aborted
      ? 'aborted'
      : (error as Error).message;
  return new StenoError('BACKUP_FAILED', `snapshot database: ${reason}`, {
    cause: error,
    details: { target, timedOut, aborted: signal?.aborted === true },
  });
}
