import { LIVE_SESSION_STATUSES } from '@steno/models';
import type { EntityTarget } from './entity-targets.js';
import {
  compilePreserveFilter,
  type BoundSql,
  type FilterScope,
} from './preserve-filter.js';
import type { RetentionRule } from './retention-rule.js';
import type { Boundaries } from './rule-boundary.js';

/** A rule compiled to SQL: which rows of its table may go, right now. */
export interface RulePlan {
  rule: RetentionRule;
  target: EntityTarget;
  /** Table, aliased `t`, joined to its session as `p` when it has one. */
  from: string;
  /** The whole eligibility condition, bound. */
  where: BoundSql;
}

/** Columns of each table, for checking the fields a filter names. */
export type ColumnsOf = (table: string) => ReadonlySet<string>;

/**
 * Compiles `rule` against the instant `cutoffMs` (milliseconds since the
 * epoch, as the dates are stored) and the count and size `boundaries`.
 * Live sessions, and rows that belong to one, are excluded in the SQL
 * itself.
 */
export function planRule(
  rule: RetentionRule,
  target: EntityTarget,
  cutoffMs: number,
  columnsOf: ColumnsOf,
  boundaries: Boundaries = { count: null, size: null },
): RulePlan {
  const parts: BoundSql[] = [notLive(target)];
  if (rule.preserve) {
    const filter = compilePreserveFilter(
      rule.preserve,
      scopeOf(target, columnsOf),
    );
    parts.push({
      sql: `not coalesce(${filter.sql}, 0)`,
      params: filter.params,
    });
  }
  parts.push(reasonToDelete(rule, target, cutoffMs, boundaries));
  return {
    rule,
    target,
    from: fromOf(target),
    where: {
      sql: parts.map((p) => `(${p.sql})`).join(' and '),
      params: parts.flatMap((p) => p.params),
    },
  };
}

/** Selects the next eligible rows after `afterId`, in id order. */
export function selectBatchSql(
  plan: RulePlan,
  afterId: number,
  limit: number,
): BoundSql {
  return {
    sql:
      `select t.* from ${plan.from} where t.id > ? and ${plan.where.sql} ` +
      'order by t.id limit ?',
    params: [afterId, ...plan.where.params, limit],
  };
}

/**
 * Keeps, of `ids`, those still eligible at the moment it runs; selects
 * `columns` of them (whole rows by default).
 */
export function recheckSql(
  plan: RulePlan,
  ids: number[],
  columns = 't.*',
): BoundSql {
  const marks = ids.map(() => '?').join(', ');
  return {
    sql:
      `select ${columns} from ${plan.from} where t.id in (${marks}) ` +
      `and ${plan.where.sql}`,
    params: [...ids, ...plan.where.params],
  };
}

/** Selects the id closing the next batch of eligible rows after `afterId`. */
export function batchEndSql(
  plan: RulePlan,
  afterId: number,
  limit: number,
): BoundSql {
  return {
    sql:
      `select max(id) from (select t.id from ${plan.from} ` +
      `where t.id > ? and ${plan.where.sql} order by t.id limit ?)`,
    params: [afterId, ...plan.where.params, limit],
  };
}

/**
 * Deletes the rows with ids in (`afterId`, `lastId`] that are eligible
 * when it runs: the re-check and the delete are one statement.
 */
export function deleteRangeSql(
  plan: RulePlan,
  afterId: number,
  lastId: number,
): BoundSql {
  return {
    sql:
      `delete from "${plan.target.table}" where id in (select t.id ` +
      `from ${plan.from} where t.id > ? and t.id <= ? and ${plan.where.sql})`,
    params: [afterId, lastId, ...plan.where.params],
  };
}

/** Counts the eligible rows after `afterId`. */
export function countAfterSql(plan: RulePlan, afterId: number): BoundSql {
  return {
    sql: `select count(*) from ${plan.from} where t.id > ? and ${plan.where.sql}`,
    params: [afterId, ...plan.where.params],
  };
}

function notLive(target: EntityTarget): BoundSql {
  const alias = target.sessionColumn ? 'p' : 't';
  const marks = LIVE_SESSION_STATUSES.map(() => '?').join(', ');
  if (target.entity !== 'Session' && !target.sessionColumn) {
    return { sql: '1', params: [] };
  }
  return {
    sql: `${alias}.status not in (${marks})`,
    params: [...LIVE_SESSION_STATUSES],
  };
}

function reasonToDelete(
  rule: RetentionRule,
  target: EntityTarget,
  cutoffMs: number,
  boundaries: Boundaries,
): BoundSql {
  const date = dateColumn(rule, target);
  const reasons: BoundSql[] = [];
  if (rule.retentionDays !== undefined) {
    reasons.push({ sql: `t."${date}" < ?`, params: [cutoffMs] });
  }
  for (const boundary of [boundaries.count, boundaries.size]) {
    if (!boundary) continue;
    reasons.push({
      sql: `(t."${date}", t.id) <= (?, ?)`,
      params: [boundary.date, boundary.id],
    });
  }
  if (reasons.length === 0) return { sql: '0', params: [] };
  return {
    sql: reasons.map((r) => `(${r.sql})`).join(' or '),
    params: reasons.flatMap((r) => r.params),
  };
}

/** The column of the rule's date field. */
export function dateColumn(rule: RetentionRule, target: EntityTarget): string {
  const field = rule.dateField ?? target.defaultDateField;
  return target.dateColumns[field] ?? field;
}

function fromOf(target: EntityTarget): string {
  const table = `"${target.table}" t`;
  if (!target.sessionColumn) return table;
  return `${table} join sessions p on p.id = t."${target.sessionColumn}"`;
}

function scopeOf(target: EntityTarget, columnsOf: ColumnsOf): FilterScope {
  const scope: FilterScope = { alias: 't', columns: columnsOf(target.table) };
  if (target.sessionColumn) {
    scope.session = { alias: 'p', columns: columnsOf('sessions') };
  }
  return scope;
}
