import { Database, SessionManager } from '@steno/db';
import { Session } from '@steno/models';

/**
 * The recorder stand-in: inserts 100 transcript entries every 10 ms
 * through @steno/db, as the daemon does, and reports each batch's
 * latency and every error. Driven over IPC by writer-process.ts.
 */
const [path = '', rowsArg = '100', periodArg = '10'] = process.argv.slice(2);
const ROWS = Number(rowsArg);
const PERIOD_MS = Number(periodArg);

const db = new Database({ path });
await db.connect();
const manager = new SessionManager(db);
const sessionId = await createLiveSession();
const latencies: number[] = [];
const errors: string[] = [];
let recording = false;
let running = true;
let clock = 0;

process.on('message', (message) => {
  if (message === 'start') recording = true;
  if (message === 'stop') running = false;
});
await insertBatch();
process.send?.({ type: 'ready' });
while (running) {
  const started = performance.now();
  await insertBatch();
  const wait = PERIOD_MS - (performance.now() - started);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
process.send?.({ type: 'stats', latencies, errors, rows: latencies.length });
await db.disconnect();
process.disconnect?.();

async function createLiveSession(): Promise<number> {
  return manager.withUnitOfWork(async (em) => {
    const session = new Session('live recording (bench writer)');
    em.persist(session);
    await em.flush();
    return session.id;
  });
}

async function insertBatch(): Promise<void> {
  const rows = Array.from({ length: ROWS }, () => nextRow());
  const started = performance.now();
  try {
    await manager.bulkInsert('TranscriptEntry', rows);
  } catch (error) {
    if (recording) errors.push((error as Error).message);
  }
  if (recording) latencies.push(performance.now() - started);
}

function nextRow(): Record<string, unknown> {
  clock += 2;
  return {
    session: sessionId,
    text: 'and that is why the recorder keeps writing while we talk',
    speaker: 'Alice Moreau',
    startTime: clock,
    endTime: clock + 1.5,
    confidence: 0.9,
    wordCount: 11,
  };
}
