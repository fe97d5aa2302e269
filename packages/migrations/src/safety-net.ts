import type { Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import { asStenoError } from './manager-errors.js';
import type {
  ApplyMigrationsResult,
  BackupService,
  MigrationEvent,
} from './migration-types.js';

/**
 * The backup taken before applying and the restore after a failure.
 * Knows when a restore is under way: a backup service may migrate what
 * it restored (as `@steno/backup` does), which would otherwise re-run
 * the failing migration, fail, and restore again without end.
 */
export class SafetyNet {
  private restoreDepth = 0;

  constructor(
    private readonly service: BackupService | undefined,
    private readonly logger: Logger,
    private readonly emit: (event: MigrationEvent) => void,
    private readonly db: string,
  ) {}

  get enabled(): boolean {
    return this.service !== undefined;
  }

  /** True while restoring after a failed migration. */
  get restoring(): boolean {
    return this.restoreDepth > 0;
  }

  /** Takes the pre-migration backup; throws without a service. */
  async takeBackup(): Promise<{ backupId: string }> {
    if (!this.service) {
      throw new StenoError(
        'BACKUP_FAILED',
        'back up before migration: no backup service was given to the ' +
          'MigrationManager; pass `backupService`',
      );
    }
    const { backupId } = await this.service.createBackup(
      'before schema migration',
    );
    this.logger.info(
      { db: this.db, backup_id: backupId },
      'backup before migration',
    );
    this.emit({ type: 'migration.backup', backupId });
    return { backupId };
  }

  /** Restores `backupId` after a failure and notes the outcome. */
  async restoreAfter(
    result: ApplyMigrationsResult,
    backupId: string,
  ): Promise<void> {
    const fields = { db: this.db, backup_id: backupId };
    result.backupId = backupId;
    this.restoreDepth += 1;
    try {
      await this.service?.restoreBackup(backupId);
      result.restored = true;
      this.logger.warn(fields, 'restored backup after failed migration');
      this.emit({ type: 'migration.restored', backupId });
    } catch (error) {
      result.restored = false;
      result.restoreError = asStenoError(error, 'RESTORE_FAILED');
      const message = result.restoreError.message;
      this.logger.error({ ...fields, error: message }, 'restore failed');
    } finally {
      this.restoreDepth -= 1;
    }
  }
}
