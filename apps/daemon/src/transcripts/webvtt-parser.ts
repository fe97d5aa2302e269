import { readBlockCue, type CueBlockFormat } from './cue-block-reader.js';
import {
  applySpeakerLabels,
  joinPayload,
  splitBlocks,
  splitLines,
  type Block,
} from './cue-blocks.js';
import { decodeEntities, stripTags, voiceTagSpeaker } from './cue-text.js';
import {
  checkHasCues,
  transcriptError,
  type ParsedCue,
  type ParsedTranscript,
} from './parsed-transcript.js';
import { isTimingLine } from './timestamps.js';

const HEADER = /^\uFEFF?WEBVTT(?:[ \t].*)?$/u;
const SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$/u;
const LANGUAGE_HEADER = /^Language:[ \t]*(\S+)/iu;

const WEBVTT: CueBlockFormat = {
  timingExample: '00:00:01.000 --> 00:00:02.000',
  readPayload: (lines) => ({
    text: joinPayload(lines.map((line) => decodeEntities(stripTags(line)))),
    speaker: voiceTagSpeaker(lines.join('\n')),
  }),
};

/**
 * Reads a WebVTT file. Speakers come from `<v Name>` voice tags (closed
 * or not) or, failing those, from `Name: ` prefixes; NOTE, STYLE and
 * REGION blocks and cue settings are skipped, markup tags are dropped
 * and HTML character references decoded. Lines of a multi-line cue are
 * kept, joined by `\n`.
 */
export function parseWebVtt(text: string, file: string): ParsedTranscript {
  const lines = splitLines(text);
  if (!HEADER.test(lines[0] ?? '')) {
    throw transcriptError(file, 1, 'missing "WEBVTT" header line');
  }
  const headerEnd = lines.findIndex((line) => line.trim() === '');
  const header = lines.slice(1, headerEnd < 0 ? lines.length : headerEnd);
  const language = header
    .map((line) => LANGUAGE_HEADER.exec(line)?.[1])
    .find(Boolean);

  const cues: ParsedCue[] = [];
  const blocks = headerEnd < 0 ? [] : splitBlocks(lines, headerEnd);
  for (const block of blocks) {
    if (SKIPPED_BLOCK.test(block.lines[0] ?? '')) continue;
    cues.push(readCue(block, file));
  }
  checkHasCues(file, cues, lines.length);
  return {
    format: 'webvtt',
    language: language ?? null,
    cues: applySpeakerLabels(cues),
  };
}

/** A cue's optional identifier line comes before its timing line. */
function readCue(block: Block, file: string): ParsedCue {
  const at = isTimingLine(block.lines[0] ?? '') ? 0 : 1;
  return readBlockCue(block, at, file, WEBVTT);
}
