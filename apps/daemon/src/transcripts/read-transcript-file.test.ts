import { copyFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_DIR } from '../../test/fixtures/transcript-corpus.js';
import { readTranscriptFile } from './read-transcript-file.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-read-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Buffer) {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

describe('readTranscriptFile', () => {
  it('goes by content, not name: WhisperX JSON named .json.xz', async () => {
    const path = join(folder, 'a95KMDHf4vQ.en.json.xz');
    const name = 'seattle-school-board-excerpt.whisperx.json';
    await copyFile(join(BUNDLED_DIR, name), path);
    const file = await readTranscriptFile(path);
    expect(file.transcript.format).toBe('whisper-json');
    expect(file.size).toBe(194_772);
    // `sha256sum` of the committed fixture.
    expect(file.checksum).toBe(
      '51e7a58542115a67bd2c12ae10dedf1fe64ef41376e41e1f133205b18a35a60d',
    );
  });

  it('reads SubRip without a number line or a .srt name', async () => {
    const path = await fileWith('x.txt', '00:00:01,000 --> 00:00:02,000\nhi');
    const file = await readTranscriptFile(path);
    expect(file.transcript.format).toBe('srt');
    expect(file.transcript.cues[0]?.text).toBe('hi');
  });

  it.each([
    ['empty.vtt', '', 'PARSE_ERROR', /line 1: file is empty/u],
    ['blank.srt', ' \n\n\t\n', 'PARSE_ERROR', /line 1: file is empty/u],
    [
      'junk.vtt',
      Buffer.from([0x57, 0x45, 0x0a, 0x0a, 0x00, 0x9f, 0x92, 0x01]),
      'UNSUPPORTED_FORMAT',
      /junk\.vtt line 3: binary data/u,
    ],
    [
      'latin1.srt',
      Buffer.from('1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n', 'latin1'),
      'UNSUPPORTED_FORMAT',
      /latin1\.srt line 3: binary data, not UTF-8/u,
    ],
    [
      'utf16.vtt',
      Buffer.from('\ufeffWEBVTT\n', 'utf16le'),
      'UNSUPPORTED_FORMAT',
      /line 1: looks like UTF-16/u,
    ],
    [
      'notes.txt',
      '\n\nDear diary, today we met.\n',
      'UNSUPPORTED_FORMAT',
      /notes\.txt line 3: unknown transcript format/u,
    ],
  ])('rejects %s with a code and a line', async (name, content, code, text) => {
    const path = await fileWith(name, content);
    const error = await readTranscriptFile(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(text);
    expect((error as Error).message).toContain(path);
  });

  it('names a missing file', async () => {
    const path = join(folder, 'nope.vtt');
    await expect(readTranscriptFile(path)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${path}: no such file`,
    });
  });

  it('names a path it cannot read', async () => {
    await expect(readTranscriptFile(folder)).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringContaining(`${folder}: is a directory`),
    });
  });

  it('refuses /dev/zero, a device that never ends', async () => {
    const error = await readTranscriptFile('/dev/zero').catch((e) => e);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(error.message).toBe(
      '/dev/zero: is not a regular file (a device, pipe or socket); ' +
        'import a transcript file',
    );
  });

  it('refuses a file over 256 MiB, naming its size', async () => {
    // Sparse: 256 MiB + 1 byte of length, no blocks on disk.
    const path = await fileWith('huge.vtt', '');
    await truncate(path, 256 * 1024 * 1024 + 1);
    const error = await readTranscriptFile(path).catch((e) => e);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(error.message).toBe(
      `${path}: 268435457 bytes is over the import limit of ` +
        '268435456 bytes (256 MiB); split the transcript into smaller files',
    );
  });
});
