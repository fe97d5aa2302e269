import { type Database, type Logger, silentLogger } from '@steno/db';
import { StenoError } from '@steno/models';
import { adoptBaseline, listTables } from './baseline.js';
import { findProblems } from './find-problems.js';
import {
  generateMigration,
  type GenerateMigrationOptions,
  type GeneratedMigration,
} from './generate-migration.js';
import {
  checkEntries,
  compileAll,
  describeMigration,
  type CompiledMigration,
} from './migration-catalog.js';
import { applyBatch, rollbackBatch } from './migration-batch.js';
import type {
  ApplyMigrationsResult,
  MigrationEntry,
  MigrationEvent,
  MigrationHistoryEntry,
  MigrationManagerOptions,
  PendingMigration,
  RollbackResult,
  ValidationReport,
} from './migration-types.js';
import { asStenoError, failed, requireDown, tooNew } from './manager-errors.js';
import {
  ensureMigrationsTable,
  MIGRATIONS_TABLE,
  readApplied,
  type AppliedMigration,
} from './migrations-table.js';
import { SHIPPED_MIGRATIONS } from './migrations/index.js';
import { SafetyNet } from './safety-net.js';

interface MigrationState {
  applied: AppliedMigration[];
  known: CompiledMigration[];
}

/**
 * Carries a Steno database from any earlier schema to the current one
 * without losing a row: all pending migrations run in one transaction
 * with foreign keys off, each step checked before commit; a failure
 * leaves the database as it was. Never caches `db.orm` across calls, so
 * a restore that reconnects the same Database is harmless.
 */
export class MigrationManager {
  private readonly entries: readonly MigrationEntry[];
  private readonly logger: Logger;
  private readonly safetyNet: SafetyNet;
  private readonly emit: (event: MigrationEvent) => void;

  constructor(
    private readonly db: Database,
    options: MigrationManagerOptions = {},
  ) {
    this.entries = options.migrations ?? SHIPPED_MIGRATIONS;
    checkEntries(this.entries);
    this.logger = options.logger ?? silentLogger;
    this.emit = options.onEvent ?? (() => {});
    this.safetyNet = new SafetyNet(
      options.backupService,
      this.logger,
      this.emit,
      db.config.path,
    );
  }

