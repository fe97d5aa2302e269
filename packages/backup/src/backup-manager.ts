import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger, type Database, type Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import type { OpenWriteStream } from './archive.js';
import {
  createBackupConfig,
  type BackupConfig,
  type BackupConfigInput,
} from './backup-config.js';
import { generateBackupId } from './backup-id.js';
import { Catalogue } from './catalogue.js';
import { checkArchive } from './check-archive.js';
import { writeBackup } from './create-backup.js';
import { describeFailure } from './failure.js';
import { computeStats, type BackupStats } from './backup-stats.js';
import { pruneBackups, type PruneResult } from './prune-backups.js';
import { restoreFromBackup, type RestoreResult } from './restore.js';
import { BackupScheduler } from './backup-scheduler.js';
import { removeStaleTemps } from './stale-temps.js';
import type {
  BackupEvent,
  BackupInfo,
  JobLock,
  OperationOptions,
  SchemaMigrator,
  VerifyResult,
} from './types.js';

/** Options of {@link BackupManager}; only `db` is required. */
export interface BackupManagerOptions {
  db: Database;
  config?: BackupConfigInput;
  logger?: Logger;
  onEvent?: (event: BackupEvent) => void;
  /** Refuses newer schemas and migrates older ones on restore. */
  migrator?: SchemaMigrator;
  /** Scheduled runs go through it, so backups and retention never mix. */
  jobLock?: JobLock;
  /** The clock; tests set it back. */
  now?: () => Date;
  /** Opens archive files for writing; tests inject a full disk. */
  openWrite?: OpenWriteStream;
}

/**
 * Online, verified, compressed backups of one {@link Database}, and
 * restores that swap the file under the same instance. A backup only
 * counts as good once a full verification passed.
 */
export class BackupManager {
  readonly config: BackupConfig;
  readonly catalogue: Catalogue;
  private readonly db: Database;
  private readonly logger: Logger;
  private readonly options: BackupManagerOptions;
  private readonly scheduler: BackupScheduler;
  private lastError: { message: string; at: string } | null = null;

  constructor(options: BackupManagerOptions) {
    this.options = options;
    this.db = options.db;
    this.config = createBackupConfig(options.config);
    this.catalogue = new Catalogue(this.config.directory);
    this.logger = options.logger ?? silentLogger;
    this.scheduler = new BackupScheduler(this, {
      schedule: this.config.schedule,
      logger: this.logger,
      jobLock: options.jobLock,
      now: () => this.now(),
    });
  }

  /**
   * Takes a consistent snapshot while writers keep writing, compresses
   * and checksums it in one stream, and commits archive then manifest by
   * rename. Verifies it when `config.verify` is on, and throws
   * BACKUP_INVALID when that fails, so no caller mistakes it for good.
   * Never prunes.
   */
  async createBackup(
    description?: string,
    options: OperationOptions = {},
  ): Promise<BackupInfo> {
    const started = this.now();
    const id = generateBackupId(started);
    const log = { db: this.db.config.path, backup_id: id };
    this.logger.info(log, 'backup started');

    let info: BackupInfo;
    try {
      await this.catalogue.ensureDirectory();
      await removeStaleTemps(this.config.directory, this.logger);
      info = await writeBackup({
        db: this.db,
        config: this.config,
        catalogue: this.catalogue,
        id,
        started,
        description,
        now: () => this.now(),
        onProgress: options.onProgress,
        openWrite: this.options.openWrite,
      });
    } catch (error) {
      throw this.fail('create', id, error);
    }
    this.logger.info({ ...log, bytes: info.compressedSize }, 'backup written');
    this.emit({ type: 'backup.created', backupId: id, info });

    if (!this.config.verify) return info;
    const result = await this.verifyBackup(id, options);
    if (result.ok) return result.info;
    throw new StenoError(
      'BACKUP_INVALID',
      `create backup ${id}: it failed verification ` +
        `(${result.problems.join('; ')}); it is kept, marked failed`,
      { details: { backupId: id, problems: result.problems } },
    );
  }

  /**
   * Checks the checksum, decompresses in full into a temporary copy, and
   * runs `integrity_check` and row counts there. The manifest records
   * the outcome; a failed backup never counts as good.
   */
  async verifyBackup(
    backupId: string,
    options: OperationOptions = {},
  ): Promise<VerifyResult> {
    const info = await this.catalogue.get(backupId);
    const temp = join(this.config.directory, `.${info.backupId}.verify.tmp`);
    const check = await checkArchive(info, temp, {
      onProgress: options.onProgress,
    })
      .catch((error: unknown) => {
        throw this.fail('verify', info.backupId, error);
      })
      .finally(() => rm(temp, { force: true }));
    const updated = await this.recordCheck(info, check.problems);
    return {
      backupId: info.backupId,
      ok: check.ok,
      problems: check.problems,
      info: updated,
    };
  }

