import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { EXPORT_FORMATS } from '../transcripts/transcript-writers.js';
import type { ExportOptions } from './transcript-actions.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

// The actions load on use, so --help and --version stay light.
const actions = () => import('./transcript-actions.js');

/** Registers import, sessions, show, export and demo. */
export const registerTranscriptCommands: RegisterCommands = (
  program,
  context,
) => {
  registerImport(program, context);
  registerSessions(program, context);
  registerShow(program, context);
  registerExport(program, context);
  registerDemo(program, context);
};

function registerImport(program: Command, context: Context): void {
  program
    .command('import')
    .description(
      'store WebVTT, SubRip or Whisper JSON transcripts, one session ' +
        'per file; all files or none',
    )
    .argument('<files...>', 'transcript files')
    .action(async (files: string[]) =>
      (await actions()).importFiles(context, files),
    );
}

function registerSessions(program: Command, context: Context): void {
  program
    .command('sessions')
    .description('list stored meetings, newest first')
    .action(async () => (await actions()).printSessions(context));
}

function registerShow(program: Command, context: Context): void {
  program
    .command('show')
    .description('print one meeting with its participants and statistics')
    .argument('<id>', 'session id (see steno sessions)')
    .option('--lines <n>', 'transcript entries to print', '5')
    .action(async (id: string, options: { lines: string }) =>
      (await actions()).showSession(context, id, options),
    );
}

function registerExport(program: Command, context: Context): void {
  program
    .command('export')
    .description('write one meeting as WebVTT, SubRip, JSON or Markdown')
    .argument('<id>', 'session id (see steno sessions)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(EXPORT_FORMATS)
        .default('vtt'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (id: string, options: ExportOptions) =>
      (await actions()).exportTranscript(context, id, options),
    );
}

function registerDemo(program: Command, context: Context): void {
  program
    .command('demo')
    .description(
      'import the bundled Seattle School Board excerpt (once) and show it',
    )
    .action(async () => (await actions()).runDemo(context));
}
