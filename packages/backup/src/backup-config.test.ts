import { describe, expect, it } from 'vitest';
import { createBackupConfig } from './backup-config.js';

describe('createBackupConfig', () => {
  it('fills the defaults', () => {
    const config = createBackupConfig({ directory: '/var/backups/steno' });
    expect(config).toMatchObject({
      directory: '/var/backups/steno',
      schedule: 86_400,
      maxBackups: 7,
      compress: 'gzip',
      verify: true,
    });
  });

  it('accepts a cron expression', () => {
    expect(createBackupConfig({ schedule: '0 3 * * *' }).schedule).toBe(
      '0 3 * * *',
    );
  });

  it('lists every problem, each with its key', () => {
    let message = '';
    try {
      createBackupConfig({
        schedule: 'every tuesday',
        maxBackups: -1,
        compress: 'lzma' as never,
        keep: { daily: 1.5 },
      });
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
      message = (error as Error).message;
    }
    expect(message).toContain('backup.schedule: "every tuesday" is not cron');
    expect(message).toContain('backup.maxBackups: must be a whole number');
    expect(message).toContain('backup.compress: "lzma" is not available');
    expect(message).toContain('backup.keep.daily: must be a whole number');
  });
});
