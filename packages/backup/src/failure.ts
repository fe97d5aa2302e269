import { StenoError, type StenoErrorCode } from '@steno/models';

const CODES: Record<string, StenoErrorCode> = {
  create: 'BACKUP_FAILED',
  verify: 'BACKUP_FAILED',
  restore: 'RESTORE_FAILED',
};

const HINTS: Record<string, string> = {
  ENOSPC: 'no space left on device; free some space or move backup.directory',
  EACCES: 'permission denied; check the owner and mode of the folder',
  EROFS: 'the file system is read-only',
};

/**
 * Wraps any failure as "verb noun: cause" with a hint, keeping a
 * StenoError's own code and attaching the original as `cause`.
 */
export function describeFailure(
  operation: string,
  backupId: string | null,
  error: unknown,
): StenoError {
  if (error instanceof StenoError) return error;
  const errno = (error as NodeJS.ErrnoException)?.code;
  const cause = (errno && HINTS[errno]) ?? (error as Error)?.message;
  const noun = backupId ? `backup ${backupId}` : 'backup';
  return new StenoError(
    CODES[operation] ?? 'BACKUP_FAILED',
    `${operation} ${noun}: ${cause ?? String(error)}`,
    { cause: error, details: { backupId, errno } },
  );
}
