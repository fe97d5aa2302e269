import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_DIR } from './fixtures/transcript-corpus.js';
import { runCli, useBundledCli } from './helpers/index.js';

const cli = useBundledCli('config-check-folders');
const SEED = join(BUNDLED_DIR, 'catalan-two-speakers.whisper-ctranslate2.vtt');

let folder: string;
// A run that spins on procfs is killed; a killed run has code -1.
const steno = (...args: string[]) =>
  runCli(args, folder, { cli: cli(), timeoutMs: 15_000 });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-folders-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('config check and folders', () => {
  it('reports a missing storage root by its key path', async () => {
    await writeFile(
      join(folder, 'roots.yaml'),
      'retention:\n  storage_roots: [/nonexistent/root]\n',
    );
    const run = await steno('config', 'check', 'roots.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'retention.storage_roots.0: storage root /nonexistent/root does not ' +
        'exist',
    );
  });

  it('refuses a database under /proc in config check', async () => {
    await writeFile(
      join(folder, 'proc.yaml'),
      'database:\n  path: /proc/steno/x.db\n',
    );
    const run = await steno('config', 'check', 'proc.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'database.path: cannot use /proc/steno: it is on procfs',
    );
  });

  it.each(['/proc/steno/deep/x.db', '/sys/steno/x.db'])(
    'import refuses --db %s at once instead of spinning',
    async (path) => {
      const before = await readdir(folder);
      const run = await steno('--db', path, '--json', 'import', SEED);
      expect(run.code).toBe(1);
      const { error } = JSON.parse(run.stderr);
      expect(error.code).toBe('FILE_UNWRITABLE');
      expect(error.message).toMatch(
        /^database\.path: cannot use \/(proc|sys)/u,
      );
      expect(await readdir(folder)).toEqual(before);
    },
  );
});
