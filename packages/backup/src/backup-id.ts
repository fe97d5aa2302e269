import { randomBytes } from 'node:crypto';
import { StenoError } from '@steno/models';

/** `20261203T164501Z-3fa9c1`: UTC time to the second, then 6 hex digits. */
export const BACKUP_ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/** A new id; the time part is for people, never for ordering. */
export function generateBackupId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** True when `value` has the shape of an id this package generates. */
export function isBackupId(value: unknown): value is string {
  return typeof value === 'string' && BACKUP_ID_PATTERN.test(value);
}

/**
 * Refuses anything that is not a generated id, so no caller can smuggle
 * a path or `..` into a file name.
 */
export function assertBackupId(value: unknown): string {
  if (isBackupId(value)) return value;
  const shown = JSON.stringify(value) ?? String(value);
  throw new StenoError(
    'BACKUP_NOT_FOUND',
    `backup id ${shown.slice(0, 80)} is not a backup id: ids look ` +
      'like 20261203T164501Z-3fa9c1; `steno backup list` (or ' +
      'listBackups() in code) shows the ones there are',
    { details: { backupId: value } },
  );
}
