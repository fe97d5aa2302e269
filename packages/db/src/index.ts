export { BulkWriter, runSql, type BulkInsertResult } from './bulk-writer.js';
export { Database, type DatabaseOptions } from './database.js';
export type {
  ConnectionInfo,
  DatabaseMetrics,
  HealthReport,
  PragmaCheck,
  SqliteConnection,
  SqliteStatement,
} from './database-types.js';
export {
  createDatabaseConfig,
  DEFAULT_DATABASE_PATH,
  JOURNAL_MODES,
  SYNCHRONOUS_MODES,
  type DatabaseConfig,
  type DatabaseConfigInput,
  type JournalMode,
  type SynchronousMode,
} from './database-config.js';
export { silentLogger, type Logger } from './logger.js';
export {
  applyPragmas,
  pragmaSettings,
  readPragma,
  type PragmaSetting,
  type RawConnection,
} from './pragmas.js';
export {
  SessionManager,
  type RetryOptions,
  type SessionManagerOptions,
  type SessionStats,
} from './session-manager.js';
export { isBusyError, translateWriteError } from './sqlite-errors.js';
