import { loadConfig } from '../config/load-config.js';
import { withContext, type CliContext } from '../context.js';
import { createLogger } from '../logger.js';
import { readStatus } from '../system/read-status.js';
import { formatStatus } from '../system/format-status.js';
import { runDaemon } from '../system/run-daemon.js';

type Context = () => CliContext;

/** Flags of `steno daemon`. */
export interface DaemonFlags {
  host?: string;
  port?: number;
  backupDir?: string;
}

/** Runs the daemon until stopped; sets the process's exit code. */
export async function runDaemonCommand(
  context: Context,
  flags: DaemonFlags,
): Promise<void> {
  const ctx = context();
  const config = await ctx.useConfig({
    overrides: {
      host: flags.host,
      port: flags.port,
      backupDirectory: flags.backupDir,
    },
    checkDirectories: true,
  });
  const level = ctx.options.verbose ? 'debug' : config.logging.level;
  const logger = createLogger({ level, destination: 1 });
  const result = await runDaemon({
    config,
    logger,
    onListening: (url) => {
      if (!process.stderr.isTTY) return;
      process.stderr.write(`steno daemon: status at ${url}\n`);
    },
  });
  // A job past its grace period would keep the process alive.
  if (result.abandonedJobs.length > 0) process.exit(result.exitCode);
  process.exitCode = result.exitCode;
}

/** Prints the system's state; a failing system exits 1. */
export async function printStatus(
  context: Context,
  flags: { backupDir?: string },
): Promise<void> {
  await withContext(context, async (ctx) => {
    const config = await ctx.useConfig({
      overrides: { backupDirectory: flags.backupDir },
    });
    const status = await readStatus(config);
    ctx.print(() => formatStatus(status), status);
    if (status.status === 'failing') process.exitCode = 1;
  });
}

/** Validates a config file with the environment applied. */
export async function checkConfig(
  context: Context,
  file: string,
): Promise<void> {
  await withContext(context, async (ctx) => {
    const config = await loadConfig({
      file,
      env: process.env,
      checkDirectories: true,
    });
    ctx.print(`config ${file} is valid`, { file, valid: true, config });
  });
}