  /** Names of the migrations the code knows, oldest first. */
  getKnownMigrations(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /**
   * Makes sure the migrations table exists. A database built earlier by
   * `createTables()` is adopted: its initial migration is recorded as
   * applied, but only when its schema is exactly that migration's.
   * Returns the name adopted that way, else null.
   */
  async initialize(): Promise<string | null> {
    const tables = await this.db.withConnection(listTables);
    const fresh = tables.length === 0 || this.entries.length === 0;
    if (tables.includes(MIGRATIONS_TABLE) || fresh) {
      await this.db.withConnection(ensureMigrationsTable);
      return null;
    }
    return this.adoptBaseline();
  }

  /** The last applied migration's name; null before any. */
  async getSchemaVersion(): Promise<string | null> {
    const applied = await this.db.withConnection(readApplied);
    return applied.at(-1)?.name ?? null;
  }

  /** Applied migrations, oldest first, as the table records them. */
  async getMigrationHistory(): Promise<MigrationHistoryEntry[]> {
    const { applied, known } = await this.readState();
    const downs = new Map(known.map((m) => [m.name, m.down !== null]));
    return applied.map((row) => ({
      id: row.name,
      description: describeMigration(row.name),
      appliedAt: row.appliedAt,
      rollbackAvailable: downs.get(row.name) === true,
      checksum: row.checksum,
      backupId: row.backupId,
    }));
  }

  /** Migrations the code has and the database has not applied. */
  async getPendingMigrations(): Promise<PendingMigration[]> {
    const { applied, known } = await this.readState();
    const done = new Set(applied.map((row) => row.name));
    return known
      .filter((m) => !done.has(m.name))
      .map((m) => ({ id: m.name, description: describeMigration(m.name) }));
  }

  /**
   * Compares every applied migration (or only `id`) with the code:
   * edited after apply, missing from the code, applied out of order.
   */
  async validateMigration(id?: string): Promise<ValidationReport> {
    const { applied, known } = await this.readState();
    const names = new Set([...applied, ...known].map((m) => m.name));
    if (id !== undefined && !names.has(id)) {
      throw new StenoError(
        'NOT_FOUND',
        `validate migration ${id}: neither applied nor known to the code; ` +
          'see `steno migrate status` for the names',
        { details: { migration: id } },
      );
    }
    const problems = findProblems(applied, known).filter(
      (p) => id === undefined || p.migration === id,
    );
    const checked = applied
      .map((row) => row.name)
      .filter((name) => id === undefined || name === id);
    return { valid: problems.length === 0, checked, problems };
  }

  /** Takes the pre-migration backup through the backup service. */
  backupBeforeMigration(): Promise<{ backupId: string }> {
    return this.safetyNet.takeBackup();
  }

  /**
   * Applies every pending migration in one transaction and returns a
   * result per migration; never throws. Refuses a database whose applied
   * migrations the code does not know (SCHEMA_TOO_NEW).
   */
  async applyMigrations(): Promise<ApplyMigrationsResult> {
    if (this.safetyNet.restoring) {
      // The backup service migrates what it restores; the database stays
      // at the backup's schema until the failing migration is fixed.
      this.logger.info(
        { db: this.db.config.path },
        'migrations skipped: restore in progress',
      );
      return {
        success: true,
        appliedMigrations: [],
        results: [],
        skipped: 'restore-in-progress',
      };
    }
    let pending: CompiledMigration[];
    let baseline: string | null;
    try {
      baseline = await this.initialize();
      pending = await this.findPending();
    } catch (error) {
      return failed(asStenoError(error));
    }
    const adopted = baseline ? { adoptedBaseline: baseline } : {};
    if (pending.length === 0) {
      return { success: true, appliedMigrations: [], results: [], ...adopted };
    }

    let backupId: string | null = null;
    if (this.safetyNet.enabled) {
      try {
        backupId = (await this.safetyNet.takeBackup()).backupId;
      } catch (error) {
        return failed(asStenoError(error, 'BACKUP_FAILED'));
      }
    }
    return { ...(await this.applyPending(pending, backupId)), ...adopted };
  }

  /**
   * Undoes the last `steps` migrations with their down steps, in one
   * transaction, and checks each leaves the schema it found (recorded
   * when this package applied it; rows from other tools skip it). Refuses
   * (ROLLBACK_UNAVAILABLE) before changing anything when one has no
   * down step.
   */
  async rollbackMigration(steps = 1): Promise<RollbackResult> {
    const { applied, known } = await this.readState();
    if (!Number.isInteger(steps) || steps < 1 || steps > applied.length) {
      throw new StenoError(
        'INVALID_VALUE',
        `steps: must be an integer from 1 to ${applied.length} (the ` +
          `applied migrations), got ${steps}`,
        { details: { field: 'steps' } },
      );
    }
    const targets = applied.slice(-steps).reverse();
    const byName = new Map(known.map((m) => [m.name, m]));
    const plan = targets.map((row) => ({
      row,
      migration: requireDown(row, byName.get(row.name)),
    }));
    const results = await rollbackBatch(this.db, plan, this.hooks());
    return { rolledBack: targets.map((row) => row.name), results };
  }

  /** Diffs the entities against the database and writes a migration. */
  async generateMigration(
    message: string,
    options: GenerateMigrationOptions,
  ): Promise<GeneratedMigration> {
    const pending = await this.findPending();
    if (pending.length > 0) {
      throw new StenoError(
        'MIGRATION_FAILED',
        `create migration ${message}: ${pending.length} migration(s) are ` +
          'pending; apply them first so the diff starts from the latest',
      );
    }
    return generateMigration(this.db, message, options);
  }

  private async applyPending(
    pending: CompiledMigration[],
    backupId: string | null,
  ): Promise<ApplyMigrationsResult> {
    const batch = await applyBatch(this.db, pending, backupId, this.hooks());
    if (batch.error === undefined) {
      return {
        success: true,
        appliedMigrations: batch.results
          .filter((step) => step.status === 'applied')
          .map((step) => step.name),
        results: batch.results,
        ...(backupId ? { backupId } : {}),
      };
    }
    const result = failed(batch.error, batch.results);
    if (backupId) await this.safetyNet.restoreAfter(result, backupId);
    return result;
  }

  private async findPending(): Promise<CompiledMigration[]> {
    const { applied, known } = await this.readState();
    const unknown = applied.filter(
      (row) => !known.some((m) => m.name === row.name),
    );
    if (unknown.length > 0) throw tooNew(this.db.config.path, unknown);
    // Edited or out-of-order migrations only warn: refusing to start
    // over a changed comment would strand a device; validate reports them.
    for (const problem of findProblems(applied, known)) {
      const { migration, kind, message } = problem;
      this.logger.warn(
        { db: this.db.config.path, migration, problem: kind, detail: message },
        'migration history disagrees with the code',
      );
    }
    const done = new Set(applied.map((row) => row.name));
    return known.filter((m) => !done.has(m.name));
  }

  private async readState(): Promise<MigrationState> {
    const applied = await this.db.withConnection(readApplied);
    const known = await compileAll(this.entries, this.db);
    return { applied, known };
  }

  private async adoptBaseline(): Promise<string> {
    const { known } = await this.readState();
    const initial = known[0] as CompiledMigration;
    await adoptBaseline(this.db, initial);
    this.logger.info(
      { db: this.db.config.path, migration: initial.name },
      'adopted existing schema as baseline',
    );
    this.emit({ type: 'migration.baseline', name: initial.name });
    return initial.name;
  }

  private hooks() {
    return { db: this.db.config.path, logger: this.logger, emit: this.emit };
  }
}
