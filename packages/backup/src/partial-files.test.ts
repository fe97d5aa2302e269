import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '@steno/db';
import { listPartials, partialPath, sweepPartials } from './partial-files.js';

const ID = '20261201T000000Z-aaaaaa';
const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steno-partials-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `bytes` bytes to `name`, last modified `minutesAgo`. */
async function put(name: string, bytes: number, minutesAgo = 0) {
  await writeFile(join(dir, name), Buffer.alloc(bytes));
  const at = (Date.now() - minutesAgo * 60_000) / 1000;
  await utimes(join(dir, name), at, at);
}

it('names a partial with the pid of this process', () => {
  expect(partialPath('/b', `.${ID}.snapshot`)).toBe(
    `/b/.${ID}.snapshot.${process.pid}.tmp`,
  );
});

it('reports each partial with its bytes, id and writer', async () => {
  await put(`.${ID}.snapshot.${deadPid}.tmp`, 4096);
  await put(`.${ID}.snapshot.${deadPid}.tmp-journal`, 512);
  await put(`${ID}.sqlite.gz`, 10);
  await put('notes.txt', 3);

  const listed = await listPartials(dir, await readdir(dir));

  expect(
    listed.map(({ file, bytes, backupId, writerPid }) => ({
      file,
      bytes,
      backupId,
      writerPid,
    })),
  ).toEqual([
    {
      file: `.${ID}.snapshot.${deadPid}.tmp`,
      bytes: 4096,
      backupId: ID,
      writerPid: deadPid,
    },
    {
      file: `.${ID}.snapshot.${deadPid}.tmp-journal`,
      bytes: 512,
      backupId: ID,
      writerPid: deadPid,
    },
  ]);
});

it('sweeps a fresh partial at once when its writer is dead', async () => {
  await put(`.${ID}.snapshot.${deadPid}.tmp`, 1);
  await put(`.${ID}.snapshot.${deadPid}.tmp-journal`, 1);

  const removed = await sweepPartials(dir, silentLogger);

  expect(removed).toHaveLength(2);
  expect(await readdir(dir)).toEqual([]);
});

it('keeps a running writer’s fresh partial, sweeps it when stale', async () => {
  const alive = process.ppid;
  await put(`.${ID}.snapshot.${alive}.tmp`, 1);
  await put(`${ID}.sqlite.gz.${alive}.tmp`, 1, 16);

  const removed = await sweepPartials(dir, silentLogger);

  expect(removed.map((p) => p.file)).toEqual([`${ID}.sqlite.gz.${alive}.tmp`]);
  expect(await readdir(dir)).toEqual([`.${ID}.snapshot.${alive}.tmp`]);
});

it('never sweeps a partial of this very process, however old', async () => {
  await put(`.${ID}.verify.${process.pid}.tmp`, 1, 60);

  expect(await sweepPartials(dir, silentLogger)).toEqual([]);
  expect(await readdir(dir)).toHaveLength(1);
});

it('sweeps a name without a pid only once it is stale', async () => {
  await put(`.${ID}.snapshot.tmp`, 1, 16);
  await put(`.${ID}.snapshot.tmp-journal`, 1, 16);
  await put(`${ID}.sqlite.gz.tmp`, 1, 14);

  const removed = await sweepPartials(dir, silentLogger);

  expect(removed.map((p) => p.file).sort()).toEqual([
    `.${ID}.snapshot.tmp`,
    `.${ID}.snapshot.tmp-journal`,
  ]);
  expect(await readdir(dir)).toEqual([`${ID}.sqlite.gz.tmp`]);
});
