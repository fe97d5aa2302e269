import { lineAt, lineOfSyntaxError, segmentLines } from './json-lines.js';
import {
  checkCueOrder,
  checkHasCues,
  transcriptError,
  type ParsedCue,
  type ParsedTranscript,
} from './parsed-transcript.js';

type Json = Record<string, unknown>;

/**
 * Reads Whisper-style JSON: openai-whisper, whisper-timestamped,
 * whisper-ctranslate2 and WhisperX. One cue per entry of `segments`;
 * the segment's `speaker` label is the speaker (word-level speakers are
 * not used), text is trimmed, and the confidence is, in this order, the
 * segment's own 0–1 `confidence`, exp(`avg_logprob`) clamped to 0–1, or
 * the mean of the word `score` / `confidence` / `probability` values.
 * Words without timing are accepted.
 */
export function parseWhisperJson(text: string, file: string): ParsedTranscript {
  const data = parseJson(text, file);
  if (!isObject(data) || !Array.isArray(data.segments)) {
    throw transcriptError(
      file,
      1,
      'expected a Whisper JSON object with a "segments" array',
    );
  }

  const lines = segmentLines(text);
  const cues = data.segments.map((segment: unknown, index: number) =>
    readSegment(segment, index, lines[index] ?? 1, file),
  );
  checkHasCues(file, cues, lineAt(text, text.length));
  const language = data.language;
  return {
    format: 'whisper-json',
    language: typeof language === 'string' && language ? language : null,
    ...stenoHeader(data.steno),
    cues,
  };
}

/** The title and start time a Steno JSON export carries, when valid. */
function stenoHeader(steno: unknown): { title?: string; startTime?: Date } {
  if (!isObject(steno)) return {};
  const header: { title?: string; startTime?: Date } = {};
  if (typeof steno.title === 'string' && steno.title.trim()) {
    header.title = steno.title;
  }
  const startTime = new Date(String(steno.startTime));
  if (!Number.isNaN(startTime.getTime())) header.startTime = startTime;
  return header;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const line = lineOfSyntaxError(text, error as Error);
    const reason = (error as Error).message;
    throw transcriptError(
      file,
      line,
      `invalid JSON: ${reason}`,
      'PARSE_ERROR',
      error,
    );
  }
}

function readSegment(
  segment: unknown,
  index: number,
  line: number,
  file: string,
): ParsedCue {
  const where = `segments[${index}]`;
  if (!isObject(segment)) {
    throw transcriptError(file, line, `${where} must be an object`);
  }
  const seconds = (key: 'start' | 'end'): number => {
    const value = segment[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      return Math.round(value * 1000);
    }
    throw transcriptError(
      file,
      line,
      `${where}.${key} must be a number of seconds >= 0, ` +
        `got ${describeValue(value)}`,
    );
  };

  if (typeof segment.text !== 'string') {
    throw transcriptError(file, line, `${where}.text must be a string`);
  }
  checkOptionalFields(segment, (problem) =>
    transcriptError(file, line, `${where}.${problem}`),
  );
  const speaker = segment.speaker;
  const cue: ParsedCue = {
    text: segment.text.trim(),
    speaker:
      typeof speaker === 'string' && speaker.trim() ? speaker.trim() : null,
    startMs: seconds('start'),
    endMs: seconds('end'),
    confidence: segmentConfidence(segment),
    line,
  };
  checkCueOrder(file, cue);
  return cue;
}

/**
 * Rejects a `speaker` that is not a string and a `confidence` that is not
 * a number from 0 to 1; absent or null means "not given".
 */
function checkOptionalFields(
  segment: Json,
  fail: (problem: string) => Error,
): void {
  const { speaker, confidence } = segment;
  if (speaker != null && typeof speaker !== 'string') {
    throw fail(`speaker must be a string, got ${describeValue(speaker)}`);
  }
  const inRange =
    typeof confidence === 'number' && confidence >= 0 && confidence <= 1;
  if (confidence != null && !inRange) {
    throw fail(
      `confidence must be a number from 0 to 1, ` +
        `got ${describeValue(confidence)}`,
    );
  }
}

/** A value as the file wrote it; JSON reads 1e309 as Infinity. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return 'a number too large to be finite';
  }
  return JSON.stringify(value) ?? 'nothing';
}

/** The segment's 0–1 confidence by the rules of {@link parseWhisperJson}. */
export function segmentConfidence(segment: Json): number | null {
  const own = segment.confidence;
  if (typeof own === 'number' && own >= 0 && own <= 1) return own;
  const logprob = segment.avg_logprob;
  if (typeof logprob === 'number' && Number.isFinite(logprob)) {
    return Math.min(1, Math.max(0, Math.exp(logprob)));
  }
  const scores = (Array.isArray(segment.words) ? segment.words : [])
    .map(wordScore)
    .filter((score): score is number => score !== null);
  if (scores.length === 0) return null;
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

function wordScore(word: unknown): number | null {
  if (!isObject(word)) return null;
  const score = word.score ?? word.confidence ?? word.probability;
  return typeof score === 'number' && score >= 0 && score <= 1 ? score : null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
