import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ApplyFlags } from './retention-actions.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

// The actions load on use, so --help and --version stay light.
const actions = () => import('./retention-actions.js');

/** Registers steno retention estimate|apply. */
export const registerRetentionCommands: RegisterCommands = (
  program,
  context,
) => {
  const retention = program
    .command('retention')
    .description('delete what has expired by the retention rules');
  registerEstimate(retention, context);
  registerApply(retention, context);
};

function registerEstimate(retention: Command, context: Context): void {
  retention
    .command('estimate')
    .description('show what each rule would delete, changing nothing')
    .option('--rule <id>', 'only this rule')
    .action(async (flags: { rule?: string }) =>
      (await actions()).estimateRetention(context, flags),
    );
}

function registerApply(retention: Command, context: Context): void {
  retention
    .command('apply')
    .description('delete expired rows and their files')
    .option('--rule <id>', 'only this rule')
    .option('--dry-run', 'report what would go without deleting')
    .option('--no-backup', 'skip the backup taken before deleting')
    .action(async (flags: ApplyFlags) =>
      (await actions()).applyRetention(context, flags),
    );
}
