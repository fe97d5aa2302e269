import type { CliContext } from '../context.js';
import { createLogger } from '../logger.js';
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
