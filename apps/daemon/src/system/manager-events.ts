import type { StenoEvent } from './events.js';

/** The fields of a manager event the daemon reads; the rest is ignored. */
export interface ManagerEvent {
  type: string;
  backupId?: string | null;
  safetyBackupId?: string;
  operation?: string;
  name?: string;
  durationMs?: number;
  error?: unknown;
  deleted?: string[];
  info?: { compressedSize?: number; durationMs?: number; verified?: boolean };
  run?: RetentionRunLike;
}

interface RetentionRunLike {
  dryRun: boolean;
  success: boolean;
  freedSpace: number;
  backupId: string | null;
  results: { deletedCount: number }[];
}

/** Turns a BackupManager event into a bus event, or null to drop it. */
export function fromBackupEvent(event: ManagerEvent): StenoEvent | null {
  const backupId = event.backupId ?? undefined;
  switch (event.type) {
    case 'backup.created':
      return {
        type: 'backup.created',
        backupId: backupId ?? '',
        sizeBytes: event.info?.compressedSize,
        durationMs: event.info?.durationMs,
      };
    case 'backup.verified':
      // The manifest the event carries says whether the check passed.
      return {
        type: 'backup.verified',
        backupId: backupId ?? '',
        valid: event.info?.verified === true,
      };
    case 'backup.failed':
      return {
        type: 'backup.failed',
        backupId,
        operation: event.operation,
        error: messageOf(event.error),
      };
    default:
      return fromBackupHousekeeping(event);
  }
}

function fromBackupHousekeeping(event: ManagerEvent): StenoEvent | null {
  if (event.type === 'backup.restored') {
    return {
      type: 'restore.completed',
      backupId: event.backupId ?? '',
      safetyBackupId: event.safetyBackupId,
    };
  }
  if (event.type === 'backup.pruned') {
    return { type: 'backup.pruned', deleted: event.deleted ?? [] };
  }
  return null;
}

/** Turns a MigrationManager event into a bus event, or null. */
export function fromMigrationEvent(event: ManagerEvent): StenoEvent | null {
  const migration = event.name ?? '';
  if (event.type === 'migration.applied') {
    return {
      type: 'migration.applied',
      migration,
      durationMs: event.durationMs,
    };
  }
  if (event.type === 'migration.failed') {
    const error = messageOf(event.error);
    return { type: 'migration.failed', migration, error };
  }
  return null;
}

/** Turns a RetentionManager event into a bus event, or null. */
export function fromRetentionEvent(event: ManagerEvent): StenoEvent | null {
  if (event.type === 'retention.completed' && event.run) {
    return retentionApplied(event.run);
  }
  if (event.type === 'retention.backup_failed') {
    return {
      type: 'backup.failed',
      operation: 'retention',
      error: messageOf(event.error),
    };
  }
  return null;
}

/** The bus event that sums up one retention run. */
export function retentionApplied(run: RetentionRunLike): StenoEvent {
  const deletedCount = run.results.reduce(
    (sum, result) => sum + result.deletedCount,
    0,
  );
  return {
    type: 'retention.applied',
    deletedCount,
    freedBytes: run.freedSpace,
    dryRun: run.dryRun,
    success: run.success,
    backupId: run.backupId ?? undefined,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
