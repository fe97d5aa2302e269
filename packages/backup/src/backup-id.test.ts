import { describe, expect, it } from 'vitest';
import { assertBackupId, generateBackupId, isBackupId } from './backup-id.js';

describe('backup ids', () => {
  it('puts the UTC second first and six hex digits after', () => {
    const id = generateBackupId(new Date('2026-12-03T16:45:01.789Z'));
    expect(id).toMatch(/^20261203T164501Z-[0-9a-f]{6}$/);
  });

  it.each([
    '../20261203T164501Z-3fa9c1',
    '20261203T164501Z-3fa9c1/..',
    '20261203T164501Z-3FA9C1',
    '20261203T164501Z-3fa9c1.sqlite.gz',
    '/tmp/x',
    '',
  ])('refuses %j', (value) => {
    expect(isBackupId(value)).toBe(false);
    expect(() => assertBackupId(value)).toThrow(
      expect.objectContaining({ code: 'BACKUP_NOT_FOUND' }),
    );
  });

  it('refuses in words a CLI user can act on, not only a coder', () => {
    expect(() => assertBackupId('../x')).toThrow(
      'backup id "../x" is not a backup id: ids look like ' +
        '20261203T164501Z-3fa9c1; `steno backup list` (or ' +
        'listBackups() in code) shows the ones there are',
    );
  });
});
