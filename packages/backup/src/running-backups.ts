import type { Logger } from '@steno/db';
import { StenoError } from '@steno/models';

/** One backup in flight: its own signal, and a way to say it settled. */
export interface BackupRun {
  signal: AbortSignal;
  finish(): void;
}

interface Entry {
  controller: AbortController;
  settled: Promise<void>;
}

/**
 * The backups a manager is running, so that a shutdown can abort them
 * and wait until each has removed its partial files.
 */
export class RunningBackups {
  private readonly entries = new Set<Entry>();

  /** Registers a run; it aborts with `signal` or with {@link abortAll}. */
  start(signal?: AbortSignal): BackupRun {
    const controller = new AbortController();
    const signals = signal ? [signal, controller.signal] : [controller.signal];
    let finish!: () => void;
    const settled = new Promise<void>((resolve) => (finish = resolve));
    const entry: Entry = { controller, settled };
    this.entries.add(entry);
    return {
      signal: AbortSignal.any(signals),
      finish: () => {
        this.entries.delete(entry);
        finish();
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }

  /** Aborts every run and resolves once all of them have settled. */
  async abortAll(reason: string): Promise<void> {
    const entries = [...this.entries];
    for (const { controller } of entries) controller.abort(reason);
    await Promise.all(entries.map((entry) => entry.settled));
  }
}

/** The error an aborted backup rejects with; nothing of it is left. */
export function abortedError(
  backupId: string,
  signal: AbortSignal,
  cause: unknown,
  removed = true,
): StenoError {
  const reason = reasonOf(signal.reason);
  const files = removed
    ? 'every partial file of it was removed'
    : 'its files could not be removed; delete the backup by its id';
  return new StenoError(
    'BACKUP_FAILED',
    `create backup ${backupId}: aborted (${reason}); ${files}`,
    { cause, details: { backupId, aborted: true, removed } },
  );
}

/** The aborted error when `signal` fired, else `error` unchanged. */
export function abortedOr(
  backupId: string,
  signal: AbortSignal,
  error: unknown,
): unknown {
  return signal.aborted ? abortedError(backupId, signal, error) : error;
}

/** Runs `remove`; a failure is logged and reported as false. */
export async function tryRemove(
  backupId: string,
  remove: () => Promise<void>,
  logger: Logger,
): Promise<boolean> {
  try {
    await remove();
    return true;
  } catch (failure) {
    const error = (failure as Error).message;
    logger.warn({ backup_id: backupId, error }, 'cannot delete backup');
    return false;
  }
}

function reasonOf(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) return reason.message;
  return 'aborted by the caller';
}
