import { stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Database } from '@steno/db';
import { readPageStats } from './space-meter.js';
import { allSql, numberSql } from './sql.js';
import type { StorageUsage } from './types.js';

/**
 * Measures the volume holding the database, the database itself and the
 * files its rows name. Paths are resolved against `baseDir`.
 */
export async function measureStorage(
  db: Database,
  baseDir: string,
): Promise<StorageUsage> {
  const path = db.config.path;
  const volume = await statfs(dirname(path));
  const total = volume.blocks * volume.bsize;
  const available = volume.bavail * volume.bsize;
  const used = total - volume.bfree * volume.bsize;

  const pages = await db.withConnection(readPageStats);
  const databaseBytes = (await sizeOf(path)) + (await sizeOf(`${path}-wal`));
  return {
    totalBytes: total,
    usedBytes: used,
    availableBytes: available,
    usagePercent: total > 0 ? round((used / total) * 100) : 0,
    databaseBytes,
    reclaimableDatabaseBytes: pages.freelistCount * pages.pageSize,
    recordedFileBytes: await db.withConnection((c) =>
      numberSql(c, 'select coalesce(sum(file_size), 0) from file_infos'),
    ),
    fileBytesOnDisk: await filesOnDisk(db, baseDir),
  };
}

async function filesOnDisk(db: Database, baseDir: string): Promise<number> {
  const rows = await db.withConnection((c) =>
    allSql(
      c,
      'select audio_file_path as p from sessions union ' +
        'select transcript_file_path from sessions union ' +
        'select file_path from file_infos',
    ),
  );
  let bytes = 0;
  for (const row of rows) {
    if (typeof row.p !== 'string') continue;
    bytes += await sizeOf(resolve(baseDir, row.p));
  }
  return bytes;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
