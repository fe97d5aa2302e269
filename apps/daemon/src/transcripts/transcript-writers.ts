import { encodeEntities, splitSpeakerLabel } from './cue-text.js';
import { formatTimestamp } from './timestamps.js';

/** The formats `steno export` writes. */
export const EXPORT_FORMATS = ['vtt', 'srt', 'json', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One cue to write, times in whole milliseconds. */
export interface ExportCue {
  text: string;
  speaker: string | null;
  startMs: number;
  endMs: number;
  confidence: number | null;
}

/** A session as the writers see it. */
export interface ExportTranscript {
  sessionId: number;
  title: string;
  startTime: Date;
  language: string | null;
  cues: ExportCue[];
}

/**
 * Writes WebVTT with `<v Name>` voice tags and escaped text, which
 * `steno import` reads back to the same text, speakers and times.
 */
export function writeWebVtt(transcript: ExportTranscript): string {
  const header = transcript.language
    ? `WEBVTT\nLanguage: ${transcript.language}\n`
    : 'WEBVTT\n';
  const cues = transcript.cues.map((cue) => {
    const timing =
      `${formatTimestamp(cue.startMs, '.')} --> ` +
      formatTimestamp(cue.endMs, '.');
    const voice = cue.speaker ? `<v ${encodeEntities(cue.speaker)}>` : '';
    const text = encodeEntities(cue.text).replace(/-->/gu, '--&gt;');
    return `${timing}\n${voice}${compactLines(text)}`.trimEnd();
  });
  return `${header}\n${cues.join('\n\n')}\n`;
}

/**
 * Writes SubRip with `Name: ` prefixes (`[Name]: ` when the plain form
 * would not read back as that name). Known shortcoming: SubRip cannot
 * mark a cue as having no speaker, so an unlabelled cue whose text
 * starts like `Word: ` reads back as spoken by "Word".
 */
export function writeSrt(transcript: ExportTranscript): string {
  const cues = transcript.cues.map((cue, index) => {
    const timing =
      `${formatTimestamp(cue.startMs, ',')} --> ` +
      formatTimestamp(cue.endMs, ',');
    const label = cue.speaker ? srtLabel(cue.speaker) : '';
    const text = compactLines(`${label}${cue.text}`);
    return `${index + 1}\n${timing}\n${text}`.trimEnd();
  });
  return `${cues.join('\n\n')}\n`;
}

function srtLabel(speaker: string): string {
  const plain = `${speaker}: `;
  if (splitSpeakerLabel(`${plain}x`)?.speaker === speaker) return plain;
  return `[${speaker}]: `;
}

/** Blank lines would end a cue early, so cue text never holds one. */
function compactLines(text: string): string {
  return text.replace(/\n\s*\n/gu, '\n');
}

/**
 * Writes Whisper-style JSON (`segments` with seconds), plus a `steno`
 * object with the title and start time that `steno import` restores.
 */
export function writeJson(transcript: ExportTranscript): string {
  const segments = transcript.cues.map((cue, index) => ({
    id: index,
    start: cue.startMs / 1000,
    end: cue.endMs / 1000,
    text: cue.text,
    ...(cue.speaker === null ? {} : { speaker: cue.speaker }),
    ...(cue.confidence === null ? {} : { confidence: cue.confidence }),
  }));
  const document = {
    steno: {
      sessionId: transcript.sessionId,
      title: transcript.title,
      startTime: transcript.startTime.toISOString(),
    },
    language: transcript.language,
    segments,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
