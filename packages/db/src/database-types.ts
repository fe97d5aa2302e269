import type { RawConnection } from './pragmas.js';

/** A node-sqlite3 connection borrowed from the pool. */
export type SqliteConnection = RawConnection & {
  run(
    sql: string,
    params: unknown[],
    callback: (
      this: { lastID: number; changes: number },
      error: Error | null,
    ) => void,
  ): void;
  prepare(sql: string): SqliteStatement;
};

/** A prepared node-sqlite3 statement. */
export interface SqliteStatement {
  run(
    params: unknown[],
    callback: (
      this: { lastID: number; changes: number },
      error: Error | null,
    ) => void,
  ): void;
  finalize(callback?: (error: Error | null) => void): void;
}

/** One configured pragma as read back from a connection. */
export interface PragmaCheck {
  name: string;
  expected: string;
  actual: string;
  ok: boolean;
}

/** What `Database.healthCheck` found. */
export interface HealthReport {
  healthy: boolean;
  reachable: boolean;
  /** `ok`, or the problems `quick_check` found. */
  quickCheck: string;
  pragmas: PragmaCheck[];
  error?: string;
}

/** Query timings and file sizes, for status pages and metrics. */
export interface DatabaseMetrics {
  connected: boolean;
  queryCount: number;
  averageQueryMs: number;
  p95QueryMs: number;
  databaseSizeBytes: number;
  walSizeBytes: number;
}

/** Where the database is and how it is opened. */
export interface ConnectionInfo {
  path: string;
  connected: boolean;
  driver: 'sqlite3';
  sqliteVersion: string | null;
  poolSize: number;
  journalMode: string;
}
