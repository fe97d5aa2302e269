import { StenoError } from '@steno/models';
import { RETENTION_ENTITIES, targetOf } from './entity-targets.js';
import type { PreserveFilter } from './preserve-filter.js';

/** A loaded row, keyed by column name, that a preserve predicate sees. */
export type RetentionRow = Record<string, unknown>;

/**
 * What to delete and what to keep. A row is deleted when it is older than
 * `retentionDays`, beyond the newest `maxCount`, or beyond `maxSizeMb`
 * counted from the newest — and never when it is preserved or belongs to
 * an active or paused session.
 */
export interface RetentionRule {
  ruleId: string;
  name: string;
  description?: string;
  /** Session, TranscriptEntry, AnalysisResult, FileInfo, SystemMetrics. */
  entity: string;
  /** The date property rows age by; creation time by default. */
  dateField?: string;
  retentionDays?: number;
  /** Keep the newest N; the newest is always kept. */
  maxCount?: number;
  /** Cap in megabytes (10^6 bytes) for Session and FileInfo. */
  maxSizeMb?: number;
  /** Rows matching this SQL filter are kept. */
  preserve?: PreserveFilter;
  /** Rows this returns true for are kept; runs on loaded rows. */
  preserveRow?: (row: RetentionRow) => boolean;
  enabled?: boolean;
}

/**
 * Checks one rule, listing every problem prefixed by its key; throws an
 * INVALID_CONFIG StenoError when there is any.
 */
export function validateRule(rule: RetentionRule): void {
  const problems = findRuleProblems(rule);
  if (problems.length === 0) return;
  const id = typeof rule?.ruleId === 'string' ? rule.ruleId : '?';
  const list = problems.map((p) => `  - ${p}`).join('\n');
  throw new StenoError(
    'INVALID_CONFIG',
    `invalid retention rule ${id}:\n${list}`,
    { details: { ruleId: id, problems } },
  );
}

function findRuleProblems(rule: RetentionRule): string[] {
  const problems: string[] = [];
  if (typeof rule.ruleId !== 'string' || rule.ruleId.trim() === '') {
    problems.push('ruleId: must be a non-empty string');
  }
  const target = targetOf(rule.entity);
  if (!target) {
    const known = RETENTION_ENTITIES.join(', ');
    problems.push(`entity: must be one of ${known}, got ${show(rule.entity)}`);
  }

  const field = rule.dateField ?? target?.defaultDateField;
  if (target && !target.dateColumns[field ?? '']) {
    const known = Object.keys(target.dateColumns).join(', ');
    problems.push(`dateField: must be one of ${known}, got ${show(field)}`);
  }
  checkNumber(problems, 'retentionDays', rule.retentionDays, 0);
  checkNumber(problems, 'maxCount', rule.maxCount, 1, true);
  checkNumber(problems, 'maxSizeMb', rule.maxSizeMb, 0);

  if (rule.maxSizeMb !== undefined && target && !target.sizeSql) {
    problems.push(`maxSizeMb: ${rule.entity} rows have no size`);
  }
  if (
    rule.retentionDays === undefined &&
    rule.maxCount === undefined &&
    rule.maxSizeMb === undefined
  ) {
    problems.push('retentionDays: set it, maxCount or maxSizeMb');
  }
  return problems;
}

function checkNumber(
  problems: string[],
  key: string,
  value: unknown,
  min: number,
  integer = false,
): void {
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    problems.push(`${key}: must be ${kind} >= ${min}, got ${show(value)}`);
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
