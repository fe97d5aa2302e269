import { chmod, chown, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  readPragma,
  runSql,
  type Database,
  type Logger,
  type SqliteConnection,
} from '@steno/db';
import { StenoError } from '@steno/models';
import { fsyncDirectory, fsyncFile } from './atomic-file.js';
import { SIDE_CACHE_SIZE } from './sqlite-file.js';
import type { ProgressCallback } from './types.js';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface SwapOptions {
  logger: Logger;
  onProgress?: ProgressCallback;
}

/**
 * Replaces the live database file with `replacement` (a verified file in
 * the same folder) under the same {@link Database} instance. A crash at
 * any step leaves the old file or the new one in place, never a mix:
 * the old -wal is checkpointed empty before anything moves, side files
 * are moved aside (not deleted) until the swap held, and the swap is
 * one rename.
 */
export async function swapDatabase(
  db: Database,
  replacement: string,
  options: SwapOptions,
): Promise<void> {
  const live = db.config.path;
  const step = (done: number): void =>
    options.onProgress?.({ phase: 'swap', done, total: 4, unit: 'steps' });
  await matchOwnership(live, replacement, options.logger);
  await fsyncFile(replacement);

  step(0);
  await closeQuietly(db, live);
  step(1);
  let aside: string;
  let previous: string | null;
  try {
    aside = await moveSideFilesAside(live);
    step(2);
    previous = await keepPrevious(live, options.logger);
    await rename(replacement, live);
    await fsyncDirectory(dirname(live));
  } catch (error) {
    // Nothing was swapped: the old file is whole, so reopen it as it was.
    await db.connect();
    throw error;
  }
  step(3);

  await reopenOrRollBack(db, previous, options.logger);
  step(4);
  await rm(aside, { recursive: true, force: true });
  if (previous) await rm(previous, { force: true });
}

/**
 * Empties the -wal into the file, then closes every pooled connection.
 * The last connection to close deletes -wal and -shm, so either file
 * still there means another process has the database open.
 */
async function closeQuietly(db: Database, live: string): Promise<void> {
  const [row] = await db.executeQuery<{ busy: number }>(
    'pragma wal_checkpoint(TRUNCATE)',
  );
  await db.disconnect();
  const wal = await stat(`${live}-wal`).catch(() => null);
  const shm = await stat(`${live}-shm`).catch(() => null);
  if ((row?.busy ?? 0) !== 0 || wal || shm) {
    await db.connect();
    throw new StenoError(
      'RESTORE_FAILED',
      `restore database ${live}: another process still has it open; ` +
        'stop the steno daemon and try again',
      { details: { db: live } },
    );
  }
}

/** Moves -wal/-shm/-journal into a folder; kept until the swap held. */
async function moveSideFilesAside(live: string): Promise<string> {
  const aside = join(dirname(live), `.${basename(live)}.restore-aside`);
  await rm(aside, { recursive: true, force: true });
  await mkdir(aside, { mode: 0o700 });
  for (const suffix of SIDE_FILES) {
    const from = `${live}${suffix}`;
    await rename(from, join(aside, basename(from))).catch(ignoreMissing);
  }
  await fsyncDirectory(dirname(live));
  return aside;
}

/** A hard link to the old file, so a failed reopen can roll back. */
async function keepPrevious(
  live: string,
  logger: Logger,
): Promise<string | null> {
  const previous = `${live}.pre-restore`;
  await rm(previous, { force: true });
  try {
    await link(live, previous);
    return previous;
  } catch (error) {
    logger.warn(
      { db: live, error: (error as Error).message },
      'cannot keep the old file for a rollback; restoring without one',
    );
    return null;
  }
}

async function reopenOrRollBack(
  db: Database,
  previous: string | null,
  logger: Logger,
): Promise<void> {
  try {
    await db.connect();
    const result = await db.withConnection((c) => checkWithSmallCache(db, c));
    if (result !== 'ok') throw new Error(`integrity_check: ${result}`);
  } catch (error) {
    logger.error(
      { db: db.config.path, error: (error as Error).message },
      'restored database failed to open, rolling back',
    );
    await db.disconnect();
    if (previous) await rename(previous, db.config.path);
    await db.connect();
    throw new StenoError(
      'RESTORE_FAILED',
      `reopen restored database: ${(error as Error).message}; ` +
        'the previous database is back in place',
      { cause: error, details: { db: db.config.path } },
    );
  }
}

/** Gives the new file the old one's mode and owner, as far as allowed. */
async function matchOwnership(
  live: string,
  target: string,
  logger: Logger,
): Promise<void> {
  const old = await stat(live).catch(() => null);
  if (!old) return;
  await chmod(target, old.mode & 0o7777);
  await chown(target, old.uid, old.gid).catch((error: unknown) => {
    logger.warn(
      { db: live, uid: old.uid, error: (error as Error).message },
      'cannot give the restored file its old owner',
    );
  });
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

/**
 * Runs `integrity_check` with the small cache of the side connections,
 * then gives the connection back its configured cache: the check reads
 * every page once and needs no cache to speak of.
 */
async function checkWithSmallCache(
  db: Database,
  connection: SqliteConnection,
): Promise<string> {
  await runSql(connection, `pragma cache_size = ${SIDE_CACHE_SIZE}`);
  try {
    return await readPragma(connection, 'integrity_check');
  } finally {
    await runSql(connection, `pragma cache_size = ${db.config.cacheSize}`);
  }
}
