import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTemplate } from '../src/fresh-db.js';
import { measureIdleWriter, WriterProcess } from '../src/writer-process.js';

describe('WriterProcess (built worker, real child process)', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'steno-bench-writer-'));
    path = join(dir, 'live.db');
    await createEmptyTemplate(path);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const liveRows = () => {
    const sqlite = new BetterSqlite3(path, { readonly: true });
    try {
      const sql =
        'select count(*) as n from transcript_entries e join sessions s ' +
        "on s.id = e.session_id where s.status = 'active'";
      return (sqlite.prepare(sql).get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  };

  it('writes whole batches of 100 and reports every one it timed', async () => {
    const stats = await measureIdleWriter(path, 400);
    const rows = liveRows();
    expect(stats.errors).toBe(0);
    expect(stats.batches).toBeGreaterThan(0);
    expect(rows % 100).toBe(0);
    expect(rows / 100).toBeGreaterThan(stats.batches);
    expect(stats.p99).toBeGreaterThanOrEqual(stats.p50);
  });

  it('counts the errors of a writer locked out over 5 s', async () => {
    const writer = await WriterProcess.start(path);
    const blocker = new BetterSqlite3(path);
    blocker.exec('begin immediate');
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    blocker.exec('rollback');
    blocker.close();
    const stats = await writer.stop();
    expect(stats.errors).toBeGreaterThan(0);
    expect(stats.maxMs).toBeGreaterThanOrEqual(5_000);
  });
});
