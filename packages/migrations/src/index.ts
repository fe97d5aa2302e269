export { MigrationManager } from './migration-manager.js';
export {
  generateMigration,
  type GenerateMigrationOptions,
  type GeneratedMigration,
} from './generate-migration.js';
export { SHIPPED_MIGRATIONS } from './migrations/index.js';
export { InitialSchemaMigration } from './migrations/initial-schema.js';
export { joinStatement } from './migrations/join-statement.js';
export { rebuildTable, type RebuildTableOptions } from './table-rebuild.js';
export {
  normaliseSql,
  readSchema,
  type SchemaObject,
} from './schema-snapshot.js';
export { MIGRATIONS_TABLE } from './migrations-table.js';
export type {
  ApplyMigrationsResult,
  BackupService,
  MigrationClass,
  MigrationEntry,
  MigrationEvent,
  MigrationHistoryEntry,
  MigrationManagerOptions,
  MigrationProblem,
  MigrationProblemKind,
  MigrationStepResult,
  MigrationStepStatus,
  PendingMigration,
  RollbackResult,
  ValidationReport,
} from './migration-types.js';
