import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PENDING_FILES_KEY, RetentionManager } from '../src/index.js';
import {
  DAY,
  entryRow,
  openSandbox,
  sessionIds,
  sessionRow,
  writeSized,
  type Sandbox,
} from './helpers.js';

const NOW = Date.UTC(2026, 0, 10);
const OLD = NOW - 100 * DAY;

let box: Sandbox | null = null;

afterEach(async () => {
  await box?.cleanup();
  box = null;
});

function managerFor(sandbox: Sandbox, extra = {}) {
  return new RetentionManager(sandbox.db, {
    config: { backupBeforeCleanup: false, rules: [] },
    storageRoots: [sandbox.root],
    now: () => new Date(NOW),
    ...extra,
  });
}

const rule = (extra = {}) => ({
  ruleId: 'sessions',
  name: 'Expired sessions',
  entity: 'Session',
  retentionDays: 30,
  ...extra,
});

describe('retention safeguards', () => {
  it('skips a session that became active after the estimate', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD),
      sessionRow(2, 'completed', OLD),
    ]);
    const manager = managerFor(box);
    manager.addRule(rule());
    const estimate = await manager.estimateCleanup('sessions');
    expect(estimate.total.items.Session).toBe(2);

    await box.db.executeQuery(
      "update sessions set status = 'active' where id = 2",
    );
    const result = await manager.applyRule('sessions');
    expect(result.deletedCount).toBe(1);
    expect(await sessionIds(box.db)).toEqual([2]);
  });

  it('deletes nothing when the backup before cleanup fails', async () => {
    box = await openSandbox();
    const audio = await writeSized(join(box.root, 'old.wav'), 10);
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD, { audioFilePath: audio }),
    ]);
    const events: string[] = [];
    const manager = managerFor(box, {
      config: { backupBeforeCleanup: true, rules: [rule()] },
      backupService: {
        createBackup: () => Promise.reject(new Error('disk full')),
      },
      onEvent: (event: { type: string }) => events.push(event.type),
    });

    const run = await manager.applyRetentionRules();
    expect(run.success).toBe(false);
    expect(run.results[0]?.error?.code).toBe('BACKUP_FAILED');
    expect(run.results[0]?.error?.message).toContain('disk full');
    expect(await sessionIds(box.db)).toEqual([1]);
    expect(existsSync(audio)).toBe(true);
    expect(events).toContain('retention.backup_failed');
  });

  it('backs up first and records the backup id', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [sessionRow(1, 'completed', OLD)]);
    const calls: number[] = [];
    const manager = managerFor(box, {
      config: { backupBeforeCleanup: true, rules: [rule()] },
      backupService: {
        createBackup: async () => {
          calls.push((await sessionIds(box!.db)).length);
          return { backupId: 'b-1' };
        },
      },
    });
    const run = await manager.applyRetentionRules();
    expect(run.backupId).toBe('b-1');
    expect(calls).toEqual([1]);
    expect(await sessionIds(box.db)).toEqual([]);
  });

  it('postpones a dated rule when the clock is behind the data', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD),
      sessionRow(2, 'completed', NOW + DAY),
    ]);
    const events: unknown[] = [];
    const manager = managerFor(box, {
      onEvent: (e: unknown) => events.push(e),
    });
    manager.addRule(rule());
    const run = await manager.applyRetentionRules();
    expect(events.map((e) => (e as { type: string }).type)).toEqual([
      'retention.started',
      'retention.postponed',
      'retention.completed',
    ]);
    expect(events[1]).toEqual({
      type: 'retention.postponed',
      ruleId: 'sessions',
      now: '2026-01-10T00:00:00.000Z',
      newest: '2026-01-11T00:00:00.000Z',
    });
    expect(run.results[0]?.postponed).toBe(true);
    expect(run.results[0]?.deletedCount).toBe(0);
    expect(await sessionIds(box.db)).toEqual([1, 2]);
  });

  it('keeps the newest N of a count rule, live ones counted', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', NOW - 5 * DAY),
      sessionRow(2, 'active', NOW - 4 * DAY),
      sessionRow(3, 'completed', NOW - 3 * DAY),
      sessionRow(4, 'completed', NOW - 2 * DAY),
      sessionRow(5, 'completed', NOW - 1 * DAY),
    ]);
    const manager = managerFor(box);
    manager.addRule({
      ruleId: 'count',
      name: 'n',
      entity: 'Session',
      maxCount: 2,
    });
    await manager.applyRule('count');
    expect(await sessionIds(box.db)).toEqual([2, 4, 5]);
  });

  it('keeps only the newest when maxCount is 1, ties broken by id', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD),
      sessionRow(2, 'completed', OLD),
      sessionRow(3, 'completed', OLD - DAY),
    ]);
    const manager = managerFor(box);
    manager.addRule({
      ruleId: 'one',
      name: 'n',
      entity: 'Session',
      maxCount: 1,
    });
    const estimate = await manager.estimateCleanup('one');
    const result = await manager.applyRule('one');
    expect(await sessionIds(box.db)).toEqual([2]);
    expect(estimate.total.items.Session).toBe(2);
    expect(result.deletedCount).toBe(2);
  });

  it('caps file records by size, oldest first', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', NOW - 9 * DAY),
    ]);
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      paths.push(await writeSized(join(box.root, `f${i}.bin`), 400_000));
    }
    await box.sessions.bulkInsert(
      'FileInfo',
      paths.map((filePath, i) => ({
        session: 1,
        filePath,
        fileType: 'audio',
        fileSize: 400_000,
        createdAt: new Date(NOW - (9 - i) * DAY),
      })),
    );
    const manager = managerFor(box);
    manager.addRule({
      ruleId: 'cap',
      name: 'c',
      entity: 'FileInfo',
      maxSizeMb: 1,
    });
    const result = await manager.applyRule('cap');
    expect(result.deletedCount).toBe(2);
    expect(result.fileBytes).toBe(800_000);
    expect(paths.map((p) => existsSync(p))).toEqual([false, false, true, true]);
  });

  it('keeps rows a preserve predicate protects', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD, { title: 'board meeting' }),
      sessionRow(2, 'completed', OLD, { title: 'standup' }),
    ]);
    const manager = managerFor(box);
    manager.addRule(
      rule({
        preserveRow: (row: { title: string }) => row.title.includes('board'),
      }),
    );
    await manager.applyRule('sessions');
    expect(await sessionIds(box.db)).toEqual([1]);
  });

  it('refuses a symlink that leads out of the storage root', async () => {
    box = await openSandbox();
    const outside = await writeSized(join(box.dir, 'secret.wav'), 20);
    const link = join(box.root, 'link.wav');
    await symlink(outside, link);
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD, { audioFilePath: link }),
    ]);
    const manager = managerFor(box);
    manager.addRule(rule());
    const result = await manager.applyRule('sessions');
    expect(result.files[0]?.outcome).toBe('refused');
    expect(result.fileBytes).toBe(0);
    expect(existsSync(outside)).toBe(true);
  });

  it('retries a failed file delete on the next run', async () => {
    box = await openSandbox();
    const stuck = join(box.root, 'stuck.wav');
    await mkdir(stuck);
    await writeFile(join(stuck, 'inner'), 'x');
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD, { audioFilePath: stuck }),
    ]);
    const manager = managerFor(box);
    manager.addRule(rule());

    const first = await manager.applyRetentionRules();
    expect(first.results[0]?.files[0]?.outcome).toBe('failed');
    expect(first.results[0]?.fileBytes).toBe(0);
    expect(await pending(box)).toEqual([stuck]);

    await rm(stuck, { recursive: true });
    await writeSized(stuck, 77);
    const second = await manager.applyRetentionRules();
    expect(second.retriedFileBytes).toBe(77);
    expect(existsSync(stuck)).toBe(false);
    expect(await pending(box)).toEqual([]);
  });

  it('deletes transcript entries of finished sessions only', async () => {
    box = await openSandbox();
    await box.sessions.bulkInsert('Session', [
      sessionRow(1, 'completed', OLD),
      sessionRow(2, 'paused', OLD),
    ]);
    await box.sessions.bulkInsert('TranscriptEntry', [
      entryRow(1, OLD, 0),
      entryRow(1, NOW - DAY, 1),
      entryRow(2, OLD, 0),
    ]);
    const manager = managerFor(box, {
      config: { backupBeforeCleanup: false, transcript_retention_days: 30 },
    });
    const result = await manager.applyRule('transcripts');
    expect(result.items).toEqual({ TranscriptEntry: 1 });
    const left = await box.db.executeQuery<{ s: number; t: number }>(
      'select session_id as s, start_time as t from transcript_entries ' +
        'order by session_id, start_time',
    );
    expect(left).toEqual([
      { s: 1, t: 1 },
      { s: 2, t: 0 },
    ]);
  });
});

async function pending(sandbox: Sandbox): Promise<string[]> {
  const rows = await sandbox.db.executeQuery<{ value: string }>(
    'select value from configurations where key = ?',
    [PENDING_FILES_KEY],
  );
  return rows[0] ? (JSON.parse(rows[0].value) as string[]) : [];
}
