import { InvalidArgumentError, Option } from 'commander';
import type { DaemonFlags } from './daemon-actions.js';
import type { RegisterCommands } from './index.js';

// The actions load on use, so --help and --version stay light; status
// does not load the daemon's server and scheduler.
const actions = () => import('./system-actions.js');
const daemonActions = () => import('./daemon-actions.js');

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
    .action(async (flags: DaemonFlags) =>
      (await daemonActions()).runDaemonCommand(context, flags),
    );

  program
    .command('status')
    .description("the system's state: from the running daemon, else the files")
    .option('--backup-dir <path>', 'backup folder (default ./backups)')
    .action(async (flags: { backupDir?: string }) =>
      (await actions()).printStatus(context, flags),
    );

  program
    .command('config')
    .description('inspect the configuration')
    .command('check')
    .argument('<file>', 'config file, JSON or YAML')
    .description('validate a config file with the environment applied')
    .action(async (file: string) =>
      (await actions()).checkConfig(context, file),
    );
};

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError('must be a port number 0-65535');
  }
  return port;
}
