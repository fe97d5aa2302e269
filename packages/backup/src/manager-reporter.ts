import type { Logger } from '@steno/db';
import type { StenoError } from '@steno/models';
import { describeFailure } from './failure.js';
import type { BackupEvent } from './types.js';

/** The last failure a manager saw, for its stats. */
export interface LastError {
  message: string;
  at: string;
}

export interface ReporterOptions {
  logger: Logger;
  notifications: boolean;
  onEvent?: (event: BackupEvent) => void;
  now: () => Date;
}

/**
 * Where a backup manager reports: events to the listener (one that
 * throws is logged, never rethrown) and failures to the log, each
 * remembered as the last error.
 */
export class ManagerReporter {
  lastError: LastError | null = null;

  constructor(private readonly options: ReporterOptions) {}

  /** Logs and reports a failure, and returns it as a StenoError. */
  fail(
    operation: 'create' | 'verify' | 'restore',
    backupId: string | null,
    error: unknown,
  ): StenoError {
    const failure = describeFailure(operation, backupId, error);
    const at = this.options.now().toISOString();
    this.lastError = { message: failure.message, at };
    this.options.logger.error(
      { backup_id: backupId, operation, error: failure.message },
      `${operation} backup failed`,
    );
    this.emit({
      type: 'backup.failed',
      backupId,
      operation,
      error: failure.message,
    });
    return failure;
  }

  emit(event: BackupEvent): void {
    if (!this.options.notifications) return;
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.options.logger.warn(
        { event: event.type, error: (error as Error).message },
        'event listener threw',
      );
    }
  }
}
