import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/load-config.js';
import { judgeStatus } from './judge-status.js';
import type { SystemStatus } from './status.js';

const NOW = '2026-12-03T12:00:00.000Z';

/** A healthy system: every test below breaks one fact of it. */
function facts(): Omit<SystemStatus, 'status' | 'reasons'> {
  return {
    checkedAt: NOW,
    version: '0.1.0',
    database: {
      path: '/data/steno.db',
      health: { healthy: true, reachable: true, quickCheck: 'ok', pragmas: [] },
      metrics: {
        connected: true,
        queryCount: 1,
        averageQueryMs: 1,
        p95QueryMs: 1,
        databaseSizeBytes: 4096,
        walSizeBytes: 0,
      },
      rows: {},
      rowsCountedAt: null,
      rowsAgeMs: null,
    },
    schema: {
      version: 'm1',
      applied: 1,
      pending: [],
      unknown: [],
      state: 'current',
      error: null,
    },
    backup: {
      enabled: true,
      directory: '/backups',
      total: 1,
      failed: 0,
      lastBackup: null,
      lastGoodBackup: {
        backupId: 'b1',
        createdAt: '2026-12-03T06:00:00.000Z',
        verified: true,
        compressedSize: 100,
      },
      nextBackup: null,
      lastError: null,
    },
    retention: { enabled: true, lastRun: null, nextRun: null },
    storage: {
      path: '/data',
      totalBytes: 100,
      availableBytes: 50,
      usedPercent: 50,
      highPercent: 90,
    },
    jobs: [],
  };
}

describe('judgeStatus', () => {
  const config = defaultConfig();

  it('is healthy with a fresh verified backup and room to spare', () => {
    expect(judgeStatus(facts(), config)).toEqual({
      status: 'healthy',
      reasons: [],
    });
  });

  it('is degraded without a verified backup, or with an old one', () => {
    const none = facts();
    none.backup.lastGoodBackup = null;
    expect(judgeStatus(none, config).reasons).toEqual([
      'no verified backup yet',
    ]);

    // Daily schedule: 2 days is the limit; 50 hours is 2.1 days.
    const old = facts();
    old.backup.lastGoodBackup!.createdAt = '2026-12-01T10:00:00.000Z';
    expect(judgeStatus(old, config)).toEqual({
      status: 'degraded',
      reasons: ['last verified backup is 50.0 h old'],
    });
  });

  it('reports a backup failure newer than the last good backup', () => {
    const failed = facts();
    failed.backup.lastError = {
      message: 'disk full',
      at: '2026-12-03T07:00:00.000Z',
    };
    expect(judgeStatus(failed, config).reasons).toEqual([
      'last backup failed: disk full',
    ]);

    const older = facts();
    older.backup.lastError = {
      message: 'disk full',
      at: '2026-12-03T05:00:00.000Z',
    };
    expect(judgeStatus(older, config).status).toBe('healthy');
  });

  it('separates storage running high from storage full', () => {
    const high = facts();
    high.storage.usedPercent = 91.5;
    expect(judgeStatus(high, config)).toEqual({
      status: 'degraded',
      reasons: ['storage 91.5% full (warns at 90%)'],
    });

    const full = facts();
    full.storage.usedPercent = 98;
    expect(judgeStatus(full, config)).toEqual({
      status: 'failing',
      reasons: ['storage 98% full'],
    });
  });

  it('fails on a sick database and lists every reason', () => {
    const sick = facts();
    sick.database.health.quickCheck = 'row 7 missing from index';
    sick.schema.state = 'too_new';
    sick.schema.unknown = ['m9'];
    sick.jobs = [
      {
        name: 'retention',
        schedule: 60,
        exclusive: true,
        running: false,
        nextRun: null,
        lastRun: {
          startedAt: NOW,
          finishedAt: NOW,
          ok: false,
          error: 'locked',
        },
        runs: 1,
        failures: 1,
      },
    ];
    expect(judgeStatus(sick, config)).toEqual({
      status: 'failing',
      reasons: [
        'database integrity check failed: row 7 missing from index',
        'schema is newer than this code: m9',
        'job retention failed: locked',
      ],
    });
  });

  it('asks for migrations on a database no migration has touched', () => {
    const fresh = facts();
    fresh.schema = { ...fresh.schema, version: null, applied: 0 };
    fresh.schema.state = 'unmanaged';
    fresh.schema.pending = ['m1', 'm2'];
    expect(judgeStatus(fresh, config)).toEqual({
      status: 'degraded',
      reasons: ['migrations pending: m1, m2'],
    });
  });

  it('does not ask for backups when they are turned off', () => {
    const off = facts();
    off.backup.lastGoodBackup = null;
    const noBackups = defaultConfig();
    noBackups.backup.enabled = false;
    expect(judgeStatus(off, noBackups).status).toBe('healthy');
  });
});
