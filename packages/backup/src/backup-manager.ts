import { rm } from 'node:fs/promises';
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
import { ManagerReporter } from './manager-reporter.js';
import { computeStats, type BackupStats } from './backup-stats.js';
import { pruneBackups, type PruneResult } from './prune-backups.js';
import { restoreFromBackup, type RestoreResult } from './restore.js';
import { BackupScheduler } from './backup-scheduler.js';
import {
  abortedError,
  abortedOr,
  RunningBackups,
  tryRemove,
} from './running-backups.js';
import {
  partialPath,
  sweepPartials,
  type PartialFile,
} from './partial-files.js';
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
  private readonly running = new RunningBackups();
  private readonly report: ManagerReporter;

  constructor(options: BackupManagerOptions) {
    this.options = options;
    this.db = options.db;
    this.config = createBackupConfig(options.config);
    this.catalogue = new Catalogue(this.config.directory);
    this.logger = options.logger ?? silentLogger;
    this.report = new ManagerReporter({
      logger: this.logger,
      notifications: this.config.notifications,
      onEvent: options.onEvent,
      now: () => this.now(),
    });
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
   * Aborted through `options.signal` (or {@link abortBackups}), it
   * removes every file of the run and throws BACKUP_FAILED. Never prunes.
   */
  async createBackup(
    description?: string,
    options: OperationOptions = {},
  ): Promise<BackupInfo> {
    const { signal, finish } = this.running.start(options.signal);
    try {
      return await this.runCreate(description, { ...options, signal });
    } finally {
      finish();
    }
  }

  /** Aborts every running backup; resolves once each removed its files. */
  abortBackups(reason = 'aborted by the caller'): Promise<void> {
    return this.running.abortAll(reason);
  }

  private async runCreate(
    description: string | undefined,
    options: OperationOptions & { signal: AbortSignal },
  ): Promise<BackupInfo> {
    const started = this.now();
    const id = generateBackupId(started);
    const log = { db: this.db.config.path, backup_id: id };
    this.logger.info(log, 'backup started');

    let info: BackupInfo;
    try {
      await this.catalogue.ensureDirectory();
      await this.removePartials();
      info = await writeBackup({
        db: this.db,
        config: this.config,
        catalogue: this.catalogue,
        id,
        started,
        description,
        now: () => this.now(),
        ...options,
        openWrite: this.options.openWrite,
      });
    } catch (error) {
      const failure = abortedOr(id, options.signal, error);
      throw this.report.fail('create', id, failure);
    }
    this.logger.info({ ...log, bytes: info.compressedSize }, 'backup written');
    this.report.emit({ type: 'backup.created', backupId: id, info });

    if (!this.config.verify) return info;
    const result = await this.verifyBackup(id, options).catch((error) =>
      this.dropAborted(id, options.signal, error),
    );
    if (result.ok) return result.info;
    throw new StenoError(
      'BACKUP_INVALID',
      `create backup ${id}: it failed verification ` +
        `(${result.problems.join('; ')}); it is kept, marked failed`,
      { details: { backupId: id, problems: result.problems } },
    );
  }

  /** Deletes a backup whose verification was aborted, then throws. */
  private async dropAborted(
    id: string,
    signal: AbortSignal,
    error: unknown,
  ): Promise<never> {
    if (!signal.aborted) throw error;
    const remove = () => this.deleteBackup(id);
    const removed = await tryRemove(id, remove, this.logger);
    const failure = abortedError(id, signal, error, removed);
    throw this.report.fail('create', id, failure);
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
    const temp = partialPath(this.config.directory, `.${backupId}.verify`);
    const check = await checkArchive(info, temp, options)
      .catch((error: unknown) => {
        // An aborted check says nothing about the backup; the caller acts.
        if (options.signal?.aborted) throw error;
        throw this.report.fail('verify', info.backupId, error);
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
    if (ok) {
      this.logger.info({ backup_id: info.backupId }, 'backup verified');
      this.report.emit({
        type: 'backup.verified',
        backupId: info.backupId,
        info: updated,
      });
    } else {
      const failure = new Error(problems.join('; '));
      this.report.fail('verify', info.backupId, failure);
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
      this.report.emit({ type: 'backup.restored', ...result });
      return result;
    } catch (error) {
      throw this.report.fail('restore', backupId, error);
    }
  }

  /** Newest first by creation order; orphans reported, not listed. */
  async listBackups(): Promise<BackupInfo[]> {
    return (await this.catalogue.list()).backups;
  }

  /** Removes partials whose writer died; create and prune do it too. */
  removePartials(): Promise<PartialFile[]> {
    return sweepPartials(this.config.directory, this.logger);
  }

  /** Deletes one backup (or orphan) this folder holds, manifest first. */
  async deleteBackup(backupId: string): Promise<void> {
    await this.catalogue.remove(backupId);
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
    this.report.emit({
      type: 'backup.pruned',
      deleted: result.deleted.filter((d) => d.ok).map((d) => d.backupId),
      kept: result.kept.map((k) => k.backupId),
    });
    return result;
  }

  /** Totals and the last backup, last good backup and last error. */
  async getBackupStats(): Promise<BackupStats> {
    return computeStats(await this.catalogue.list(), this.report.lastError);
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
}
