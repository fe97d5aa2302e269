/**
 * Times `/status` work on a large database: seeds ENTRIES transcript
 * entries with SessionManager.bulkInsert into DB (when it does not
 * exist yet), then times collectStatus and its parts. Run by hand:
 * `npx tsx test/bench/status-cost.ts DB [ENTRIES]`; not part of the suite.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Database, SessionManager } from '@steno/db';
import { defaultConfig } from '../../src/config/load-config.js';
import { collectStatus } from '../../src/system/status.js';

const STATUS_MODULE = process.env.STATUS_MODULE ?? '';

const CHUNK = 50_000;

async function seed(db: Database, entries: number): Promise<void> {
  await db.createTables();
  const sessions = new SessionManager(db);
  const now = new Date();
  await sessions.bulkInsert('Session', [
    { title: 'big', startTime: now, status: 'completed' },
  ]);
  for (let done = 0; done < entries; done += CHUNK) {
    const rows = Array.from(
      { length: Math.min(CHUNK, entries - done) },
      (_, i) => entryRow(done + i, now),
    );
    await sessions.bulkInsert('TranscriptEntry', rows);
  }
}

/** About 1 KB of text per entry, so a million entries make ~1 GB. */
function entryRow(i: number, createdAt: Date) {
  const words = 'the quarterly figures were discussed at length '.repeat(20);
  const text = `entry ${i}: ${words}`;
  return {
    session: 1,
    text,
    speaker: `speaker ${i % 7}`,
    startTime: i,
    endTime: i + 1,
    wordCount: 142,
    createdAt,
  };
}

/** Drops the file's pages from the OS cache, as after a reboot. */
function dropCache(path: string): void {
  for (const file of [path, `${path}-wal`].filter((f) => existsSync(f))) {
    execFileSync('dd', [
      `if=${file}`,
      'iflag=nocache',
      'count=0',
      'status=none',
    ]);
    execFileSync('dd', [
      `of=${file}`,
      'oflag=nocache',
      'conv=notrunc,fdatasync',
      'count=0',
      'status=none',
    ]);
  }
}

async function time(
  label: string,
  work: () => Promise<unknown>,
  runs = 5,
  before: () => void = () => {},
  prepare: () => Promise<unknown> = async () => {},
) {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    await prepare();
    before();
    const start = performance.now();
    await work();
    all.push(performance.now() - start);
  }
  all.sort((a, b) => a - b);
  const median = all[Math.floor(runs / 2)]!.toFixed(1);
  const first = all.length ? Math.max(...all).toFixed(1) : '-';
  process.stdout.write(`${label}: median ${median} ms, max ${first} ms\n`);
}

async function main(): Promise<void> {
  const [path, entries = '1000000'] = process.argv.slice(2);
  if (!path) throw new Error('usage: status-cost.ts DB [ENTRIES]');
  const config = defaultConfig();
  config.database.path = path;
  const db = new Database(config.database);
  await db.connect();
  if (!existsSync(`${path}.seeded`)) {
    const start = performance.now();
    await seed(db, Number(entries));
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stdout.write(`seeded ${entries} entries in ${seconds} s\n`);
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(`${path}.seeded`, ''),
    );
  }
  await time('countRows', () => db.countRows());
  await time('healthCheck (quick_check)', () => db.healthCheck());
  const health = await db.healthCheck();
  const collect: typeof collectStatus = STATUS_MODULE
    ? (await import(STATUS_MODULE)).collectStatus
    : collectStatus;
  const status = () => collect({ config, db, health: async () => health });
  await time('collectStatus, health memoized', status, 9);
  await time('collectStatus, cold file cache', status, 5, () =>
    dropCache(path),
  );

  const sessions = new SessionManager(db);
  const write = () =>
    sessions.bulkInsert('TranscriptEntry', [entryRow(0, new Date())]);
  await time(
    'collectStatus after a write, cold cache',
    status,
    5,
    () => dropCache(path),
    write,
  );
  await db.disconnect();
}

await main();
