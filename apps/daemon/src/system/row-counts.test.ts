import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowCountCache } from './row-counts.js';

let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-row-counts-'));
  file = join(folder, 'steno.db');
  await writeFile(file, 'page');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A count that answers `rows` and remembers how often it ran. */
function counter(rows: () => Record<string, number>) {
  const state = { calls: 0 };
  const count = async () => {
    state.calls += 1;
    return rows();
  };
  return { state, count };
}

describe('RowCountCache', () => {
  it('counts once while the files stay the same', async () => {
    const { state, count } = counter(() => ({ sessions: 3 }));
    const cache = new RowCountCache({ count, files: [file] });

    const first = await cache.read();
    const second = await cache.read();

    expect(first.rows).toEqual({ sessions: 3 });
    expect(second).toEqual(first);
    expect(state.calls).toBe(1);
  });

  it('counts again once a file has changed', async () => {
    let sessions = 3;
    const { state, count } = counter(() => ({ sessions }));
    const cache = new RowCountCache({ count, files: [file] });
    await cache.read();

    sessions = 4;
    await appendFile(file, 'another page');

    expect((await cache.read()).rows).toEqual({ sessions: 4 });
    expect(state.calls).toBe(2);
  });

  it('answers with the older counts when a count is slow', async () => {
    let finish: (rows: Record<string, number>) => void = () => {};
    const cache = new RowCountCache({
      count: () => new Promise((resolve) => (finish = resolve)),
      files: [file],
      waitMs: 10,
    });

    const waiting = await cache.read();
    expect(waiting).toEqual({ rows: null, countedAt: null });

    finish({ sessions: 7 });
    const done = await cache.read();
    expect(done.rows).toEqual({ sessions: 7 });
    expect(done.countedAt).not.toBeNull();
  });

  it('stamps counts with the time the count began', async () => {
    const { count } = counter(() => ({ sessions: 1 }));
    const now = () => Date.parse('2026-01-02T03:04:05.000Z');
    const cache = new RowCountCache({ count, files: [file], now });

    const reading = await cache.read();
    expect(reading.countedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reads null rows, not an error, when counting fails', async () => {
    const cache = new RowCountCache({
      count: () => Promise.reject(new Error('no such table: sessions')),
      files: [file],
    });

    expect(await cache.read()).toMatchObject({ rows: null });
  });

  it('spaces slow counts to a tenth of the time', async () => {
    let clock = 0;
    const count = async () => {
      clock += 100;
      return { sessions: clock };
    };
    const cache = new RowCountCache({ count, files: [file], now: () => clock });
    await cache.read();

    clock += 500;
    await appendFile(file, 'x');
    expect((await cache.read()).rows).toEqual({ sessions: 100 });

    clock += 500;
    expect((await cache.read()).rows).toEqual({ sessions: 1200 });
  });
});
