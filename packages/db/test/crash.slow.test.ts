import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

const WRITER = join(import.meta.dirname, 'fixtures', 'bulk-writer-process.mjs');
const ROWS = 150_000;

let t: TempDatabase;
let sessionId: number;

beforeEach(async () => {
  t = await openTempDatabase();
  const [row] = await t.db.executeQuery<{ id: number }>(
    `insert into sessions (title, start_time, status, participant_count,
       created_at, updated_at)
     values ('kept', 0, 'active', 0, 0, 0) returning id`,
  );
  sessionId = row?.id ?? 0;
  await t.db.disconnect();
});

afterEach(async () => t.cleanup());

it.each([20, 150, 400])(
  'a bulk insert killed %i ms in leaves all rows or none',
  async (delayMs) => {
    const outcome = await killWriterAfter(delayMs);
    // 150,000 rows take far longer than 20 ms: that kill lands mid-write.
    if (delayMs === 20) expect(outcome).toBe('killed');
    await t.db.connect();

    const [row] = await t.db.executeQuery<{ n: number; s: number }>(
      'select count(*) as n, (select count(*) from sessions) as s' +
        ' from transcript_entries',
    );
    const [check] = await t.db.executeQuery<{ quick_check: string }>(
      'pragma quick_check',
    );
    expect(check?.quick_check).toBe('ok');
    expect(row?.s).toBe(1);
    expect(row?.n).toBe(outcome === 'done' ? ROWS : 0);
  },
);

/** Runs the writer and SIGKILLs it `ms` after it starts writing. */
async function killWriterAfter(ms: number): Promise<'done' | 'killed'> {
  const child = spawn(
    process.execPath,
    [WRITER, t.path, String(sessionId), String(ROWS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('writing')) {
      setTimeout(() => child.kill('SIGKILL'), ms);
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_, s) => resolve(s)),
  );
  return signal === null && output.includes('done') ? 'done' : 'killed';
}
