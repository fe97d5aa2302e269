import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useBundledCli } from './helpers/index.js';

const cli = useBundledCli('transcripts-usage');

let folder: string;
const steno = (...args: string[]) =>
  runCli(['--db', join(folder, 'x.db'), ...args], folder, { cli: cli() });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-usage-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('usage errors under --json', () => {
  it.each([
    [
      'a bad --format value',
      ['export', '1', '--format', 'pdf'],
      "option '--format <format>' argument 'pdf' is invalid. " +
        'Allowed choices are vtt, srt, json, md; see --help',
    ],
    ['an unknown command', ['nope'], "unknown command 'nope'; see --help"],
    [
      'a missing argument',
      ['show'],
      "missing required argument 'id'; see --help",
    ],
    [
      'an unknown option',
      ['sessions', '--bogus'],
      "unknown option '--bogus'; see --help",
    ],
  ])('print %s as one JSON error, rc 2', async (_, args, message) => {
    const run = await steno('--json', ...args);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      error: { code: 'USAGE', message },
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it('keep commander text and help without --json, rc 2', async () => {
    const run = await steno('nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown command 'nope'\n\nUsage:/u);
  });
});
