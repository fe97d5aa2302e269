import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@steno/db';

/** A partial untouched this long belongs to a run that died. */
export const STALE_AFTER_MS = 15 * 60_000;

const BACKUP_ID = /\d{8}T\d{6}Z-[0-9a-f]{6}/;
const SIDE_FILE = '(?:-journal|-wal|-shm)?';
const WITH_PID = new RegExp(`\\.(\\d+)\\.tmp${SIDE_FILE}$`);
const ANY_TEMP = new RegExp(`\\.tmp${SIDE_FILE}$`);

/** A file a backup run writes before it commits, or its SQLite journal. */
export interface PartialFile {
  file: string;
  bytes: number;
  modifiedAt: string;
  backupId: string | null;
  /** The process that wrote it; null for names without one. */
  writerPid: number | null;
  /** True when the next sweep removes it: its writer is gone. */
  abandoned: boolean;
}

/**
 * The path a run of this process writes `base` to before it commits:
 * the pid in the name lets a later process see that its writer died.
 */
export function partialPath(directory: string, base: string): string {
  return join(directory, `${base}.${process.pid}.tmp`);
}

/** The partial files in `directory`, with their size and verdict. */
export async function listPartials(
  directory: string,
  names: string[],
  now = Date.now(),
): Promise<PartialFile[]> {
  const partials: PartialFile[] = [];
  for (const file of names.filter((name) => ANY_TEMP.test(name)).sort()) {
    const info = await stat(join(directory, file)).catch(() => null);
    if (!info?.isFile()) continue;
    const writerPid = pidOf(file);
    partials.push({
      file,
      bytes: info.size,
      modifiedAt: info.mtime.toISOString(),
      backupId: BACKUP_ID.exec(file)?.[0] ?? null,
      writerPid,
      abandoned: isAbandoned(writerPid, now - info.mtimeMs),
    });
  }
  return partials;
}

/**
 * Removes the partial files whose writer is gone: its pid is not
 * running, or (for a pid reused since, or a name without one) nothing
 * touched the file for {@link STALE_AFTER_MS}. Never one of this
 * process, so a live run never loses its file.
 */
export async function sweepPartials(
  directory: string,
  logger: Logger,
  now = Date.now(),
): Promise<PartialFile[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const abandoned = (await listPartials(directory, names, now)).filter(
    (partial) => partial.abandoned,
  );

  const removed: PartialFile[] = [];
  for (const partial of abandoned) {
    const fields = { file: partial.file, bytes: partial.bytes };
    try {
      await rm(join(directory, partial.file), { force: true });
      removed.push(partial);
      logger.info(fields, 'removed partial file of a dead backup run');
    } catch (error) {
      const reason = (error as Error).message;
      logger.warn({ ...fields, error: reason }, 'cannot remove partial file');
    }
  }
  return removed;
}

function pidOf(file: string): number | null {
  const pid = Number(WITH_PID.exec(file)?.[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

function isAbandoned(pid: number | null, ageMs: number): boolean {
  // This process's own leftovers wait for its next start: no registry
  // says which of them a running verify or backup still reads.
  if (pid === process.pid) return false;
  // A pid means something on this host only: one backup folder shared by
  // two hosts could see a live run there as dead here.
  if (pid !== null && !isRunning(pid)) return true;
  return ageMs >= STALE_AFTER_MS;
}

/** Signal 0 checks that a process exists; EPERM means it does. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
