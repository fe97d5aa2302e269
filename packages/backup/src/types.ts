/** How an archive is compressed. */
export type Compression = 'gzip' | 'brotli' | 'zstd' | 'none';

/** Whether a backup has been checked, and what the check said. */
export type VerifyStatus = 'unverified' | 'verified' | 'failed';

/**
 * Everything known about one backup. It is stored as the manifest beside
 * the archive, so the catalogue survives restoring the database itself.
 */
export interface BackupInfo {
  backupId: string;
  /** Absolute path of the archive. */
  filePath: string;
  /** Bytes of the uncompressed snapshot. */
  fileSize: number;
  /** Bytes of the archive on disk. */
  compressedSize: number;
  /** SHA-256 of the archive bytes, lowercase hex. */
  checksum: string;
  /** When the snapshot was taken, ISO 8601 UTC. */
  createdAt: string;
  /** `compressedSize / fileSize`; 1 when not compressed. */
  compressionRatio: number;
  /** True only after a full verification passed. */
  verified: boolean;
  status: VerifyStatus;
  /** Why the last verification failed, when it did. */
  verifyError?: string;
  verifiedAt?: string;
  description?: string;
  compression: Compression;
  /** The last applied migration when the snapshot was taken. */
  schemaVersion: string | null;
  /** Bytes of the live database file (main file only) at the time. */
  sourceSize: number;
  /** Milliseconds the whole backup took. */
  durationMs: number;
  /** Rows per table in the snapshot. */
  rowCounts: Record<string, number>;
  /** Creation order in this directory; survives a clock set back. */
  sequence: number;
}

/** Progress of a long step: bytes or pages done of a total. */
export interface BackupProgress {
  phase: string;
  done: number;
  total: number;
  unit: 'bytes' | 'pages' | 'steps';
}

export type ProgressCallback = (progress: BackupProgress) => void;

/** Options of one long operation. */
export interface OperationOptions {
  onProgress?: ProgressCallback;
  /**
   * Aborts the operation: a backup removes every partial file and
   * rejects with BACKUP_FAILED. Only createBackup and verifyBackup heed it.
   */
  signal?: AbortSignal;
}

export interface VerifyResult {
  backupId: string;
  ok: boolean;
  problems: string[];
  info: BackupInfo;
}

/** What a backup manager reports as it works. */
export type BackupEvent =
  | { type: 'backup.created'; backupId: string; info: BackupInfo }
  | { type: 'backup.verified'; backupId: string; info: BackupInfo }
  | {
      type: 'backup.failed';
      backupId: string | null;
      operation: 'create' | 'verify' | 'restore';
      error: string;
    }
  | {
      type: 'backup.restored';
      backupId: string;
      safetyBackupId: string;
      migrated: boolean;
      appliedMigrations: string[];
      schemaVersion: string | null;
      migrationSkipped?: string;
    }
  | { type: 'backup.pruned'; deleted: string[]; kept: string[] };

/** The optional schema migrator a restore uses (names oldest first). */
export interface SchemaMigrator {
  getKnownMigrations(): string[];
  applyMigrations(): Promise<MigratorResult>;
}

/**
 * What a migrator says it did. Without `appliedMigrations` the restore
 * works them out from the schema version before and after.
 */
export interface MigratorResult {
  success: boolean;
  error?: unknown;
  appliedMigrations?: string[];
  /** Why the migrator did not even look, e.g. `restore-in-progress`. */
  skipped?: string;
}

/** A lock that keeps scheduled jobs from running at the same time. */
export interface JobLock {
  run<T>(job: string, work: () => Promise<T>): Promise<T>;
}
