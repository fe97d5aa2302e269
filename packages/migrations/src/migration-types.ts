import type { Configuration } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import type { Migration } from '@mikro-orm/migrations';
import type { Logger } from '@steno/db';
import type { StenoError } from '@steno/models';

/** A MikroORM migration class, constructed the way its migrator does. */
export type MigrationClass = new (
  driver: AbstractSqlDriver,
  config: Configuration,
) => Migration;

/** One migration the code knows: a stable name and its class. */
export interface MigrationEntry {
  /** Recorded in the migrations table; never changes once shipped. */
  name: string;
  class: MigrationClass;
}

/**
 * What the manager needs from a backup service (`@steno/backup`'s
 * `BackupManager` fits as is).
 */
export interface BackupService {
  createBackup(description?: string): Promise<{ backupId: string }>;
  restoreBackup(backupId: string): Promise<unknown>;
}

/** Something that happened, for the daemon's event bus. */
export type MigrationEvent =
  | { type: 'migration.baseline'; name: string }
  | { type: 'migration.backup'; backupId: string }
  | { type: 'migration.applied'; name: string; durationMs: number }
  | { type: 'migration.failed'; name: string; error: StenoError }
  | { type: 'migration.rolled-back'; name: string; durationMs: number }
  | { type: 'migration.restored'; backupId: string };

/** Options of {@link MigrationManager}. */
export interface MigrationManagerOptions {
  /** The migrations to know, oldest first; the shipped ones by default. */
  migrations?: readonly MigrationEntry[];
  /** Backs up before applying and restores when applying fails. */
  backupService?: BackupService;
  logger?: Logger;
  onEvent?: (event: MigrationEvent) => void;
}

/** What became of one migration in a batch. */
export type MigrationStepStatus =
  | 'applied'
  | 'reverted'
  | 'failed'
  | 'discarded'
  | 'already-applied'
  | 'not-run';

/** The outcome of one migration within applyMigrations or a rollback. */
export interface MigrationStepResult {
  name: string;
  /**
   * `discarded`: it ran, but the batch failed later and its changes
   * were rolled back with the rest; `already-applied`: another process
   * applied it between planning and taking the write lock; `not-run`:
   * the batch stopped before it.
   */
  status: MigrationStepStatus;
  durationMs: number;
  error?: StenoError;
}

/** What applyMigrations did; it never throws. */
export interface ApplyMigrationsResult {
  success: boolean;
  /** Names now applied by this call; empty when the batch failed. */
  appliedMigrations: string[];
  results: MigrationStepResult[];
  error?: StenoError;
  /** The backup taken before applying, when a service was given. */
  backupId?: string;
  /** True when a failure was followed by a successful restore. */
  restored?: boolean;
  /** Why the restore after a failure failed too. */
  restoreError?: StenoError;
  /** The initial migration, when a `createTables()` database was adopted. */
  adoptedBaseline?: string;
  /**
   * Why nothing was even looked at: `restore-in-progress` when called
   * from inside the restore this manager started after a failure.
   */
  skipped?: 'restore-in-progress';
}

/** What rollbackMigration undid. */
export interface RollbackResult {
  rolledBack: string[];
  results: MigrationStepResult[];
}

/** One applied migration, as the migrations table records it. */
export interface MigrationHistoryEntry {
  id: string;
  description: string;
  appliedAt: Date | null;
  /** True only when the code has a down step for it. */
  rollbackAvailable: boolean;
  /** SHA-256 recorded when applied; null for rows from elsewhere. */
  checksum: string | null;
  /** The backup taken just before it was applied, if any. */
  backupId: string | null;
}

/** One migration the code has and the database has not applied. */
export interface PendingMigration {
  id: string;
  description: string;
}

export type MigrationProblemKind =
  | 'checksum-mismatch'
  | 'checksum-missing'
  | 'missing-from-code'
  | 'out-of-order';

/** One disagreement between the migrations table and the code. */
export interface MigrationProblem {
  kind: MigrationProblemKind;
  migration: string;
  message: string;
}

/** The outcome of validateMigration. */
export interface ValidationReport {
  valid: boolean;
  checked: string[];
  problems: MigrationProblem[];
}
