import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RetentionManager } from '../src/index.js';
import { DAY, openSandbox, sessionRow, type Sandbox } from './helpers.js';

// The writer stamps rows with the real clock, so retention uses it too.
const OLD = Date.now() - 100 * DAY;
const ROWS = 500_000;
const WRITER = fileURLToPath(new URL('./fixtures/writer.mjs', import.meta.url));

let box: Sandbox | null = null;

afterEach(async () => {
  await box?.cleanup();
  box = null;
});

async function seed(sandbox: Sandbox): Promise<void> {
  await sandbox.sessions.bulkInsert('Session', [
    sessionRow(1, 'completed', OLD),
    sessionRow(2, 'active', OLD),
  ]);
  const chunk = 50_000;
  for (let at = 0; at < ROWS; at += chunk) {
    const rows = Array.from({ length: chunk }, (_, i) => ({
      session: 1,
      text: 'an old sentence nobody needs',
      startTime: at + i,
      endTime: at + i + 1,
      createdAt: new Date(OLD),
    }));
    await sandbox.sessions.bulkInsert('TranscriptEntry', rows);
  }
}

function startWriter(path: string) {
  const child = spawn(process.execPath, [WRITER, path, '2', '3'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  const ready = new Promise<void>((resolve) => {
    const check = () => output.includes('ready') && resolve();
    child.stdout.on('data', check);
  });
  const finish = async () => {
    child.stdin.end();
    await once(child, 'exit');
    const last = output.trim().split('\n').at(-1) ?? '{}';
    return JSON.parse(last) as {
      inserts: number;
      failures: number;
      worstMs: number;
      over100ms: number;
      errors: string[];
    };
  };
  return { ready, finish, child };
}

describe('a recorder writing during a large cleanup', () => {
  it.each([
    ['transcripts', 'TranscriptEntry'],
    ['sessions', 'Session'],
  ])(
    'never fails while rule %s deletes 500,000 rows',
    async (ruleId) => {
      box = await openSandbox();
      await seed(box);
      const writer = startWriter(box.db.config.path);
      await writer.ready;

      const manager = new RetentionManager(box.db, {
        config: {
          backupBeforeCleanup: false,
          session_retention_days: 30,
          transcript_retention_days: 30,
        },
      });
      const started = performance.now();
      const result = await manager.applyRule(ruleId);
      const seconds = (performance.now() - started) / 1000;
      const stats = await writer.finish();

      console.log(
        `${ruleId}: deleted ${result.items.TranscriptEntry} rows in ${seconds.toFixed(1)} s; ` +
          `writer: ${stats.inserts} inserts, ${stats.failures} failures, ` +
          `worst latency ${stats.worstMs.toFixed(1)} ms, ` +
          `${stats.over100ms} over 100 ms`,
      );
      expect(stats.errors).toEqual([]);
      expect(stats.failures).toBe(0);
      expect(stats.inserts).toBeGreaterThan(0);
      expect(result.items.TranscriptEntry).toBe(ROWS);
      const [row] = await box.db.executeQuery<{ n: number; s: number }>(
        'select count(*) as n, min(session_id) as s from transcript_entries',
      );
      expect(row).toEqual({ n: stats.inserts, s: 2 });
    },
    180_000,
  );
});
