import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Session, StenoError } from '@steno/models';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Database } from '../src/database.js';
import { SessionManager } from '../src/session-manager.js';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

const HOLDER = join(import.meta.dirname, 'fixtures', 'hold-write-lock.mjs');

let t: TempDatabase;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  t = await openTempDatabase({ busyTimeout: 50 });
});

afterEach(async () => {
  holder?.kill('SIGKILL');
  holder = undefined;
  await t.cleanup();
});

it('retries until another process releases the write lock', async () => {
  const sessions = new SessionManager(t.db, {
    retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 200 },
  });
  const lock = await holdWriteLock();
  setTimeout(() => lock.release(), 300);

  const started = Date.now();
  const id = await sessions.executeTransaction(async (em) => {
    await em.count(Session);
    const session = new Session('after the lock', new Date(0));
    em.persist(session);
    await em.flush();
    return session.id;
  });

  expect(await lock.exited).toBe(0);
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  expect(sessions.getSessionStats().retries).toBeGreaterThan(0);
  expect(await titles()).toEqual([{ id, title: 'after the lock' }]);
});

it('retries a read-then-write transaction with a stale snapshot', async () => {
  const other = new Database({ path: t.path });
  await other.connect();
  const sessions = new SessionManager(t.db);
  let attempts = 0;

  try {
    await sessions.executeTransaction(async (em) => {
      attempts += 1;
      const before = await em.count(Session);
      if (attempts === 1) {
        await other.executeQuery(
          `insert into sessions (title, start_time, status,
             participant_count, created_at, updated_at)
           values ('other', 0, 'active', 0, 0, 0)`,
        );
      }
      em.persist(new Session(`mine after ${before}`, new Date(0)));
    });
  } finally {
    await other.disconnect();
  }

  expect(attempts).toBe(2);
  expect(sessions.getSessionStats()).toMatchObject({ retries: 1 });
  expect((await titles()).map((r) => r.title)).toEqual([
    'other',
    'mine after 1',
  ]);
});

it('gives up with DATABASE_BUSY naming the path and the wait', async () => {
  const sessions = new SessionManager(t.db, {
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
  });
  await holdWriteLock();

  const error = await sessions
    .executeTransaction(async (em) => {
      em.persist(new Session('never', new Date(0)));
    })
    .catch((e: unknown) => e);

  expect(error).toBeInstanceOf(StenoError);
  expect(error).toMatchObject({
    code: 'DATABASE_BUSY',
    details: { path: t.path, attempts: 3 },
  });
  const message = (error as Error).message;
  expect(message).toContain(t.path);
  expect(message).toMatch(/stayed locked for \d+\.\d s over 3 attempts/);
  expect((error as Error).cause).toBeDefined();
  expect(sessions.getSessionStats()).toMatchObject({
    retries: 2,
    commits: 0,
    rollbacks: 3,
  });

  holder?.kill('SIGKILL');
  expect(await titles()).toEqual([]);
});

/** A process holding the write lock, and how to end it. */
interface HeldLock {
  release(): void;
  /** Settles with the exit code once the process is gone. */
  exited: Promise<number | null>;
}

/** Starts a process that takes the write lock; resolves once it holds it. */
async function holdWriteLock(): Promise<HeldLock> {
  const child = spawn(process.execPath, [HOLDER, t.path], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  holder = child;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', () => reject(new Error('lock holder exited early')));
  });
  return { release: () => child.stdin.write('release\n'), exited };
}

async function titles(): Promise<{ id: number; title: string }[]> {
  return t.db.executeQuery('select id, title from sessions order by id');
}
