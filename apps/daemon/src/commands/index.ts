import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerBackupCommands } from './backup.js';
import { registerMigrateCommands } from './migrate.js';
import { registerRetentionCommands } from './retention.js';
import { registerSystemCommands } from './system.js';
import { registerTranscriptCommands } from './transcripts.js';

/** Adds one group of subcommands to the program. */
export type RegisterCommands = (
  program: Command,
  context: () => CliContext,
) => void;

/** Every command group, in help order; each module owns its group. */
export const COMMANDS: RegisterCommands[] = [
  registerTranscriptCommands,
  registerMigrateCommands,
  registerBackupCommands,
  registerRetentionCommands,
  registerSystemCommands,
];
