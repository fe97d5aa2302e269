/**
 * Everything the running system announces. Each event carries the ids an
 * operator or a downstream app needs to act on it.
 */
export type StenoEvent =
  | {
      type: 'backup.created';
      backupId: string;
      sizeBytes?: number;
      durationMs?: number;
    }
  | { type: 'backup.verified'; backupId: string; valid: boolean }
  | {
      type: 'backup.failed';
      backupId?: string;
      operation?: string;
      error: string;
    }
  | { type: 'backup.pruned'; deleted: string[] }
  | { type: 'restore.completed'; backupId: string; safetyBackupId?: string }
  | {
      type: 'retention.applied';
      deletedCount: number;
      freedBytes: number;
      dryRun: boolean;
      success: boolean;
      backupId?: string;
    }
  | { type: 'migration.applied'; migration: string; durationMs?: number }
  | { type: 'migration.failed'; migration?: string; error: string }
  | {
      type: 'storage.usage_high';
      path: string;
      usedPercent: number;
      thresholdPercent: number;
    }
  | { type: 'job.started'; job: string }
  | { type: 'job.completed'; job: string; durationMs: number }
  | { type: 'job.failed'; job: string; error: string };

/** The `type` of every event, e.g. `backup.created`. */
export type StenoEventType = StenoEvent['type'];

/** The event of one type, with its fields. */
export type EventOf<T extends StenoEventType> = Extract<
  StenoEvent,
  { type: T }
>;

/** An event as delivered: stamped with the instant it was emitted. */
export type DeliveredEvent<E extends StenoEvent = StenoEvent> = E & {
  at: string;
};

/** Every event type, e.g. to pre-declare metric labels. */
export const EVENT_TYPES: readonly StenoEventType[] = [
  'backup.created',
  'backup.verified',
  'backup.failed',
  'backup.pruned',
  'restore.completed',
  'retention.applied',
  'migration.applied',
  'migration.failed',
  'storage.usage_high',
  'job.started',
  'job.completed',
  'job.failed',
];
