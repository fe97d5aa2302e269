import { afterEach, describe, expect, it } from 'vitest';
import { RetentionManager } from '../src/index.js';
import {
  DAY,
  entryRow,
  openSandbox,
  sessionRow,
  type Sandbox,
} from './helpers.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const OLD = NOW - 40 * DAY;
const NEW = NOW - DAY;

let box: Sandbox | null = null;

afterEach(async () => {
  await box?.cleanup();
  box = null;
});

/**
 * Thirty entries dealt round-robin to sessions 1 (completed), 2 (active)
 * and 3 (completed), so every batch of four ids mixes them. By hand:
 * session 1's ten old entries go, session 2's ten stay because it is
 * live, and of session 3's ten (old, new, old, ...) the five old go.
 */
async function seedInterleaved(sandbox: Sandbox): Promise<void> {
  await sandbox.sessions.bulkInsert('Session', [
    sessionRow(1, 'completed', OLD),
    sessionRow(2, 'active', OLD),
    sessionRow(3, 'completed', OLD),
  ]);
  const rows = [];
  for (let i = 0; i < 30; i++) {
    const session = (i % 3) + 1;
    const old = session !== 3 || Math.floor(i / 3) % 2 === 0;
    rows.push(entryRow(session, old ? OLD : NEW, i));
  }
  await sandbox.sessions.bulkInsert('TranscriptEntry', rows);
}

async function countsBySession(sandbox: Sandbox) {
  const rows = (await sandbox.db.executeQuery(
    'select session_id as s, count(*) as n from transcript_entries ' +
      'group by session_id order by session_id',
  )) as Array<{ s: number; n: number }>;
  return rows.map((row) => [Number(row.s), Number(row.n)]);
}

describe('transcript entry rules deleting by id range', () => {
  it('delete only eligible entries when batches mix sessions', async () => {
    box = await openSandbox();
    await seedInterleaved(box);
    const manager = new RetentionManager(box.db, {
      batchSize: 4,
      now: () => new Date(NOW),
      config: {
        backupBeforeCleanup: false,
        rules: [
          {
            ruleId: 'entries',
            name: 'Old entries',
            entity: 'TranscriptEntry',
            retentionDays: 30,
          },
        ],
      },
    });

    const run = await manager.applyRetentionRules();

    expect(run.results[0]?.deletedCount).toBe(15);
    expect(run.results[0]?.complete).toBe(true);
    expect(await countsBySession(box)).toEqual([
      [2, 10],
      [3, 5],
    ]);
  });
});
