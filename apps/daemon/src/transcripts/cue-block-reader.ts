import { checkNoStrayTiming, type Block } from './cue-blocks.js';
import {
  checkCueOrder,
  transcriptError,
  type ParsedCue,
} from './parsed-transcript.js';
import { isTimingLine, parseTimingLine, type CueTiming } from './timestamps.js';

/** What differs between the cue formats read block by block. */
export interface CueBlockFormat {
  /** A timing line as the format writes it, quoted in errors. */
  timingExample: string;
  /** The cue's text and speaker from its payload lines. */
  readPayload(lines: string[]): { text: string; speaker: string | null };
}

/**
 * The cue of a WebVTT or SubRip block whose timing line is
 * `block.lines[at]`; throws a transcript error naming the line when the
 * timing is missing or wrong, or the cue starts before the one before.
 */
export function readBlockCue(
  block: Block,
  at: number,
  file: string,
  format: CueBlockFormat,
): ParsedCue {
  const timing = readTiming(block, at, file, format.timingExample);
  checkNoStrayTiming(file, block, at + 1);

  const cue: ParsedCue = {
    ...format.readPayload(block.lines.slice(at + 1)),
    ...timing,
    confidence: null,
    line: block.line + at,
  };
  checkCueOrder(file, cue);
  return cue;
}

function readTiming(
  block: Block,
  at: number,
  file: string,
  example: string,
): CueTiming {
  const line = block.lines[at] ?? '';
  const timing = isTimingLine(line)
    ? parseTimingLine(line)
    : `expected a cue timing line ("${example}")`;
  if (typeof timing === 'string') {
    throw transcriptError(file, block.line + at, timing);
  }
  return timing;
}
