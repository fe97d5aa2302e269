import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { basename, extname, resolve } from 'node:path';
import { lineAt } from './json-lines.js';
import {
  transcriptError,
  type ParsedTranscript,
  type TranscriptFormat,
} from './parsed-transcript.js';
import { readTranscriptBytes } from './read-transcript-bytes.js';
import { parseSrt } from './srt-parser.js';
import { parseWebVtt } from './webvtt-parser.js';
import { parseWhisperJson } from './whisper-json-parser.js';

/** A transcript file read, checked and parsed, not yet stored. */
export interface TranscriptFile {
  /** Absolute path. */
  path: string;
  /** The name as the user gave it, for messages. */
  name: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  checksum: string;
  transcript: ParsedTranscript;
}

const PARSERS: Record<
  TranscriptFormat,
  (text: string, file: string) => ParsedTranscript
> = {
  webvtt: parseWebVtt,
  srt: parseSrt,
  'whisper-json': parseWhisperJson,
};

const EXTENSIONS: Record<string, TranscriptFormat> = {
  '.vtt': 'webvtt',
  '.srt': 'srt',
  '.json': 'whisper-json',
};

/**
 * Reads and parses one transcript file. The format comes from the
 * content (a `WEBVTT` header, a SubRip cue, a JSON object) and, when
 * the content says nothing, from the extension. Throws a StenoError
 * naming the file (and the line, once the file could be read).
 */
export async function readTranscriptFile(
  path: string,
): Promise<TranscriptFile> {
  const bytes = await readTranscriptBytes(path);
  const text = decodeText(bytes, path);
  const format = detectFormat(text, path);
  return {
    path: resolve(path),
    name: path,
    size: bytes.length,
    checksum: createHash('sha256').update(bytes).digest('hex'),
    transcript: PARSERS[format](text, path),
  };
}

/**
 * Decodes UTF-8 and drops a BOM. Refuses empty files, UTF-16 and bytes
 * that are not text, naming the line where the junk starts.
 */
export function decodeText(bytes: Buffer, file: string): string {
  const text = bytes.toString('utf8');
  if (text.trim() === '') {
    throw transcriptError(file, 1, 'file is empty; nothing to import');
  }
  if (bytes[0] === 0xff || bytes[0] === 0xfe) {
    throw transcriptError(
      file,
      1,
      'looks like UTF-16 text; save it as UTF-8 and import again',
      'UNSUPPORTED_FORMAT',
    );
  }

  const junkAt = firstJunk(bytes, text);
  if (junkAt !== null) {
    throw transcriptError(
      file,
      lineAt(text, junkAt),
      'binary data, not UTF-8 text; expected WebVTT, SubRip or Whisper JSON',
      'UNSUPPORTED_FORMAT',
    );
  }
  return text.replace(/^\uFEFF/u, '');
}

/** Where the first NUL or invalid UTF-8 sequence is; null when none. */
function firstJunk(bytes: Buffer, text: string): number | null {
  const nul = text.indexOf('\u0000');
  if (nul < 0 && isUtf8(bytes)) return null;
  const found = [nul, text.indexOf('\uFFFD')].filter((at) => at >= 0);
  return Math.min(...found);
}

/** Which parser reads `text`; see {@link readTranscriptFile}. */
export function detectFormat(text: string, file: string): TranscriptFormat {
  const start = text.trimStart();
  if (/^WEBVTT(?:[ \t\r\n]|$)/u.test(start)) return 'webvtt';
  if (start.startsWith('{') || start.startsWith('[')) return 'whisper-json';
  const [first = '', second = ''] = start.split(/\r\n|\r|\n/u);
  if (first.includes('-->') || /^\d+\s*$/u.test(first)) {
    if (first.includes('-->') || second.includes('-->')) return 'srt';
  }

  const byExtension = EXTENSIONS[extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  throw transcriptError(
    file,
    lineAt(text, text.length - start.length),
    `unknown transcript format (${basename(file)}); expected WebVTT ` +
      '(.vtt), SubRip (.srt) or Whisper JSON (.json)',
    'UNSUPPORTED_FORMAT',
  );
}
