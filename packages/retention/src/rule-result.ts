import type { Database, SqliteConnection } from '@steno/db';
import { StenoError } from '@steno/models';
import { targetOf } from './entity-targets.js';
import type { RetentionRule } from './retention-rule.js';
import type { RuleOutcome } from './rule-runner.js';
import { allSql, numberSql } from './sql.js';
import type { CleanupResult } from './types.js';

/** The result of a rule that did not run to the end. */
export function failedResult(
  rule: RetentionRule,
  error: unknown,
  dryRun: boolean,
  started: number,
): CleanupResult {
  const code = error instanceof StenoError ? error.code : 'RETENTION_FAILED';
  return {
    ...blankResult(rule.ruleId, dryRun, started),
    success: false,
    error: { code, message: (error as Error).message },
  };
}

/** A result with nothing done yet. */
export function blankResult(
  ruleId: string,
  dryRun: boolean,
  started: number,
): CleanupResult {
  return {
    ruleId,
    deletedCount: 0,
    items: {},
    freedSpace: 0,
    fileBytes: 0,
    databaseBytes: 0,
    processingTime: performance.now() - started,
    success: true,
    dryRun,
    postponed: false,
    complete: true,
    remaining: 0,
    files: [],
  };
}

/** Turns what a rule did into its result. */
export function outcomeResult(
  rule: RetentionRule,
  outcome: RuleOutcome,
  databaseBytes: number,
  dryRun: boolean,
  started: number,
): CleanupResult {
  const entity = targetOf(rule.entity)?.entity ?? rule.entity;
  return {
    ...blankResult(rule.ruleId, dryRun, started),
    deletedCount: outcome.items[entity] ?? 0,
    items: outcome.items,
    fileBytes: outcome.fileBytes,
    databaseBytes,
    freedSpace: outcome.fileBytes + databaseBytes,
    complete: outcome.complete,
    remaining: outcome.remaining,
    files: outcome.files,
  };
}

const TABLES: Record<string, string> = {
  Session: 'sessions',
  TranscriptEntry: 'transcript_entries',
  Participant: 'participants',
  AnalysisResult: 'analysis_results',
  FileInfo: 'file_infos',
  SystemMetrics: 'system_metrics',
};

/**
 * Approximates the database bytes deleting `items` frees: rows times the
 * average bytes per row of each table and its indexes, from dbstat.
 */
export async function estimateDatabaseBytes(
  db: Database,
  items: Record<string, number>,
): Promise<number> {
  let bytes = 0;
  for (const [entity, count] of Object.entries(items)) {
    const table = TABLES[entity];
    if (!table || count === 0) continue;
    const perRow = await db.withConnection((c) => bytesPerRow(c, table));
    bytes += Math.round(perRow * count);
  }
  return bytes;
}

async function bytesPerRow(
  connection: SqliteConnection,
  table: string,
): Promise<number> {
  const rows = await numberSql(connection, `select count(*) from "${table}"`);
  if (rows === 0) return 0;
  const [row] = await allSql(
    connection,
    'select coalesce(sum(pgsize), 0) as bytes from dbstat where name in ' +
      '(select name from sqlite_master where tbl_name = ? ' +
      "and type in ('table', 'index'))",
    [table],
  );
  return Number(row?.bytes ?? 0) / rows;
}
