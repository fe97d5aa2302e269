import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { COMMANDS } from './commands/index.js';
import type { CliContext, GlobalOptions } from './context.js';
import { VERSION } from './version.js';

/**
 * Builds the `steno` command with every subcommand registered; loads no
 * database code until an action runs, so --help and --version start fast.
 */
export function buildProgram(): Command {
  const program = new Command('steno')
    .description('Store, back up and retain recorded meetings in SQLite')
    .version(VERSION)
    .option('--db <path>', 'database file (default ./data/steno.db)')
    .option('-c, --config <file>', 'config file (JSON or YAML)')
    .option('--json', 'machine-readable output')
    .option('--verbose', 'log what happens to stderr')
    .showHelpAfterError()
    .configureOutput(usageOutput())
    .exitOverride();
  let Context: typeof CliContext | null = null;
  program.hook('preAction', async () => {
    Context ??= (await import('./context.js')).CliContext;
  });
  const context = () =>
    new Context!(program.opts<GlobalOptions>(), process.stdout);
  for (const register of COMMANDS) register(program, context);
  return program;
}

/** Runs the CLI and returns the exit code: 0 only on success. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return await reportError(error);
  }
}

/** Under --json, usage errors print as JSON, not commander's text. */
function usageOutput(): OutputConfiguration {
  if (!jsonRequested()) return {};
  return { outputError: () => undefined, writeErr: () => undefined };
}

/** Exit codes: 0 success, 1 a failed command, 2 a usage error. */
async function reportError(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return 0;
    const message = error.message.replace(/^error: |\.$/gu, '');
    if (jsonRequested()) writeJsonError('USAGE', `${message}; see --help`);
    return 2;
  }

  // Loaded here, not up front: the models pull in the whole ORM.
  const { StenoError } = await import('@steno/models');
  const code = error instanceof StenoError ? error.code : 'UNEXPECTED';
  const message = error instanceof Error ? error.message : String(error);
  if (jsonRequested()) writeJsonError(code, message);
  else process.stderr.write(`steno: ${message}\n`);
  return 1;
}

function jsonRequested(): boolean {
  return process.argv.includes('--json');
}

function writeJsonError(code: string, message: string): void {
  process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
}
