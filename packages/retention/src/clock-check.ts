import type { SqliteConnection } from '@steno/db';
import { numberSql } from './sql.js';

const DATE_COLUMNS: ReadonlyArray<[string, string]> = [
  ['sessions', 'created_at'],
  ['sessions', 'updated_at'],
  ['transcript_entries', 'created_at'],
  ['analysis_results', 'created_at'],
  ['file_infos', 'created_at'],
  ['system_metrics', 'timestamp'],
];

const DAY_MS = 86_400_000;

/**
 * The cutoff instant of a retention period: `now` minus the days, in
 * milliseconds since the epoch — the form dates are stored in, so the
 * host time zone plays no part.
 */
export function cutoffOf(now: Date, retentionDays: number): number {
  return now.getTime() - Math.round(retentionDays * DAY_MS);
}

/** The newest timestamp stored in any dated table, or null. */
export async function newestStoredMs(
  connection: SqliteConnection,
): Promise<number | null> {
  let newest: number | null = null;
  for (const [table, column] of DATE_COLUMNS) {
    const value = await numberSql(
      connection,
      `select coalesce(max("${column}"), -1) from "${table}"`,
    );
    if (value >= 0 && (newest === null || value > newest)) newest = value;
  }
  return newest;
}
