import { describe, expect, it } from 'vitest';
import { isoWeek, planPrune } from './prune-policy.js';
import type { BackupInfo } from './types.js';

const none = { last: 0, hourly: 0, daily: 0, weekly: 0, monthly: 0 };

/** Backups newest first; `status` defaults to verified. */
function backups(
  rows: Array<[string, string, BackupInfo['status']?]>,
): BackupInfo[] {
  return rows.map(([backupId, createdAt, status = 'verified'], index) => ({
    backupId,
    createdAt,
    status,
    verified: status === 'verified',
    sequence: rows.length - index,
  })) as BackupInfo[];
}

const good = (b: BackupInfo): boolean => b.verified;

function kept(list: BackupInfo[], policy = none, maxBackups = 0): string[] {
  const plan = planPrune({ backups: list, policy, maxBackups, isGood: good });
  return plan.keep.map((b) => b.backupId);
}

describe('planPrune', () => {
  const list = backups([
    ['e', '2026-12-03T10:30:00Z'],
    ['d', '2026-12-03T10:05:00Z'],
    ['c', '2026-12-02T23:00:00Z'],
    ['b', '2026-11-25T08:00:00Z'],
    ['a', '2026-10-01T08:00:00Z'],
  ]);

  it('keeps the newest maxBackups when no policy is set', () => {
    expect(kept(list, none, 2)).toEqual(['e', 'd']);
  });

  it('keeps the newest backup of each of the last N days', () => {
    expect(kept(list, { ...none, daily: 2 })).toEqual(['e', 'c']);
  });

  it('keeps one per hour, week and month bucket', () => {
    expect(kept(list, { ...none, hourly: 3 })).toEqual(['e', 'c', 'b']);
    // Weeks: e, d, c are in 2026-W49; b in W48; a in W40.
    expect(kept(list, { ...none, weekly: 2 })).toEqual(['e', 'b']);
    expect(kept(list, { ...none, monthly: 3 })).toEqual(['e', 'b', 'a']);
  });

  it('caps what the policy keeps at maxBackups, oldest first', () => {
    expect(kept(list, { ...none, monthly: 3, last: 2 }, 3)).toEqual([
      'e',
      'd',
      'b',
    ]);
  });

  it('fills no slot with a failed backup, keeps the newest good', () => {
    const mixed = backups([
      ['c', '2026-12-03T12:00:00Z', 'failed'],
      ['b', '2026-12-03T11:00:00Z'],
      ['a', '2026-12-03T10:00:00Z'],
    ]);
    const plan = planPrune({
      backups: mixed,
      policy: none,
      maxBackups: 1,
      isGood: good,
    });
    expect(plan.keep.map((b) => b.backupId)).toEqual(['b']);
    expect(plan.delete.map((b) => b.backupId)).toEqual(['c', 'a']);
  });

  it('keeps an unverified backup newer than the newest good one', () => {
    const fresh = backups([
      ['b', '2026-12-03T11:00:00Z', 'unverified'],
      ['a', '2026-12-03T10:00:00Z'],
    ]);
    expect(kept(fresh, none, 1)).toEqual(['b', 'a']);
  });

  it('deletes nothing while there is no good backup', () => {
    const bad = backups([['a', '2026-12-03T10:00:00Z', 'failed']]);
    const plan = planPrune({
      backups: bad,
      policy: none,
      maxBackups: 1,
      isGood: good,
    });
    expect(plan.delete).toEqual([]);
  });
});

describe('isoWeek', () => {
  it('puts the first days of January in the last ISO week of the year', () => {
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2026-12-03T00:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2026-01-01T00:00:00Z'))).toBe('2026-W01');
  });
});
