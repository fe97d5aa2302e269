import { rename, rm, writeFile } from 'node:fs/promises';
import { StenoError, ValidationError } from '@steno/models';
import { withContext, type CliContext } from '../context.js';
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
import type { ExportFormat } from '../transcripts/transcript-writers.js';

type Context = () => CliContext;

/** Options of `steno export`. */
export interface ExportOptions {
  format: ExportFormat;
  output?: string;
}

/** Stores transcript files, one session each; all files or none. */
export function importFiles(context: Context, files: string[]): Promise<void> {
  return withContext(context, async (ctx) => {
    // Parse first: a bad file must not even create the database.
    const parsed = await readTranscriptFiles(files);
    const results = await storeTranscripts(parsed, {
      sessionManager: await ctx.sessionManager(),
      logger: ctx.logger,
    });
    ctx.print(() => results.map(describeResult).join('\n'), {
      results,
    });
  });
}

/** Lists stored meetings, newest first. */
export function printSessions(context: Context): Promise<void> {
  return withContext(context, async (ctx) => {
    const sessions = await listSessions(await ctx.openExistingDatabase());
    ctx.print(() => formatSessionList(sessions), { sessions });
  });
}

/** Prints one meeting with its first `options.lines` entries. */
export function showSession(
  context: Context,
  id: string,
  options: { lines: string },
): Promise<void> {
  return withContext(context, async (ctx) => {
    const sessionId = parseSessionId(id);
    await printSession(ctx, sessionId, parseLineCount(options.lines));
  });
}

/** Writes one meeting to stdout or, atomically, to a file. */
export function exportTranscript(
  context: Context,
  id: string,
  options: ExportOptions,
): Promise<void> {
  return withContext(context, (ctx) => runExport(ctx, id, options));
}

/** Imports the bundled excerpt once and shows it. */
export function runDemo(context: Context): Promise<void> {
  return withContext(context, async (ctx) => {
    const [result] = await importTranscripts([findFixture()], {
      sessionManager: await ctx.sessionManager(),
      logger: ctx.logger,
    });
    await printSession(ctx, result?.sessionId ?? 0, 8);
  });
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
  const detail = await loadSession(await ctx.openExistingDatabase(), id);
  ctx.print(() => formatReport(detail, lines), buildReport(detail));
}

async function runExport(
  ctx: CliContext,
  id: string,
  options: ExportOptions,
): Promise<void> {
  const sessionId = parseSessionId(id);
  const db = await ctx.openExistingDatabase();
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
