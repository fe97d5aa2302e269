import { StenoError, ValidationError } from '@steno/models';

const BUSY =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked/;
const CHECK = /CHECK constraint failed: (\w+)/;
/** Unnamed CHECKs, such as enum columns, quote their column first. */
const CHECK_COLUMN = /CHECK constraint failed: `(\w+)`/;
const NOT_NULL = /NOT NULL constraint failed: \w+\.(\w+)/;
const TABLES = [
  'transcript_entries',
  'analysis_results',
  'participants',
  'file_infos',
  'sessions',
];

/** True when SQLite refused because another connection holds a lock. */
export function isBusyError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (
      BUSY.test(e.message) ||
      BUSY.test(String((e as { code?: unknown }).code))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Turns a CHECK constraint failure into the ValidationError of the field
 * it guards, so raw and bulk writes fail the same way entities do.
 */
export function translateWriteError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof StenoError) return error;
  const missing = NOT_NULL.exec(error.message);
  if (missing?.[1]) {
    return new ValidationError(camel(missing[1]), 'is required', {
      cause: error,
    });
  }
  const column = CHECK_COLUMN.exec(error.message);
  if (column?.[1]) {
    return new ValidationError(camel(column[1]), 'is not an allowed value', {
      cause: error,
    });
  }

  const match = CHECK.exec(error.message);
  if (!match?.[1]) return error;
  const field = fieldOfConstraint(match[1]);
  return new ValidationError(field, `value out of range (${match[1]})`, {
    cause: error,
  });
}

function fieldOfConstraint(name: string): string {
  const table = TABLES.find((t) => name.startsWith(`${t}_`));
  const column = (table ? name.slice(table.length + 1) : name).replace(
    /_(range|order)$/,
    '',
  );
  return camel(column);
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
