/**
 * Every code a Steno error can carry. Callers match on `code`, never on
 * message text; the list only grows.
 */
export const STENO_ERROR_CODES = [
  'INVALID_VALUE',
  'INVALID_CONFIG',
  'NOT_CONNECTED',
  'DATABASE_BUSY',
  'QUERY_FAILED',
  'NOT_FOUND',
  'PARSE_ERROR',
  'UNSUPPORTED_FORMAT',
  'DUPLICATE_IMPORT',
  'MIGRATION_FAILED',
  'MIGRATION_CHECKSUM_MISMATCH',
  'SCHEMA_TOO_NEW',
  'ROLLBACK_UNAVAILABLE',
  'BACKUP_FAILED',
  'BACKUP_NOT_FOUND',
  'BACKUP_INVALID',
  'RESTORE_FAILED',
  'RETENTION_FAILED',
  'JOB_BUSY',
  'FILE_UNREADABLE',
  'FILE_UNWRITABLE',
  'USAGE',
] as const;

/** A stable, machine-readable reason for a {@link StenoError}. */
export type StenoErrorCode = (typeof STENO_ERROR_CODES)[number];

/** Options shared by every Steno error. */
export interface StenoErrorOptions {
  cause?: unknown;
  /** Extra facts a caller may act on: the key, the file, the id. */
  details?: Record<string, unknown>;
}

/**
 * The one base error of the Steno packages: a stable `code`, a message
 * that names the input and how to fix it, and the original `cause`.
 */
export class StenoError extends Error {
  readonly code: StenoErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: StenoErrorCode,
    message: string,
    options: StenoErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StenoError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Thrown when a field holds a value outside its allowed range. */
export class ValidationError extends StenoError {
  readonly field: string;

  constructor(field: string, message: string, options?: StenoErrorOptions) {
    super('INVALID_VALUE', `${field}: ${message}`, {
      ...options,
      details: { field, ...options?.details },
    });
    this.name = 'ValidationError';
    this.field = field;
  }
}
