import type { BulkWriter, Logger, SessionManager } from '@steno/db';
import { silentLogger } from '@steno/db';
import { StenoError } from '@steno/models';
import { computeParticipants } from './participant-stats.js';
import {
  readTranscriptFile,
  type TranscriptFile,
} from './read-transcript-file.js';
import {
  entryRows,
  fileInfoRow,
  participantRows,
  sessionRow,
} from './transcript-rows.js';

/** Options of {@link importTranscripts}. */
export interface ImportTranscriptsOptions {
  sessionManager: SessionManager;
  logger?: Logger;
  /** The import time, which becomes the session start; for tests. */
  now?: () => Date;
}

/** What happened to one file of an import. */
export type ImportResult =
  | {
      file: string;
      status: 'imported';
      sessionId: number;
      entries: number;
      participants: number;
      /** Seconds, up to the end of the last cue. */
      duration: number;
    }
  | { file: string; status: 'duplicate'; sessionId: number };

/**
 * Imports transcript files all or nothing: every file is read and
 * parsed before anything is written, then all of them are stored in one
 * transaction, so a bad file (the second of three, say) leaves the
 * database exactly as it was. A file whose SHA-256 is already stored is
 * not stored again; its result names the existing session.
 */
export async function importTranscripts(
  paths: readonly string[],
  options: ImportTranscriptsOptions,
): Promise<ImportResult[]> {
  return storeTranscripts(await readTranscriptFiles(paths), options);
}

/**
 * Stores parsed files in one transaction (see {@link importTranscripts}).
 * The duplicate check runs inside it, under the write lock, so two
 * imports of one file at once still store it once.
 */
export async function storeTranscripts(
  files: readonly TranscriptFile[],
  options: ImportTranscriptsOptions,
): Promise<ImportResult[]> {
  const now = options.now ?? (() => new Date());
  const results = await options.sessionManager.bulkWrite((writer) =>
    storeEach(writer, files, now),
  );

  logResults(options.logger ?? silentLogger, results);
  return results;
}

/** Stores each file unless its bytes are stored already. */
async function storeEach(
  writer: BulkWriter,
  files: readonly TranscriptFile[],
  now: () => Date,
): Promise<ImportResult[]> {
  const stored = new Map<string, number>();
  const results: ImportResult[] = [];
  for (const file of files) {
    const existing =
      stored.get(file.checksum) ?? (await findImported(writer, file));
    if (existing !== null) {
      results.push({
        file: file.name,
        status: 'duplicate',
        sessionId: existing,
      });
      continue;
    }

    const result = await storeTranscript(writer, file, now());
    stored.set(file.checksum, result.sessionId);
    results.push(result);
  }
  return results;
}

function logResults(logger: Logger, results: readonly ImportResult[]): void {
  for (const result of results) {
    logger.info(
      { session_id: result.sessionId, file: result.file },
      result.status === 'imported' ? 'transcript imported' : 'already imported',
    );
  }
}

/**
 * Reads and parses every file; throws one error listing each bad file
 * (by name and line) when any is bad.
 */
export async function readTranscriptFiles(
  paths: readonly string[],
): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  const errors: StenoError[] = [];
  for (const path of paths) {
    try {
      files.push(await readTranscriptFile(path));
    } catch (error) {
      if (!(error instanceof StenoError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length === 0) return files;

  const [first] = errors as [StenoError];
  const lines = errors.map((error) => error.message).join('\n');
  return Promise.reject(
    new StenoError(first.code, `${lines}\nnothing was imported`, {
      cause: first,
      details: { errors: errors.map((error) => error.details) },
    }),
  );
}

async function findImported(
  writer: BulkWriter,
  file: TranscriptFile,
): Promise<number | null> {
  const rows = await writer.select<{ session_id: number }>(
    'select session_id from file_infos where checksum = ? ' +
      'order by id limit 1',
    [file.checksum],
  );
  return rows[0]?.session_id ?? null;
}

async function storeTranscript(
  writer: BulkWriter,
  file: TranscriptFile,
  importedAt: Date,
): Promise<ImportResult & { status: 'imported' }> {
  const participants = computeParticipants(file.transcript.cues);
  const startTime = file.transcript.startTime ?? importedAt;
  const session = sessionRow(file, startTime, participants.length);
  const { lastId } = await writer.insert('Session', [session]);
  const sessionId = lastId as number;

  await writer.insert('TranscriptEntry', entryRows(sessionId, file));
  await writer.insert('Participant', participantRows(sessionId, participants));
  await writer.insert('FileInfo', [fileInfoRow(sessionId, file)]);
  return {
    file: file.name,
    status: 'imported',
    sessionId,
    entries: file.transcript.cues.length,
    participants: participants.length,
    duration: session.duration as number,
  };
}
