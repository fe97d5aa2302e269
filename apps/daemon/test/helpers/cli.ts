import { execFile, execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** The daemon app's folder. */
export const APP = join(import.meta.dirname, '..', '..');

/** The built CLI; `pnpm --filter @steno/daemon build` makes it. */
export const DIST_CLI = join(APP, 'dist', 'cli.js');

/** How a CLI run ended: its exit code (-1 when killed) and output. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** The CLI script; the built one by default. */
  cli?: string;
  /** Variables set over the inherited environment. */
  env?: Record<string, string>;
  /** False runs with only PATH and `env`, as on a bare service account. */
  inheritEnv?: boolean;
  /** Kills the run after this long; a killed run has code -1. */
  timeoutMs?: number;
}

/**
 * Runs `node CLI ARGS` in `cwd` and waits for it to exit. The steno
 * variables of the test runner's own shell are blanked, so only the
 * arguments and `env` decide the outcome.
 */
export function runCli(
  args: string[],
  cwd: string,
  options: RunCliOptions = {},
): Promise<CliRun> {
  const cli = options.cli ?? DIST_CLI;
  const base =
    options.inheritEnv === false
      ? { PATH: process.env.PATH }
      : { ...process.env, STENO_DB: '', STENO_BACKUP_DIR: '' };
  const env = { ...base, ...options.env };

  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env, timeout: options.timeoutMs ?? 0 },
      (error, stdout, stderr) => {
        const code = error ? exitCodeOf(error.code) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function exitCodeOf(code: unknown): number {
  return typeof code === 'number' ? code : -1;
}

/**
 * Bundles src/cli.ts into a private folder under node_modules, where its
 * dependencies resolve, so a test neither needs a TypeScript loader nor
 * depends on someone's last `dist` build. Returns the bundled CLI.
 */
export function bundleCli(name: string): string {
  const folder = join(APP, 'node_modules/.cache', `${name}-${process.pid}`);
  const flags = ['--no-config', '--format', 'esm', '--target', 'node20'];
  execFileSync('npx', ['tsup', 'src/cli.ts', ...flags, '-d', folder], {
    cwd: APP,
    stdio: 'ignore',
  });
  return join(folder, 'cli.js');
}

/** Removes the folder {@link bundleCli} made. */
export async function removeBundle(cli: string): Promise<void> {
  await rm(dirname(cli), { recursive: true, force: true });
}

/**
 * Bundles the CLI before the file's tests and removes it after them;
 * returns the bundled CLI's path, readable once the tests run.
 */
export function useBundledCli(name: string): () => string {
  let cli = '';
  beforeAll(() => {
    cli = bundleCli(name);
  });
  afterAll(async () => {
    await removeBundle(cli);
  });
  return () => cli;
}
