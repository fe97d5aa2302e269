import type { Database } from '@steno/db';
import { writeMarkdown } from './markdown-writer.js';
import { loadSession, type SessionDetail } from './session-queries.js';
import { secondsToMs } from './timestamps.js';
import {
  writeJson,
  writeSrt,
  writeWebVtt,
  type ExportFormat,
  type ExportTranscript,
} from './transcript-writers.js';

const WRITERS: Record<ExportFormat, (t: ExportTranscript) => string> = {
  vtt: writeWebVtt,
  srt: writeSrt,
  json: writeJson,
  md: writeMarkdown,
};

/** Renders stored session `id` in `format`; throws NOT_FOUND if absent. */
export async function exportSession(
  db: Database,
  id: number,
  format: ExportFormat,
): Promise<{ text: string; cues: number }> {
  const transcript = toExportTranscript(await loadSession(db, id));
  return {
    text: WRITERS[format](transcript),
    cues: transcript.cues.length,
  };
}

/** The writers' view of a stored session, times in milliseconds. */
export function toExportTranscript(detail: SessionDetail): ExportTranscript {
  const { session, entries } = detail;
  return {
    sessionId: session.id,
    title: session.title,
    startTime: session.startTime,
    language: entries.find((entry) => entry.language)?.language ?? null,
    cues: entries.map((entry) => ({
      text: entry.text,
      speaker: entry.speaker ?? null,
      startMs: secondsToMs(entry.startTime),
      endMs: secondsToMs(entry.endTime),
      confidence: entry.confidence ?? null,
    })),
  };
}
