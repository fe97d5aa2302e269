import { runProcess } from './child.js';
import { workerPath } from './worker-path.js';

/** What one worker operation reported, with its process's peak RSS. */
export interface OpResult {
  ms: number;
  peakRssMb: number;
  backupId?: string;
  /** Bytes of the archive a backup wrote. */
  bytes?: number;
  ok?: boolean;
  deleted?: number;
}

/**
 * Runs the built `workers/steno-op.ts` in a child process under GNU
 * time; throws with the child's stderr when the operation failed.
 */
export async function runStenoOp(
  op: string,
  db: string,
  backupDir: string,
  codec: string,
  arg = '',
): Promise<OpResult> {
  const args = [workerPath('steno-op'), op, db, backupDir, codec, arg];
  const run = await runProcess(process.execPath, args);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || !last.startsWith('{')) {
    const why = run.stderr.trim().split('\n').slice(0, 6).join('\n');
    throw new Error(`steno-op ${op} exited with ${run.code}: ${why}`);
  }
  return { ...(JSON.parse(last) as OpResult), peakRssMb: run.peakRssMb };
}
