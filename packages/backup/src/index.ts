export { BackupManager, type BackupManagerOptions } from './backup-manager.js';
export type { BackupStats } from './backup-stats.js';
export type { PruneResult } from './prune-backups.js';
export {
  createBackupConfig,
  type BackupConfig,
  type BackupConfigInput,
  type KeepPolicy,
} from './backup-config.js';
export { BACKUP_ID_PATTERN, isBackupId } from './backup-id.js';
export { BackupScheduler, type SchedulerOptions } from './backup-scheduler.js';
export type { Orphan } from './catalogue.js';
export type { PartialFile } from './partial-files.js';
export { codecAvailable } from './codec.js';
export type { OpenWriteStream } from './archive.js';
export type { RestoreResult } from './restore.js';
export type {
  BackupEvent,
  BackupInfo,
  BackupProgress,
  Compression,
  JobLock,
  MigratorResult,
  OperationOptions,
  ProgressCallback,
  SchemaMigrator,
  VerifyResult,
  VerifyStatus,
} from './types.js';
