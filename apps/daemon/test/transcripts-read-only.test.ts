import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useBundledCli } from './helpers/index.js';

const cli = useBundledCli('transcripts-read-only');

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-read-only-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('read-only commands on a missing database', () => {
  const commands = [
    ['sessions'],
    ['show', '1'],
    ['export', '1', '--format', 'vtt'],
  ];

  it.each(commands)('%s refuses it and creates nothing', async (...args) => {
    const path = join(folder, 'nonexist', 'deep', 'x.db');
    const run = await runCli(['--db', path, '--json', ...args], folder, {
      cli: cli(),
    });

    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stderr);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(path);
    expect(existsSync(join(folder, 'nonexist'))).toBe(false);
    expect(await readdir(folder)).toEqual([]);
  });

  it('import still creates the database and its folders', async () => {
    const path = join(folder, 'made', 'here.db');
    const run = await runCli(['--db', path, 'demo'], folder, { cli: cli() });
    expect(run.code).toBe(0);
    expect(existsSync(path)).toBe(true);
    await rm(join(folder, 'made'), { recursive: true });
  });
});
