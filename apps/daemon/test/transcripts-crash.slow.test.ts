import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database } from '@steno/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_CLI as CLI, digestRows, runCli } from './helpers/index.js';
import { BUNDLED_DIR } from './fixtures/transcript-corpus.js';

const CUES = 200_000;
const WAL_GROWN = 1024 * 1024;

let folder: string;
let dbPath: string;

/** A long, valid WebVTT file: CUES cues of 0.3 s by two speakers. */
function bigTranscript(): string {
  const lines = ['WEBVTT', ''];
  for (let index = 0; index < CUES; index++) {
    const at = (cue: number) => new Date(cue * 300).toISOString().slice(11, 23);
    const who = index % 2 === 0 ? 'Ann' : 'Bob';
    lines.push(`${at(index)} --> ${at(index + 1)}`);
    lines.push(`<v ${who}>cue number ${index} of the marathon`, '');
  }
  return lines.join('\n');
}

async function walSize(): Promise<number> {
  return stat(`${dbPath}-wal`).then(
    (info) => info.size,
    () => 0,
  );
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-crash-'));
  dbPath = join(folder, 'steno.db');
  const seed = join(
    BUNDLED_DIR,
    'catalan-two-speakers.whisper-ctranslate2.vtt',
  );
  expect((await runCli(['--db', dbPath, 'import', seed], folder)).code).toBe(0);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('an import killed while it writes', () => {
  it('leaves the sessions that were there and nothing else', async () => {
    const path = join(folder, 'marathon.vtt');
    await writeFile(path, bigTranscript());
    const before = await digestRows(dbPath);

    const child = spawn(
      process.execPath,
      [CLI, '--db', dbPath, 'import', path],
      {
        cwd: folder,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    );
    while ((await walSize()) < WAL_GROWN && child.exitCode === null) {
      await sleep(2);
    }
    // The write transaction is under way: its pages are in the WAL.
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(await digestRows(dbPath)).toBe(before);
    const db = new Database({ path: dbPath });
    await db.connect();
    const [check] = await db.executeQuery<{ integrity_check: string }>(
      'pragma integrity_check',
    );
    await db.disconnect();
    expect(check?.integrity_check).toBe('ok');

    const again = await runCli(
      ['--db', dbPath, '--json', 'import', path],
      folder,
    );
    expect(JSON.parse(again.stdout).results[0]).toMatchObject({
      status: 'imported',
      entries: CUES,
      participants: 2,
    });
  });
});
