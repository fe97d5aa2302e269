import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDirectories, checkStorageRoots } from './check-directories.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-dirs-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('checkDirectories', () => {
  it('refuses folders under /proc and /sys by path', async () => {
    const problems = await checkDirectories([
      { key: 'database.path', directory: '/proc/steno/deep' },
      { key: 'backup.directory', directory: '/sys/steno' },
    ]);
    expect(problems).toEqual([
      'database.path: cannot use /proc/steno/deep: it is on procfs, a ' +
        'kernel filesystem, not storage; choose a folder on a disk',
      'backup.directory: cannot use /sys/steno: it is on sysfs, a ' +
        'kernel filesystem, not storage; choose a folder on a disk',
    ]);
  });

  it('accepts a missing folder under a writable one', async () => {
    const directory = join(folder, 'not', 'yet');
    expect(await checkDirectories([{ key: 'k', directory }])).toEqual([]);
  });
});

describe('checkStorageRoots', () => {
  it('lists missing roots and files by key; skips the exempt', async () => {
    const file = join(folder, 'a-file');
    await writeFile(file, '');
    const problems = await checkStorageRoots(
      [
        { key: 'retention.storage_roots.0', directory: '/nonexistent/root' },
        { key: 'retention.storage_roots.1', directory: folder },
        { key: 'retention.storage_roots.2', directory: file },
        { key: 'retention.storage_roots.3', directory: join(folder, 'db') },
      ],
      join(folder, 'db'),
    );
    expect(problems).toEqual([
      'retention.storage_roots.0: storage root /nonexistent/root does ' +
        'not exist; create it, mount its disk, or remove it from the list',
      `retention.storage_roots.2: storage root ${file} is not a directory`,
    ]);
  });
});
