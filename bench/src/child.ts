import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How one child process ran. */
export interface ProcessRun {
  code: number | null;
  ms: number;
  /** Peak resident set of the child (VmHWM), from GNU time. */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
let runs = 0;

/**
 * Runs a command to its end under GNU time, timing it from spawn to
 * exit and reading the child's peak RSS. Never throws for a non-zero
 * exit: the caller decides what a failure means.
 */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  const report = join(tmpdir(), `steno-bench-time-${process.pid}-${runs++}`);
  const timed = ['-f', '%M', '-o', report, command, ...args];
  const started = performance.now();
  const child = spawn(GNU_TIME, timed, { ...options, stdio: 'pipe' });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      resolve({
        code,
        ms,
        peakRssMb: readPeakRss(report),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs a bash pipeline; fails loudly when any part of it fails. */
export async function runShell(script: string): Promise<ProcessRun> {
  const run = await runProcess('bash', ['-o', 'pipefail', '-c', script]);
  if (run.code !== 0) {
    throw new Error(`"${script}" exited with ${run.code}: ${run.stderr}`);
  }
  return run;
}

function readPeakRss(report: string): number {
  try {
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    return Number(lines.at(-1)) / 1024;
  } catch {
    return Number.NaN;
  } finally {
    rmSync(report, { force: true });
  }
}
