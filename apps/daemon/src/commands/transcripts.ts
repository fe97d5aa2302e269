import { rename, rm, writeFile } from 'node:fs/promises';
import { StenoError, ValidationError } from '@steno/models';
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { withContext } from '../context.js';
import { findFixture } from '../transcripts/demo-fixture.js';
import { exportSession } from '../transcripts/export-session.js';
import { formatClock } from '../transcripts/format-duration.js';
import {
  importTranscripts,
  readTranscriptFiles,
  storeTranscripts,
  type ImportResult,
} from '../transcripts/import-transcripts.js';
import {
  buildReport,
  formatReport,
  formatSessionList,
} from '../transcripts/session-report.js';
import {
  listSessions,
  loadSession,
  parseSessionId,
} from '../transcripts/session-queries.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
} from '../transcripts/transcript-writers.js';
import type { RegisterCommands } from './index.js';

type Context = () => CliContext;

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
    .action((files: string[]) =>
      withContext(context, async (ctx) => {
        // Parse first: a bad file must not even create the database.
        const parsed = await readTranscriptFiles(files);
        const results = await storeTranscripts(parsed, {
          sessionManager: await ctx.sessionManager(),
          logger: ctx.logger,
        });
        ctx.print(() => results.map(describeResult).join('\n'), {
          results,
        });
      }),
    );
}

function describeResult(result: ImportResult): string {
  if (result.status === 'duplicate') {
    return `${result.file}: already imported as session ${result.sessionId}`;
  }
  return (
    `${result.file}: imported as session ${result.sessionId} ` +
    `(${result.entries} entries, ${result.participants} participants, ` +
    `${formatClock(result.duration)})`
  );
}

function registerSessions(program: Command, context: Context): void {
  program
    .command('sessions')
    .description('list stored meetings, newest first')
    .action(() =>
      withContext(context, async (ctx) => {
        const sessions = await listSessions(await ctx.openDatabase());
        ctx.print(() => formatSessionList(sessions), { sessions });
      }),
    );
}

function registerShow(program: Command, context: Context): void {
  program
    .command('show')
    .description('print one meeting with its participants and statistics')
    .argument('<id>', 'session id (see steno sessions)')
    .option('--lines <n>', 'transcript entries to print', '5')
    .action((id: string, options: { lines: string }) =>
      withContext(context, async (ctx) => {
        const sessionId = parseSessionId(id);
        await printSession(ctx, sessionId, parseLineCount(options.lines));
      }),
    );
}

function parseLineCount(text: string): number {
  if (!/^\d+$/u.test(text.trim())) {
    throw new ValidationError(
      'lines',
      `--lines must be a whole number of entries, got "${text}"`,
    );
  }
  return Number(text);
}

async function printSession(
  ctx: CliContext,
  id: number,
  lines: number,
): Promise<void> {
  const detail = await loadSession(await ctx.openDatabase(), id);
  ctx.print(() => formatReport(detail, lines), buildReport(detail));
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
    .action((id: string, options: ExportOptions) =>
      withContext(context, (ctx) => runExport(ctx, id, options)),
    );
}

interface ExportOptions {
  format: ExportFormat;
  output?: string;
}

async function runExport(
  ctx: CliContext,
  id: string,
  options: ExportOptions,
): Promise<void> {
  const sessionId = parseSessionId(id);
  const db = await ctx.openDatabase();
  const { text, cues } = await exportSession(db, sessionId, options.format);
  if (!options.output) return ctx.print(text, { text });

  await writeAtomically(options.output, text);
  ctx.print(`wrote ${cues} cues to ${options.output}`, {
    sessionId,
    format: options.format,
    file: options.output,
    cues,
  });
}

/** A reader never sees half a file: write aside, then rename. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new StenoError(
      'FILE_UNWRITABLE',
      `write ${path}: ${(error as Error).message}; check the folder exists ` +
        'and is writable',
      { cause: error, details: { file: path } },
    );
  }
}

function registerDemo(program: Command, context: Context): void {
  program
    .command('demo')
    .description(
      'import the bundled Seattle School Board excerpt (once) and show it',
    )
    .action(() =>
      withContext(context, async (ctx) => {
        const [result] = await importTranscripts([findFixture()], {
          sessionManager: await ctx.sessionManager(),
          logger: ctx.logger,
        });
        await printSession(ctx, result?.sessionId ?? 0, 8);
      }),
    );
}
