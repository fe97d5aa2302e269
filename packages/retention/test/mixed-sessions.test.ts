import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RetentionManager } from '../src/index.js';
import {
  DAY,
  entryRow,
  openSandbox,
  sessionIds,
  sessionRow,
  usedDatabaseBytes,
  writeSized,
  type Sandbox,
} from './helpers.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const CUTOFF = NOW - 30 * DAY;
const ZONES: Array<[string, number]> = [
  ['UTC', 0],
  ['America/Los_Angeles', 420],
  ['Asia/Kathmandu', -345],
];

let box: Sandbox | null = null;
const originalTz = process.env.TZ;

afterEach(async () => {
  process.env.TZ = originalTz;
  await box?.cleanup();
  box = null;
});

/**
 * Ten sessions; by hand, 1, 2, 8, 9 and 10 are expired, finished and
 * not preserved, so only they may go.
 */
async function seedMix(sandbox: Sandbox) {
  const { root, dir } = sandbox;
  const a = await writeSized(join(root, 'a.wav'), 1000);
  const aText = await writeSized(join(root, 'a.txt'), 250);
  const shared = await writeSized(join(root, 'shared.wav'), 400);
  const kept = await writeSized(join(root, 'kept.wav'), 300);
  const outside = await writeSized(join(dir, 'outside.wav'), 500);
  await sandbox.sessions.bulkInsert('Session', [
    sessionRow(1, 'completed', CUTOFF - 10 * DAY, { audioFilePath: a }),
    sessionRow(2, 'failed', CUTOFF - 1000),
    sessionRow(3, 'completed', CUTOFF, { audioFilePath: kept }),
    sessionRow(4, 'active', CUTOFF - 20 * DAY),
    sessionRow(5, 'paused', CUTOFF - 20 * DAY),
    sessionRow(6, 'completed', CUTOFF - 40 * DAY, {
      metadata: { keep: true },
    }),
    sessionRow(7, 'completed', NOW - DAY, { audioFilePath: shared }),
    sessionRow(8, 'cancelled', CUTOFF - 5 * DAY, { audioFilePath: shared }),
    sessionRow(9, 'completed', CUTOFF - 5 * DAY, { audioFilePath: outside }),
    sessionRow(10, 'completed', CUTOFF - 5 * DAY, {
      transcriptFilePath: join(root, 'never-written.vtt'),
    }),
  ]);
  await sandbox.sessions.bulkInsert('TranscriptEntry', [
    entryRow(1, CUTOFF - 10 * DAY, 0),
    entryRow(1, CUTOFF - 10 * DAY, 1),
    entryRow(1, CUTOFF - 10 * DAY, 2),
    entryRow(4, CUTOFF - 20 * DAY, 0),
    entryRow(4, CUTOFF - 20 * DAY, 1),
  ]);
  await sandbox.sessions.bulkInsert('FileInfo', [
    {
      session: 1,
      filePath: aText,
      fileType: 'transcript',
      fileSize: 250,
      createdAt: new Date(CUTOFF - 10 * DAY),
    },
  ]);
  return { a, aText, shared, kept, outside };
}

function managerFor(sandbox: Sandbox, extra = {}) {
  return new RetentionManager(sandbox.db, {
    config: { backupBeforeCleanup: false, rules: [] },
    storageRoots: [sandbox.root],
    now: () => new Date(NOW),
    ...extra,
  });
}

const SESSION_RULE = {
  ruleId: 'sessions',
  name: 'Expired sessions',
  entity: 'Session',
  retentionDays: 30,
  preserve: { field: 'metadata.keep', equals: true },
};

describe('a mix of sessions', () => {
  it.each(ZONES)(
    'deletes exactly the expired ones in %s',
    async (zone, offset) => {
      process.env.TZ = zone;
      expect(new Date(NOW).getTimezoneOffset()).toBe(offset);
      box = await openSandbox();
      const files = await seedMix(box);
      const manager = managerFor(box);
      manager.addRule(SESSION_RULE);

      const estimate = await manager.estimateCleanup();
      const usedBefore = await usedDatabaseBytes(box.db);
      const run = await manager.applyRetentionRules();
      const usedAfter = await usedDatabaseBytes(box.db);

      expect(await sessionIds(box.db)).toEqual([3, 4, 5, 6, 7]);
      const [result] = run.results;
      expect(result?.success).toBe(true);
      expect(result?.deletedCount).toBe(5);
      expect(result?.items).toEqual({
        Session: 5,
        TranscriptEntry: 3,
        Participant: 0,
        AnalysisResult: 0,
        FileInfo: 1,
      });
      expect(estimate.rules[0]?.items).toEqual(result?.items);
      expect(estimate.rules[0]?.fileBytes).toBe(result?.fileBytes);

      expect(existsSync(files.a)).toBe(false);
      expect(existsSync(files.aText)).toBe(false);
      expect(existsSync(files.shared)).toBe(true);
      expect(existsSync(files.kept)).toBe(true);
      expect(existsSync(files.outside)).toBe(true);
      expect(result?.fileBytes).toBe(1000 + 250);
      expect(result?.databaseBytes).toBe(usedBefore - usedAfter);
      expect(result?.freedSpace).toBe(1250 + usedBefore - usedAfter);
    },
  );
});
