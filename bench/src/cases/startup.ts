import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runProcess } from '../child.js';
import type { BenchCase, BenchContext } from '../context.js';
import { copyDatabase } from '../fresh-db.js';
import { compareSteps } from '../measure.js';
import { compareRow, missingRow, type ResultRow } from '../result.js';
import { summarize } from '../stats.js';

const NODE = process.execPath;

/**
 * Startup: cold start of `steno --version` and `steno status` vs
 * `node -e 0`, and the resident memory of an idle `steno daemon`.
 */
export const startupCase: BenchCase = {
  id: 'startup',
  title: 'startup',
  async run(context) {
    const cli = join(context.repoRoot, 'apps/daemon/dist/cli.js');
    if (!existsSync(cli)) {
      const why = `${cli} is missing: run pnpm build first`;
      return [missingRow('startup', 'startup', 'unavailable', why)];
    }
    const db = join(context.workDir, 'startup.db');
    copyDatabase(context.emptyDbPath, db);
    return [
      await coldStartRow(context, 'version', [cli, '--version']),
      await coldStartRow(context, 'status', [cli, '--db', db, 'status']),
      await idleDaemonRow(context, cli, db),
    ];
  },
};

async function coldStartRow(
  context: BenchContext,
  name: string,
  args: string[],
): Promise<ResultRow> {
  const id = `startup.${name}`;
  const title = `cold start: steno ${name}`;
  const probe = await runProcess(NODE, args, { cwd: context.workDir });
  if (probe.code !== 0) {
    const why = `steno ${name} exited with ${probe.code}: ${probe.stderr}`;
    return missingRow(id, title, 'unavailable', why.trim());
  }
  const times = await compareSteps(
    context.plan,
    () => timedNode(context, args),
    () => timedNode(context, ['-e', '0']),
  );
  return compareRow(
    id,
    title,
    { label: `steno ${name}`, unit: 'ms', summary: summarize(times.subject) },
    { label: 'node -e 0', unit: 'ms', summary: summarize(times.reference) },
  );
}

async function timedNode(
  context: BenchContext,
  args: string[],
): Promise<number> {
  const run = await runProcess(NODE, args, { cwd: context.workDir });
  if (run.code !== 0) throw new Error(`node ${args.join(' ')}: ${run.stderr}`);
  return run.ms;
}

/** Starts `steno daemon`, lets it settle, and reads its resident set. */
async function idleDaemonRow(
  context: BenchContext,
  cli: string,
  db: string,
): Promise<ResultRow> {
  const title = 'memory: idle steno daemon RSS';
  const daemon = await residentAfter(
    [cli, '--db', db, 'daemon'],
    context.options.quick ? 2_000 : 5_000,
    context.workDir,
  );
  if (typeof daemon === 'string') {
    return missingRow('memory.daemon-idle', title, 'unavailable', daemon);
  }
  const node = await residentAfter(['-e', 'setInterval(() => {}, 1e3)'], 500);
  return compareRow(
    'memory.daemon-idle',
    title,
    { label: 'steno daemon', unit: 'MB', summary: summarize([daemon]) },
    {
      label: 'idle node process',
      unit: 'MB',
      summary: summarize([typeof node === 'number' ? node : NaN]),
    },
  );
}

/** VmRSS in MB after `ms`, or why the process did not stay up. */
async function residentAfter(
  args: string[],
  ms: number,
  cwd?: string,
): Promise<number | string> {
  const child = spawn(NODE, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await Promise.race([sleep(ms), exited]);
  if (child.exitCode !== null) {
    return `exited with ${child.exitCode} within ${ms} ms: ${stderr.trim()}`;
  }
  const rss = readResidentMb(child.pid ?? 0);
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  return rss;
}

function readResidentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return Number(kb) / 1024;
}
