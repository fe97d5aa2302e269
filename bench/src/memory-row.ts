import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context.js';
import { compareRow, type ResultRow } from './result.js';
import { summarize } from './stats.js';
import { runStenoOp } from './steno-op.js';

const idlePeaks = new WeakMap<BenchContext, number>();

/**
 * Peak RSS of the worker process when it only opens the database and
 * builds the manager: the floor every operation's peak is compared to.
 */
export async function idleWorkerRss(context: BenchContext): Promise<number> {
  const known = idlePeaks.get(context);
  if (known !== undefined) return known;
  const dir = join(context.workDir, 'backups-idle');
  mkdirSync(dir, { recursive: true });
  const idle = await runStenoOp('idle', context.data.path, dir, 'gzip');
  rmSync(dir, { recursive: true, force: true });
  idlePeaks.set(context, idle.peakRssMb);
  return idle.peakRssMb;
}

/** A peak-RSS row held to the 150 MB bound. */
export async function memoryRow(
  context: BenchContext,
  name: string,
  peaks: number[],
): Promise<ResultRow> {
  const idle = await idleWorkerRss(context);
  return compareRow(
    `memory.${name}`,
    `memory: ${name} process peak RSS`,
    { label: `${name} process`, unit: 'MB', summary: summarize(peaks) },
    {
      label: 'same process, database opened only',
      unit: 'MB',
      summary: summarize([idle]),
    },
    { op: '<=', value: 150, on: 'subject' },
  );
}
