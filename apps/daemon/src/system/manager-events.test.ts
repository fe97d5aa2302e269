import { describe, expect, it } from 'vitest';
import { StenoError } from '@steno/models';
import {
  fromBackupEvent,
  fromMigrationEvent,
  fromRetentionEvent,
  type ManagerEvent,
} from './manager-events.js';

describe('manager events on the bus', () => {
  it('names a failed backup with its operation and message', () => {
    expect(
      fromBackupEvent({
        type: 'backup.failed',
        backupId: null,
        operation: 'create',
        error: 'no space left on device',
      }),
    ).toEqual({
      type: 'backup.failed',
      backupId: undefined,
      operation: 'create',
      error: 'no space left on device',
    });
  });

  it('takes backup.verified validity from the manifest, not assumed', () => {
    const verified = (info: ManagerEvent['info']) =>
      fromBackupEvent({ type: 'backup.verified', backupId: 'b1', info });
    expect(verified({ verified: true })).toEqual({
      type: 'backup.verified',
      backupId: 'b1',
      valid: true,
    });
    expect(verified({ verified: false })).toMatchObject({ valid: false });
    expect(verified(undefined)).toMatchObject({ valid: false });
  });

  it('turns a restore into restore.completed with both ids', () => {
    expect(
      fromBackupEvent({
        type: 'backup.restored',
        backupId: 'b2',
        safetyBackupId: 'b3',
      }),
    ).toEqual({
      type: 'restore.completed',
      backupId: 'b2',
      safetyBackupId: 'b3',
    });
  });

  it('carries the migration name and the error message', () => {
    expect(
      fromMigrationEvent({
        type: 'migration.applied',
        name: 'Migration2',
        durationMs: 12,
      }),
    ).toEqual({
      type: 'migration.applied',
      migration: 'Migration2',
      durationMs: 12,
    });
    const error = new StenoError('MIGRATION_FAILED', 'table exists');
    expect(
      fromMigrationEvent({ type: 'migration.failed', name: 'M3', error }),
    ).toEqual({
      type: 'migration.failed',
      migration: 'M3',
      error: 'table exists',
    });
  });

  it('reports a failed backup before cleanup as a backup failure', () => {
    expect(
      fromRetentionEvent({
        type: 'retention.backup_failed',
        error: 'disk full',
      }),
    ).toEqual({
      type: 'backup.failed',
      operation: 'retention',
      error: 'disk full',
    });
  });

  it('drops progress-like events no subscriber expects', () => {
    expect(fromBackupEvent({ type: 'backup.progress' })).toBeNull();
    expect(fromMigrationEvent({ type: 'migration.baseline' })).toBeNull();
    expect(fromRetentionEvent({ type: 'retention.started' })).toBeNull();
  });
});
