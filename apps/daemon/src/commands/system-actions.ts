import { loadConfig } from '../config/load-config.js';
import { withContext, type CliContext } from '../context.js';
import { readStatus } from '../system/read-status.js';
import { formatStatus } from '../system/format-status.js';

type Context = () => CliContext;

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
