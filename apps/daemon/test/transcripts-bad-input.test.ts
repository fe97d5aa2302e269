import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFile, digestRows, runCli } from './helpers/index.js';
import { BUNDLED_DIR } from './fixtures/transcript-corpus.js';

let folder: string;
let dbPath: string;
const steno = (...args: string[]) => runCli(['--db', dbPath, ...args], folder);

async function fileWith(name: string, content: string | Buffer) {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

/** The file's bytes and every row, so "unchanged" means unchanged. */
async function snapshot(): Promise<string[]> {
  return [await digestFile(dbPath), await digestRows(dbPath)];
}

const GOOD_VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello\n';
const GOOD_JSON = '{"segments": [{"start": 0, "end": 1.5, "text": "Hi"}]}';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-bad-input-'));
  dbPath = join(folder, 'steno.db');
  const seed = join(
    BUNDLED_DIR,
    'seattle-council-briefing-2021-08-02.captions.vtt',
  );
  expect((await steno('import', seed)).code).toBe(0);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('steno import on bad input', () => {
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'an unknown format',
      () => fileWith('notes.txt', 'Dear diary,\ntoday we met.\n'),
      /notes\.txt line 1: unknown transcript format/u,
    ],
    [
      'a malformed timestamp',
      () =>
        fileWith(
          'bad-time.vtt',
          'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n' +
            '00:00:02.000 --> 00:00:03.1234\nbad\n',
        ),
      /bad-time\.vtt line 6: malformed timestamp "00:00:03\.1234"/u,
    ],
    [
      'a cue that ends before it starts',
      () =>
        fileWith(
          'backwards.srt',
          '1\n00:00:01,000 --> 00:00:02,000\nok\n\n' +
            '2\n00:00:09,000 --> 00:00:08,000\nno\n',
        ),
      /backwards\.srt line 6: cue ends \(8 s\) before it starts \(9 s\)/u,
    ],
    [
      'an empty file',
      () => fileWith('empty.vtt', ''),
      /empty\.vtt line 1: file is empty/u,
    ],
    [
      'binary junk',
      () =>
        fileWith(
          'junk.vtt',
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]),
        ),
      /junk\.vtt line 1: binary data, not UTF-8 text/u,
    ],
    [
      'a path that is a directory',
      async () => {
        const path = join(folder, 'a-folder.vtt');
        await mkdir(path, { recursive: true });
        return path;
      },
      /a-folder\.vtt: is a directory \(EISDIR\)/u,
    ],
    [
      'a missing file',
      async () => join(folder, 'never-written.srt'),
      /never-written\.srt: no such file/u,
    ],
  ];

  it('rejects a bad file and leaves the database as it was', async () => {
    const [, makeFile, message] = cases[1] as (typeof cases)[number];
    const path = await makeFile();
    const before = await snapshot();

    const run = await steno('--json', 'import', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const { error } = JSON.parse(run.stderr);
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  // One run for every kind keeps the suite fast; each file is parsed on
  // its own, so each is reported as it would be alone.
  it('rejects every kind of bad file, naming each file and line', async () => {
    const paths: string[] = [];
    for (const [, makeFile] of cases) paths.push(await makeFile());
    const before = await snapshot();

    const run = await steno('import', ...paths);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(cases.length + 1);
    cases.forEach(([, , message], index) => {
      expect(lines[index]).toMatch(message);
      expect(lines[index]).toContain(paths[index]);
    });
    expect(lines.at(-1)).toBe('nothing was imported');
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(process.getuid?.() === 0)(
    'rejects a file it may not read',
    async () => {
      const path = await fileWith('secret.vtt', GOOD_VTT);
      await chmod(path, 0o000);
      const before = await snapshot();
      const run = await steno('import', path);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/secret\.vtt: cannot be read \(EACCES\)/u);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('stores none of three files when the second is bad', async () => {
    const first = await fileWith('first.vtt', GOOD_VTT);
    const second = await fileWith('second.srt', '1\n00:00:01,000 --> x\nhi\n');
    const third = await fileWith('third.json', GOOD_JSON);
    const before = await snapshot();

    const run = await steno('--json', 'import', first, second, third);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const { error } = JSON.parse(run.stderr);
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toBe(
      `${second} line 2: malformed timestamp "x"; expected hh:mm:ss.ttt\n` +
        'nothing was imported',
    );
    expect(await snapshot()).toEqual(before);

    const retry = await steno('--json', 'import', first, third);
    expect(retry.code).toBe(0);
    const statuses = JSON.parse(retry.stdout).results.map(
      (result: { status: string }) => result.status,
    );
    expect(statuses).toEqual(['imported', 'imported']);
  });
});
