import { labelsAreSpeakers, splitSpeakerLabel } from './cue-text.js';
import { transcriptError, type ParsedCue } from './parsed-transcript.js';
import { isTimingLine } from './timestamps.js';

/** A run of non-blank lines and the 1-based line it starts on. */
export interface Block {
  line: number;
  lines: string[];
}

/** Splits text into lines, whatever the line endings. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/u);
}

/** Groups lines into blocks separated by one or more blank lines. */
export function splitBlocks(lines: readonly string[], from = 0): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (let index = from; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (!current) {
      current = { line: index + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  }
  return blocks;
}

/**
 * Moves `Name: ` / `[SPEAKER_00]: ` prefixes into the speaker field of
 * cues that have none, when the file uses such labels on at least half
 * of its cues. Only the first line of a cue can carry the label.
 */
export function applySpeakerLabels(cues: ParsedCue[]): ParsedCue[] {
  const unnamed = cues.filter((cue) => cue.speaker === null);
  if (!labelsAreSpeakers(unnamed.map((cue) => cue.text))) return cues;
  for (const cue of unnamed) {
    const label = splitSpeakerLabel(cue.text);
    if (!label) continue;
    cue.speaker = label.speaker;
    cue.text = label.rest;
  }
  return cues;
}

/** Trims each line's end and drops leading and trailing blank lines. */
export function joinPayload(lines: readonly string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/**
 * Rejects a timing line inside a cue's text: the blank line that should
 * end the cue before it is missing, and two cues would become one.
 */
export function checkNoStrayTiming(
  file: string,
  block: Block,
  textFrom: number,
): void {
  const stray = block.lines.findIndex(
    (line, index) => index >= textFrom && isTimingLine(line),
  );
  if (stray >= 0) {
    throw transcriptError(
      file,
      block.line + stray,
      'cue timing inside a cue; add a blank line before it',
    );
  }
}
