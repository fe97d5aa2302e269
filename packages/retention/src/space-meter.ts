import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setImmediate as yieldNow } from 'node:timers/promises';
import type { SqliteConnection } from '@steno/db';
import { allSql, numberSql } from './sql.js';

/** The page accounting of the main database file. */
export interface PageStats {
  pageSize: number;
  pageCount: number;
  freelistCount: number;
}

/** How freed database pages were handed back to the file system. */
export interface VacuumReport {
  mode: 'none' | 'auto' | 'incremental' | 'full';
  /** Bytes the main database file shrank by. */
  bytesReturned: number;
  reason: string;
}

/** Reads page_size, page_count and freelist_count. */
export async function readPageStats(
  connection: SqliteConnection,
): Promise<PageStats> {
  return {
    pageSize: await numberSql(connection, 'pragma page_size'),
    pageCount: await numberSql(connection, 'pragma page_count'),
    freelistCount: await numberSql(connection, 'pragma freelist_count'),
  };
}

/** Bytes of pages that hold data, i.e. not on the freelist. */
export function usedBytes(stats: PageStats): number {
  return (stats.pageCount - stats.freelistCount) * stats.pageSize;
}

/**
 * Returns free pages to the file system without blocking writers for
 * long: `incremental_vacuum` in small steps when the database was made
 * with auto_vacuum = incremental. Otherwise the pages stay on the
 * freelist, where SQLite reuses them, unless `allowFullVacuum` says a
 * full VACUUM (which locks out writers while it copies) is acceptable
 * and the volume has room for two copies of the database.
 */
export async function reclaimPages(
  connection: SqliteConnection,
  allowFullVacuum: boolean,
  databasePath: string,
): Promise<VacuumReport> {
  const before = await readPageStats(connection);
  const mode = await numberSql(connection, 'pragma auto_vacuum');
  if (before.freelistCount === 0) {
    return { mode: 'none', bytesReturned: 0, reason: 'no free pages' };
  }
  if (mode === 1) {
    return { mode: 'auto', bytesReturned: 0, reason: 'auto_vacuum full' };
  }
  if (mode === 2) {
    await incrementalVacuum(connection);
    return report('incremental', before, connection, 'auto_vacuum');
  }
  if (!allowFullVacuum) {
    const reason = 'auto_vacuum none; full vacuum not allowed';
    return { mode: 'none', bytesReturned: 0, reason };
  }
  const needed = 2 * before.pageCount * before.pageSize;
  if ((await freeBytes(databasePath)) < needed) {
    const reason = `full vacuum needs ${needed} free bytes`;
    return { mode: 'none', bytesReturned: 0, reason };
  }
  await allSql(connection, 'vacuum');
  return report('full', before, connection, 'allowed and disk has room');
}

async function freeBytes(databasePath: string): Promise<number> {
  const volume = await statfs(dirname(databasePath));
  return volume.bavail * volume.bsize;
}

async function incrementalVacuum(connection: SqliteConnection) {
  for (let step = 0; step < 100_000; step++) {
    const free = await numberSql(connection, 'pragma freelist_count');
    if (free === 0) return;
    await allSql(connection, 'pragma incremental_vacuum(256)');
    await yieldNow();
  }
}

async function report(
  mode: VacuumReport['mode'],
  before: PageStats,
  connection: SqliteConnection,
  reason: string,
): Promise<VacuumReport> {
  const after = await readPageStats(connection);
  const bytesReturned = (before.pageCount - after.pageCount) * before.pageSize;
  return { mode, bytesReturned, reason };
}
