import type { FileOutcome } from './file-janitor.js';
import type { VacuumReport } from './space-meter.js';

/** The backup service retention calls before deleting anything. */
export interface BackupService {
  createBackup(description?: string): Promise<{ backupId: string }>;
}

/** A lock shared with backups, so the two jobs never run at once. */
export interface JobLock {
  run<T>(job: string, work: () => Promise<T>): Promise<T>;
}

/** What one rule did (or, in a dry run, would do). */
export interface CleanupResult {
  ruleId: string;
  /** Rows of the rule's own entity deleted. */
  deletedCount: number;
  /** Rows deleted per entity, including those a session owned. */
  items: Record<string, number>;
  /** Bytes: files removed plus database bytes no longer in use. */
  freedSpace: number;
  fileBytes: number;
  /** Measured change of in-use database bytes (estimated in dry runs). */
  databaseBytes: number;
  /** Milliseconds. */
  processingTime: number;
  success: boolean;
  error?: { code: string; message: string };
  dryRun: boolean;
  /** True when the clock looked wrong and nothing was deleted. */
  postponed: boolean;
  /** False when the time budget ran out; `remaining` rows are left. */
  complete: boolean;
  remaining: number;
  files: FileOutcome[];
}

/** One run over the rules: a result per rule and the totals. */
export interface RetentionRun {
  startedAt: string;
  dryRun: boolean;
  backupId: string | null;
  results: CleanupResult[];
  /** Bytes of files left over from earlier runs removed this time. */
  retriedFileBytes: number;
  vacuum: VacuumReport | null;
  freedSpace: number;
  success: boolean;
}

/** Items and bytes one rule would free. */
export interface RuleEstimate {
  ruleId: string;
  items: Record<string, number>;
  fileBytes: number;
  /**
   * Approximate: rows times the table's average bytes per row. Pages are
   * freed only when all their rows go, so a run usually measures less.
   */
  databaseBytes: number;
  postponed: boolean;
}

/** What estimateCleanup reports, per rule and in total. */
export interface CleanupEstimate {
  rules: RuleEstimate[];
  total: Omit<RuleEstimate, 'ruleId' | 'postponed'>;
}

/** The space of the volume holding the database, and what is in it. */
export interface StorageUsage {
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  usagePercent: number;
  databaseBytes: number;
  /** Bytes of free pages inside the database file. */
  reclaimableDatabaseBytes: number;
  /** Sum of FileInfo.fileSize. */
  recordedFileBytes: number;
  /** Bytes of the files sessions and file records name, found on disk. */
  fileBytesOnDisk: number;
}

/** Events retention emits through `onEvent`. */
export type RetentionEvent =
  | { type: 'retention.started'; dryRun: boolean; ruleIds: string[] }
  | { type: 'retention.postponed'; ruleId: string; now: string; newest: string }
  | { type: 'retention.backup_failed'; error: string }
  | { type: 'retention.rule_completed'; result: CleanupResult }
  | { type: 'retention.file_failed'; path: string; error: string }
  | { type: 'retention.completed'; run: RetentionRun };