  /** Writes a check's outcome into the manifest and reports it. */
  async recordCheck(info: BackupInfo, problems: string[]): Promise<BackupInfo> {
    const ok = problems.length === 0;
    const updated: BackupInfo = {
      ...info,
      verified: ok,
      status: ok ? 'verified' : 'failed',
      verifyError: ok ? undefined : problems.join('; '),
      verifiedAt: this.now().toISOString(),
    };
    await this.catalogue.writeManifest(updated);
    const log = { backup_id: info.backupId, problems };
    if (ok) {
      this.logger.info(log, 'backup verified');
      this.emit({
        type: 'backup.verified',
        backupId: info.backupId,
        info: updated,
      });
    } else {
      this.fail('verify', info.backupId, new Error(problems.join('; ')));
    }
    return updated;
  }

  /**
   * Verifies, refuses a bad or newer-schema backup before touching
   * anything, takes a safety backup, swaps the file in atomically under
   * the same Database instance, and migrates an older schema.
   */
  async restoreBackup(
    backupId: string,
    options: OperationOptions = {},
  ): Promise<RestoreResult> {
    try {
      const result = await restoreFromBackup(this, backupId, {
        db: this.db,
        logger: this.logger,
        migrator: this.options.migrator,
        onProgress: options.onProgress,
      });
      this.emit({ type: 'backup.restored', ...result });
      return result;
    } catch (error) {
      throw this.fail('restore', backupId, error);
    }
  }

  /** Newest first by creation order; orphans reported, not listed. */
  async listBackups(): Promise<BackupInfo[]> {
    return (await this.catalogue.list()).backups;
  }

  /** Deletes one backup (or orphan) this folder holds, manifest first. */
  async deleteBackup(backupId: string): Promise<void> {
    const { backups, orphans } = await this.catalogue.list();
    const info = backups.find((b) => b.backupId === backupId);
    const orphan = orphans.find((o) => o.backupId === backupId);
    if (!info && !orphan) await this.catalogue.get(backupId);

    await rm(this.catalogue.manifestPath(backupId), { force: true });
    if (info) await rm(info.filePath, { force: true });
    if (orphan) {
      await rm(join(this.config.directory, orphan.file), { force: true });
    }
    this.logger.info({ backup_id: backupId }, 'backup deleted');
  }

  /**
   * Applies `maxBackups`, the keep policy and `retentionDays`. Deletes
   * nothing until a good backup exists, and never the newest good one.
   */
  async cleanupOldBackups(): Promise<PruneResult> {
    const result = await pruneBackups({
      catalogue: this.catalogue,
      config: this.config,
      deleteBackup: (id) => this.deleteBackup(id),
      logger: this.logger,
      now: () => this.now(),
    });
    if (result.skipped) return result;
    this.emit({
      type: 'backup.pruned',
      deleted: result.deleted.filter((d) => d.ok).map((d) => d.backupId),
      kept: result.kept.map((k) => k.backupId),
    });
    return result;
  }

  /** Totals and the last backup, last good backup and last error. */
  async getBackupStats(): Promise<BackupStats> {
    return computeStats(await this.catalogue.list(), this.lastError);
  }

  /** Runs backups on `config.schedule`; catches up one missed run. */
  async startScheduledBackups(): Promise<void> {
    await this.scheduler.start();
  }

  async stopScheduledBackups(): Promise<void> {
    await this.scheduler.stop();
  }

  /** One scheduled run: create, and prune only once it verified. */
  async runScheduledBackup(): Promise<void> {
    await this.createBackup('scheduled');
    await this.cleanupOldBackups();
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private fail(
    operation: 'create' | 'verify' | 'restore',
    backupId: string | null,
    error: unknown,
  ): StenoError {
    const failure = describeFailure(operation, backupId, error);
    this.lastError = { message: failure.message, at: this.now().toISOString() };
    this.logger.error(
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

  private emit(event: BackupEvent): void {
    if (!this.config.notifications) return;
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.logger.warn(
        { event: event.type, error: (error as Error).message },
        'event listener threw',
      );
    }
  }
}
