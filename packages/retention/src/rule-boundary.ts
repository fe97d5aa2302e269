import type { SqliteConnection } from '@steno/db';
import type { EntityTarget } from './entity-targets.js';
import type { RetentionRule } from './retention-rule.js';
import { dateColumn } from './rule-plan.js';
import { allSql } from './sql.js';

/** The newest row a count or size rule may delete; older ones go too. */
export interface Boundary {
  date: number;
  id: number;
}

/** Where a rule's count and size limits fall, read once per run. */
export interface Boundaries {
  count: Boundary | null;
  size: Boundary | null;
}

/**
 * Finds, newest first, the first row beyond `maxCount` and the first
 * whose running size passes `maxSizeMb`. Read once at the start of a run
 * so each batch compares two numbers instead of ranking the table again;
 * rows inserted later only move the limits towards keeping more.
 */
export async function findBoundaries(
  connection: SqliteConnection,
  rule: RetentionRule,
  target: EntityTarget,
): Promise<Boundaries> {
  const date = dateColumn(rule, target);
  const order = `order by x."${date}" desc, x.id desc`;
  const boundaries: Boundaries = { count: null, size: null };
  if (rule.maxCount !== undefined) {
    const sql =
      `select x."${date}" as d, x.id from "${target.table}" x ${order} ` +
      'limit 1 offset ?';
    boundaries.count = first(await allSql(connection, sql, [rule.maxCount]));
  }

  if (rule.maxSizeMb !== undefined && target.sizeSql) {
    const cap = Math.floor(rule.maxSizeMb * 1_000_000);
    const sql =
      `select d, id from (select x.id, x."${date}" as d, ` +
      `sum(${target.sizeSql('x')}) over (${order} rows unbounded ` +
      `preceding) as running from "${target.table}" x) ` +
      'where running > ? order by d desc, id desc limit 1';
    boundaries.size = first(await allSql(connection, sql, [cap]));
  }
  return boundaries;
}

function first(rows: Record<string, unknown>[]): Boundary | null {
  const row = rows[0];
  if (!row || typeof row.d !== 'number') return null;
  return { date: row.d, id: Number(row.id) };
}
