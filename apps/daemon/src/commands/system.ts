import { InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { withContext } from '../context.js';
import { createLogger } from '../logger.js';
import { readStatus } from '../system/read-status.js';
import { formatStatus } from '../system/format-status.js';
import { runDaemon } from '../system/run-daemon.js';
import type { RegisterCommands } from './index.js';

interface DaemonFlags {
  host?: string;
  port?: number;
  backupDir?: string;
}

/** Registers steno daemon, steno status and steno config check. */
export const registerSystemCommands: RegisterCommands = (program, context) => {
  program
    .command('daemon')
    .description('run backups, retention and the status server until stopped')
    .option('--host <address>', 'status server address (default 127.0.0.1)')
    .addOption(
      new Option(
        '--port <number>',
        'status server port; 0 picks a free one',
      ).argParser(parsePort),
    )
    .option('--backup-dir <path>', 'backup folder (default ./backups)')
    .action(async (flags: DaemonFlags) => {
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
    });

  program
    .command('status')
    .description("the system's state: from the running daemon, else the files")
    .option('--backup-dir <path>', 'backup folder (default ./backups)')
    .action(async (flags: { backupDir?: string }) => {
      await withContext(context, async (ctx) => {
        const config = await ctx.useConfig({
          overrides: { backupDirectory: flags.backupDir },
        });
        const status = await readStatus(config);
        ctx.print(() => formatStatus(status), status);
        if (status.status === 'failing') process.exitCode = 1;
      });
    });

  program
    .command('config')
    .description('inspect the configuration')
    .command('check')
    .argument('<file>', 'config file, JSON or YAML')
    .description('validate a config file with the environment applied')
    .action(async (file: string) => {
      await withContext(context, async (ctx) => {
        const config = await loadConfig({
          file,
          env: process.env,
          checkDirectories: true,
        });
        ctx.print(`config ${file} is valid`, { file, valid: true, config });
      });
    });
};

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError('must be a port number 0-65535');
  }
  return port;
}
