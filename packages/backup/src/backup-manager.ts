import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger, type Database, type Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import { compressFile, type OpenWriteStream } from './archive.js';
import { commitRename } from './atomic-file.js';
import {
  createBackupConfig,
  type BackupConfig,
  type BackupConfigInput,
} from './backup-config.js';
import { generateBackupId } from './backup-id.js';
import { Catalogue, type Orphan } from './catalogue.js';
import { checkArchive } from './check-archive.js';
import { describeFailure } from './failure.js';
import { planPrune } from './prune-policy.js';
import { restoreFromBackup, type RestoreResult } from './restore.js';
import { BackupScheduler } from './backup-scheduler.js';
import { takeSnapshot } from './snapshot.js';
import { inspectDatabaseFile } from './sqlite-file.js';
import { removeStaleTemps } from './stale-temps.js';
import type {
  BackupEvent,
  BackupInfo,
  JobLock,
  ProgressCallback,
  SchemaMigrator,
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

/** Options of one long operation. */
export interface OperationOptions {
  onProgress?: ProgressCallback;
}

export interface VerifyResult {
  backupId: string;
  ok: boolean;
  problems: string[];
  info: BackupInfo;
}

export interface PruneResult {
  deleted: Array<{ backupId: string; ok: boolean; error?: string }>;
  kept: Array<{ backupId: string; reasons: string[] }>;
  /** Why nothing was pruned, when nothing could be. */
  skipped?: string;
}

export interface BackupStats {
  total: number;
  totalSize: number;
  lastBackup: BackupInfo | null;
  lastGoodBackup: BackupInfo | null;
  failed: number;
  orphans: Orphan[];
  lastError: { message: string; at: string } | null;
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
   * rename. Verifies it when `config.verify` is on. Never prunes.
   */
  async createBackup(
    description?: string,
    options: OperationOptions = {},
  ): Promise<BackupInfo> {
    await this.catalogue.ensureDirectory();
    await removeStaleTemps(this.config.directory, this.logger);
    const started = this.now();
    const id = generateBackupId(started);
    const log = { db: this.db.config.path, backup_id: id };
    this.logger.info(log, 'backup started');

    let info: BackupInfo;
    try {
      info = await this.writeBackup(id, started, description, options);
    } catch (error) {
      throw this.fail('create', id, error);
    }
    this.logger.info({ ...log, bytes: info.compressedSize }, 'backup written');
    this.emit({ type: 'backup.created', backupId: id, info });

    if (!this.config.verify) return info;
    const result = await this.verifyBackup(id, options);
    return result.info;
  }

  private async writeBackup(
    id: string,
    started: Date,
    description: string | undefined,
    options: OperationOptions,
  ): Promise<BackupInfo> {
    const codec = this.config.compress;
    const archive = this.catalogue.archivePath(id, codec);
    const snapshot = join(this.config.directory, `.${id}.snapshot.tmp`);
    const partial = `${archive}.tmp`;
    try {
      await takeSnapshot(this.db, snapshot, {
        timeoutMs: this.config.snapshotTimeoutMs,
        onProgress: options.onProgress,
      });
      const contents = await inspectDatabaseFile(snapshot);
      const written = await compressFile(snapshot, partial, {
        codec,
        phase: 'compress',
        onProgress: options.onProgress,
        openWrite: this.options.openWrite,
      });
      await commitRename(partial, archive);

      const info: BackupInfo = {
        backupId: id,
        filePath: archive,
        fileSize: written.plainSize,
        compressedSize: written.archiveSize,
        checksum: written.checksum,
        createdAt: started.toISOString(),
        compressionRatio: ratio(written.archiveSize, written.plainSize),
        verified: false,
        status: 'unverified',
        description,
        compression: codec,
        schemaVersion: contents.schemaVersion,
        sourceSize: await sourceSize(this.db.config.path),
        durationMs: this.now().getTime() - started.getTime(),
        rowCounts: contents.rowCounts,
        sequence: await this.catalogue.nextSequence(),
      };
      await this.catalogue.writeManifest(info);
      return info;
    } catch (error) {
      await rm(archive, { force: true });
      throw error;
    } finally {
      await rm(partial, { force: true });
      await rm(snapshot, { force: true });
    }
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
    }).finally(() => rm(temp, { force: true }));
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
      this.emit({ type: 'backup.verified', backupId: info.backupId, info });
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
   * Applies `maxBackups` and the keep policy. Deletes nothing until a
   * good backup exists, and never the newest good one.
   */
  async cleanupOldBackups(): Promise<PruneResult> {
    const { backups } = await this.catalogue.list();
    const plan = planPrune({
      backups,
      policy: this.config.keep,
      maxBackups: this.config.maxBackups,
      isGood: (b) => (this.config.verify ? b.verified : b.status !== 'failed'),
    });
    const kept = plan.keep.map((b) => ({
      backupId: b.backupId,
      reasons: plan.reasons[b.backupId] ?? [],
    }));
    if (Object.keys(plan.reasons).length === 0) {
      return { deleted: [], kept, skipped: 'no good backup yet' };
    }

    const deleted: PruneResult['deleted'] = [];
    for (const info of plan.delete) {
      const outcome = await this.deleteBackup(info.backupId).then(
        () => ({ backupId: info.backupId, ok: true }),
        (error: unknown) => ({
          backupId: info.backupId,
          ok: false,
          error: (error as Error).message,
        }),
      );
      deleted.push(outcome);
    }
    this.emit({
      type: 'backup.pruned',
      deleted: deleted.filter((d) => d.ok).map((d) => d.backupId),
      kept: kept.map((k) => k.backupId),
    });
    return { deleted, kept };
  }

  async getBackupStats(): Promise<BackupStats> {
    const { backups, orphans } = await this.catalogue.list();
    const failed = backups.filter((b) => b.status === 'failed');
    const lastFailure = failed[0]?.verifyError
      ? { message: failed[0].verifyError, at: failed[0].verifiedAt ?? '' }
      : null;
    return {
      total: backups.length,
      totalSize: backups.reduce((sum, b) => sum + b.compressedSize, 0),
      lastBackup: backups[0] ?? null,
      lastGoodBackup: backups.find((b) => b.verified) ?? null,
      failed: failed.length,
      orphans,
      lastError: this.lastError ?? lastFailure,
    };
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
    const info = await this.createBackup('scheduled');
    if (info.verified || !this.config.verify) await this.cleanupOldBackups();
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

function ratio(archive: number, plain: number): number {
  return plain === 0 ? 1 : Math.round((archive / plain) * 10_000) / 10_000;
}

/** The live database's bytes: the main file plus its -wal. */
async function sourceSize(path: string): Promise<number> {
  const size = async (file: string): Promise<number> =>
    (await stat(file).catch(() => null))?.size ?? 0;
  return (await size(path)) + (await size(`${path}-wal`));
}
