import { rm } from 'node:fs/promises';
import { Database, type SqliteConnection } from '@steno/db';
import { StenoError } from '@steno/models';
import { all } from './sqlite-file.js';
import type { ProgressCallback } from './types.js';

type Interruptible = SqliteConnection & { interrupt?: () => void };

export interface SnapshotOptions {
  timeoutMs: number;
  onProgress?: ProgressCallback;
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
  const own = new Database(
    { ...db.config, poolSize: 1 },
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
  await vacuumInto(connection, target, options.timeoutMs);
  report(pages);
}

async function vacuumInto(
  connection: Interruptible,
  target: string,
  timeoutMs: number,
): Promise<void> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt?.();
  }, timeoutMs);

  try {
    await all(connection, 'vacuum into ?', [target]);
  } catch (error) {
    await rm(target, { force: true });
    const reason = timedOut
      ? `took longer than ${timeoutMs} ms and was aborted`
      : (error as Error).message;
    throw new StenoError('BACKUP_FAILED', `snapshot database: ${reason}`, {
      cause: error,
      details: { target, timedOut },
    });
  } finally {
    clearTimeout(timer);
  }
}
