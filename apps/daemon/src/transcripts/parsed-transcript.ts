import { StenoError, type StenoErrorCode } from '@steno/models';

/** The transcript formats `steno import` reads. */
export type TranscriptFormat = 'webvtt' | 'srt' | 'whisper-json';

/** One cue or segment as read from a file, before it is stored. */
export interface ParsedCue {
  text: string;
  /** The speaker's name or label; null when the file names none. */
  speaker: string | null;
  /** Whole milliseconds from the start of the recording. */
  startMs: number;
  endMs: number;
  /** 0 to 1, when the file carries a confidence. */
  confidence: number | null;
  /** The 1-based line the cue starts on, for error messages. */
  line: number;
}

/** Everything an import needs from one transcript file. */
export interface ParsedTranscript {
  format: TranscriptFormat;
  /** A language code such as `en`, when the file names one. */
  language: string | null;
  /** Set only by files that carry them, such as a Steno JSON export. */
  title?: string | null;
  startTime?: Date | null;
  cues: ParsedCue[];
}

/**
 * Builds the error every parser throws: it names the file and the line,
 * so the user can open the file at the problem.
 */
export function transcriptError(
  file: string,
  line: number,
  problem: string,
  code: StenoErrorCode = 'PARSE_ERROR',
  cause?: unknown,
): StenoError {
  return new StenoError(code, `${file} line ${line}: ${problem}`, {
    cause,
    details: { file, line },
  });
}

/** Rejects a cue that ends before it starts. */
export function checkCueOrder(file: string, cue: ParsedCue): void {
  if (cue.endMs < cue.startMs) {
    throw transcriptError(
      file,
      cue.line,
      `cue ends (${cue.endMs / 1000} s) before it starts ` +
        `(${cue.startMs / 1000} s); fix its timing line`,
    );
  }
}

/** Rejects a file in which no cue was found. */
export function checkHasCues(
  file: string,
  cues: readonly ParsedCue[],
  lastLine: number,
): void {
  if (cues.length === 0) {
    throw transcriptError(file, lastLine, 'no cues found; nothing to import');
  }
}

/**
 * The end of the cue that ends last, in milliseconds; 0 without cues.
 * A loop, not Math.max(...ends): spreading 200,000 cues overflows the
 * call stack.
 */
export function lastCueEndMs(cues: readonly { endMs: number }[]): number {
  let last = 0;
  for (const cue of cues) last = Math.max(last, cue.endMs);
  return last;
}
