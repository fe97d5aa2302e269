import { readBlockCue, type CueBlockFormat } from './cue-block-reader.js';
import {
  applySpeakerLabels,
  joinPayload,
  splitBlocks,
  splitLines,
  type Block,
} from './cue-blocks.js';
import { stripTags } from './cue-text.js';
import {
  checkHasCues,
  transcriptError,
  type ParsedCue,
  type ParsedTranscript,
} from './parsed-transcript.js';
import { isTimingLine } from './timestamps.js';

const CUE_NUMBER = /^\s*\d+\s*$/u;

const SRT: CueBlockFormat = {
  timingExample: '00:00:01,000 --> 00:00:02,000',
  readPayload: (lines) => ({
    text: joinPayload(lines.map(stripTags)),
    speaker: null,
  }),
};

/**
 * Reads a SubRip file: numbered cues, `hh:mm:ss,ttt` timings and text
 * lines, speakers from `Name: ` or `[SPEAKER_00]: ` prefixes. Formatting
 * tags (`<i>`, `{\an8}`) are dropped; SubRip has no character
 * references, so `&amp;` stays as written.
 */
export function parseSrt(text: string, file: string): ParsedTranscript {
  const lines = splitLines(text.replace(/^\uFEFF/u, ''));
  const cues = splitBlocks(lines).map((block) => readCue(block, file));
  checkHasCues(file, cues, lines.length);
  return { format: 'srt', language: null, cues: applySpeakerLabels(cues) };
}

function readCue(block: Block, file: string): ParsedCue {
  const first = block.lines[0] ?? '';
  const at = isTimingLine(first) ? 0 : 1;
  if (at === 1 && !CUE_NUMBER.test(first)) {
    throw transcriptError(
      file,
      block.line,
      `expected a cue number or timing line, found "${first.trim()}"`,
    );
  }
  return readBlockCue(block, at, file, SRT);
}
