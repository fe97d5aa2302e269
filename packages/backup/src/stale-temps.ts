import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@steno/db';

/** A `.tmp` file untouched this long belongs to a run that died. */
export const STALE_AFTER_MS = 15 * 60_000;

/**
 * Removes partial files left by a crashed run. Files still being
 * written are fresh, so another process's run is left alone.
 */
export async function removeStaleTemps(
  directory: string,
  logger: Logger,
  now = Date.now(),
): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(directory).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.tmp'))) {
    const path = join(directory, name);
    const info = await stat(path).catch(() => null);
    if (!info || now - info.mtimeMs < STALE_AFTER_MS) continue;
    await rm(path, { force: true });
    removed.push(name);
    logger.debug({ file: name }, 'removed partial file of a crashed run');
  }
  return removed;
}
