export {
  RetentionManager,
  type ApplyOptions,
  type RetentionManagerOptions,
  type RetentionStats,
} from './retention-manager.js';
export {
  createRetentionConfig,
  defaultRules,
  type RetentionConfig,
  type RetentionSeed,
} from './retention-config.js';
export {
  validateRule,
  type RetentionRow,
  type RetentionRule,
} from './retention-rule.js';
export {
  compilePreserveFilter,
  type BoundSql,
  type FilterScope,
  type FilterValue,
  type PreserveFilter,
} from './preserve-filter.js';
export { RETENTION_ENTITIES, type RetentionEntity } from './entity-targets.js';
export { cutoffOf } from './clock-check.js';
export { PENDING_FILES_KEY } from './pending-files.js';
export type { FileOutcome } from './file-janitor.js';
export type { VacuumReport } from './space-meter.js';
export type {
  BackupService,
  CleanupEstimate,
  CleanupResult,
  JobLock,
  RetentionEvent,
  RetentionRun,
  RuleEstimate,
  StorageUsage,
} from './types.js';
