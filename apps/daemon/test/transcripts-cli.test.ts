import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/index.js';
import { BUNDLED_DIR } from './fixtures/transcript-corpus.js';

const CATALAN = join(
  BUNDLED_DIR,
  'catalan-two-speakers.whisper-ctranslate2.json',
);
// `sha256sum fixtures/transcripts/catalan-...json`
const CATALAN_SHA256 =
  '8ba6802b57d29efdb6dfab0f3385f8e1a436c634b9f6bf16039904497cb33012';

let folder: string;
let dbPath: string;
const steno = (...args: string[]) => runCli(['--db', dbPath, ...args], folder);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-cli-'));
  dbPath = join(folder, 'meetings.db');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('steno import, sessions, show and export', () => {
  it('imports a file as one completed session', async () => {
    const run = await steno('import', CATALAN);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `${CATALAN}: imported as session 1 ` +
        '(14 entries, 2 participants, 0:34)\n',
    );
  });

  it('reports a second import of the same bytes', async () => {
    const run = await steno('--json', 'import', CATALAN);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      results: [{ file: CATALAN, status: 'duplicate', sessionId: 1 }],
    });
    const list = JSON.parse((await steno('sessions', '--json')).stdout);
    expect(list.sessions).toHaveLength(1);
  });

  it('lists sessions as JSON', async () => {
    const run = await steno('--json', 'sessions');
    const [session] = JSON.parse(run.stdout).sessions;
    expect(session).toMatchObject({
      id: 1,
      title: 'catalan-two-speakers.whisper-ctranslate2',
      duration: 34,
      status: 'completed',
      participantCount: 2,
      entryCount: 14,
    });
  });

  it('shows participants and statistics worked out by hand', async () => {
    const run = await steno('--json', 'show', '1');
    const report = JSON.parse(run.stdout);
    const byName = Object.fromEntries(
      report.participants.map((p: { name: string }) => [p.name, p]),
    );
    // SPEAKER_01 speaks cues 1, 3, 7, 9, 11 and 14: 2+2+4+2+2+2 s,
    // 6+3+8+5+4+3 words, five of them end in "?".
    expect(byName.SPEAKER_01).toMatchObject({
      speakingTime: 14,
      wordCount: 29,
      questionsAsked: 5,
    });
    expect(byName.SPEAKER_00).toMatchObject({
      speakingTime: 20,
      wordCount: 60,
      questionsAsked: 0,
    });
    expect(byName.SPEAKER_00.speakingPercentage).toBeCloseTo(
      (20 / 34) * 100,
      9,
    );
    expect(report.statistics).toMatchObject({
      entries: 14,
      words: 89,
      speakers: 2,
      questions: 5,
      language: 'ca',
    });
    expect(report.files[0]).toMatchObject({
      filePath: CATALAN,
      fileType: 'transcript',
      fileSize: 5600,
      checksum: CATALAN_SHA256,
    });
  });

  it('prints a human page with a transcript excerpt', async () => {
    const run = await steno('show', '1', '--lines', '2');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Session 1: catalan-two-speakers.whisper-ctranslate2',
    );
    expect(run.stdout).toContain(
      '  [0:02] SPEAKER_00: Hola, bon dia, em dic Carme.\n',
    );
    expect(run.stdout).not.toContain("D'on ets, Carme?");
  });

  it('exports to a file that imports back to the same transcript', async () => {
    const out = join(folder, 'catalan-export.json');
    const wrote = await steno('export', '1', '--format', 'json', '-o', out);
    expect(wrote.stdout).toBe(`wrote 14 cues to ${out}\n`);
    const again = await steno('--json', 'import', out);
    expect(JSON.parse(again.stdout).results[0]).toMatchObject({
      status: 'imported',
      sessionId: 2,
    });

    const first = await steno('export', '1', '--format', 'vtt');
    const second = await steno('export', '2', '--format', 'vtt');
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain(
      '00:00:32.000 --> 00:00:34.000\n' +
        "<v SPEAKER_01>D'acord, moltes gràcies.\n",
    );
    const markdown = await steno('export', '2', '--format', 'md');
    expect(markdown.stdout).toMatch(
      /^# catalan-two-speakers\.whisper-ctranslate2\n/u,
    );
    expect(await readFile(out, 'utf8')).toContain('"language": "ca"');
  });

  it.each([
    [['show', '99'], 1, /session 99 not found/u],
    [['show', 'first'], 1, /session id must be a positive whole number/u],
    [['show', '1', '--lines', 'all'], 1, /--lines must be a whole number/u],
    [['export', '1', '--format', 'docx'], 2, /Allowed choices are vtt, srt/u],
    [['export', '42', '--format', 'srt'], 1, /session 42 not found/u],
    [
      ['export', '1', '-o', '/nonexistent-steno-dir/x.vtt'],
      1,
      /write \/nonexistent-steno-dir\/x\.vtt: .*check the folder exists/u,
    ],
  ])('fails %j with exit code %i', async (args, code, message) => {
    const run = await steno(...args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('two imports of one file at the same time', () => {
  it('store it once', async () => {
    const db = join(folder, 'race.db');
    const seed = join(
      BUNDLED_DIR,
      'seattle-council-briefing-2021-08-02.captions.vtt',
    );
    // Creates the schema first, so the racers only race to import.
    await runCli(['--db', db, 'sessions'], folder);
    const runs = await Promise.all(
      [1, 2].map(() => runCli(['--db', db, '--json', 'import', seed], folder)),
    );
    const statuses = runs.map(
      (run) => JSON.parse(run.stdout).results[0].status,
    );
    expect(statuses.sort()).toEqual(['duplicate', 'imported']);
    const list = await runCli(['--db', db, '--json', 'sessions'], folder);
    expect(JSON.parse(list.stdout).sessions).toHaveLength(1);
  });
});

describe('steno demo', () => {
  it('imports the bundled meeting into ./data/steno.db once', async () => {
    const cwd = await mkdtemp(join(folder, 'demo-'));
    const first = await runCli(['demo'], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'Session 1: seattle-school-board-excerpt.whisperx',
    );
    expect(first.stdout).toMatch(/Participants \(4\)/u);
    expect(first.stdout).toContain('  duration   12:14\n');
    expect(existsSync(join(cwd, 'data', 'steno.db'))).toBe(true);

    const second = await runCli(['demo'], cwd);
    expect(second.stdout).toContain('Session 1: ');
    const list = await runCli(['--json', 'sessions'], cwd);
    expect(JSON.parse(list.stdout).sessions).toHaveLength(1);
  });
});
