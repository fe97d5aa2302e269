import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useBundledCli } from './helpers/index.js';

const CUES = 200_000;
const cli = useBundledCli('transcripts-large');

let folder: string;
let vttPath: string;
let vttText: string;
const steno = (...args: string[]) =>
  runCli(['--db', join(folder, 'big.db'), ...args], folder, {
    cli: cli(),
  });

/** CUES cues of 0.3 s by two speakers, six words each, as steno writes. */
function bigTranscript(): string {
  const at = (cue: number) => new Date(cue * 300).toISOString().slice(11, 23);
  const lines = ['WEBVTT', ''];
  for (let index = 0; index < CUES; index++) {
    const who = index % 2 === 0 ? 'Ann' : 'Bob';
    lines.push(`${at(index)} --> ${at(index + 1)}`);
    lines.push(`<v ${who}>cue number ${index} of the marathon`, '');
  }
  return lines.join('\n');
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-large-'));
  vttPath = join(folder, 'marathon.vtt');
  vttText = bigTranscript();
  await writeFile(vttPath, vttText);
  expect((await steno('import', vttPath)).code).toBe(0);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a session of 200,000 entries', () => {
  it('is shown without overflowing the call stack', async () => {
    const run = await steno('--json', 'show', '1');
    expect(run.stderr).toBe('');
    const { statistics } = JSON.parse(run.stdout);
    expect(statistics.entries).toBe(CUES);
    // Six words a cue: "cue number N of the marathon".
    expect(statistics.words).toBe(6 * CUES);
    expect(statistics.speakers).toBe(2);
  });

  it('exports back to the same WebVTT, every cue', async () => {
    const out = join(folder, 'out.vtt');
    expect(
      (await steno('export', '1', '--format', 'vtt', '-o', out)).code,
    ).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(vttText);
  });

  it('exports every cue as SubRip, JSON and Markdown', async () => {
    const srt = await exportText('srt');
    expect(srt.match(/ --> /gu)?.length).toBe(CUES);
    // Cue 199,999 starts at 199,999 × 0.3 s = 16:39:59.7.
    expect(srt.trimEnd()).toMatch(/\n200000\n16:39:59,700 --> 16:40:00,000\n/u);
    expect(srt.trimEnd()).toMatch(/Bob: cue number 199999 of the marathon$/u);

    const json = JSON.parse(await exportText('json'));
    expect(json.segments).toHaveLength(CUES);
    expect(json.segments[CUES - 1]).toMatchObject({
      start: 59_999.7,
      end: 60_000,
      speaker: 'Bob',
      text: 'cue number 199999 of the marathon',
    });

    const md = await exportText('md');
    expect(md).toContain('cue number 0 of the marathon');
    expect(md).toContain('cue number 199999 of the marathon');
  });
});

async function exportText(format: string): Promise<string> {
  const out = join(folder, `out.${format}`);
  const run = await steno('export', '1', '--format', format, '-o', out);
  expect(run.code).toBe(0);
  return readFile(out, 'utf8');
}
