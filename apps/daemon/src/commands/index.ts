import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Adds one group of subcommands to the program. */
export type RegisterCommands = (
  program: Command,
  context: () => CliContext,
) => void;

/**
 * Every command group, in help order. Each module owns its group; add a
 * group by adding its register function here.
 */
export const COMMANDS: RegisterCommands[] = [];
