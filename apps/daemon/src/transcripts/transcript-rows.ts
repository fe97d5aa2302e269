import { basename, extname } from 'node:path';
import { countWords, SessionStatus, TranscriptEntryType } from '@steno/models';
import { lastCueEndMs } from './parsed-transcript.js';
import type { ParticipantStats } from './participant-stats.js';
import type { TranscriptFile } from './read-transcript-file.js';

type Row = Record<string, unknown>;

/** What the session row records about the file it came from. */
export interface ImportMetadata {
  source: {
    format: string;
    fileName: string;
    sha256: string;
    cues: number;
  };
  language: string | null;
}

/**
 * The completed session of an imported file: titled after the file
 * name, starting at `startTime` and lasting until the last cue ends.
 */
export function sessionRow(
  file: TranscriptFile,
  startTime: Date,
  participantCount: number,
): Row {
  const { transcript } = file;
  const lastEndMs = lastCueEndMs(transcript.cues);
  const metadata: ImportMetadata = {
    source: {
      format: transcript.format,
      fileName: basename(file.path),
      sha256: file.checksum,
      cues: transcript.cues.length,
    },
    language: transcript.language,
  };
  return {
    title: transcript.title ?? basename(file.path, extname(file.path)),
    startTime,
    endTime: new Date(startTime.getTime() + lastEndMs),
    duration: lastEndMs / 1000,
    status: SessionStatus.Completed,
    participantCount,
    transcriptFilePath: file.path,
    metadata,
  };
}

/** One transcript entry row per cue; a cue without text is silence. */
export function entryRows(sessionId: number, file: TranscriptFile): Row[] {
  const language = file.transcript.language;
  return file.transcript.cues.map((cue) => ({
    session: sessionId,
    text: cue.text,
    speaker: cue.speaker,
    startTime: cue.startMs / 1000,
    endTime: cue.endMs / 1000,
    confidence: cue.confidence,
    entryType:
      cue.text === ''
        ? TranscriptEntryType.Silence
        : TranscriptEntryType.Speech,
    language,
    wordCount: countWords(cue.text),
  }));
}

export function participantRows(
  sessionId: number,
  participants: readonly ParticipantStats[],
): Row[] {
  return participants.map((stats) => ({ session: sessionId, ...stats }));
}

/** The source file: where it was, its size and SHA-256. */
export function fileInfoRow(sessionId: number, file: TranscriptFile): Row {
  return {
    session: sessionId,
    filePath: file.path,
    fileType: 'transcript',
    fileSize: file.size,
    checksum: file.checksum,
  };
}
