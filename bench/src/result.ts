import type { Summary } from './stats.js';

/** One side of a comparison: what was run and how it measured. */
export interface Side {
  label: string;
  /** `ms` (lower is better), `rows/s` (higher), `MB` (lower). */
  unit: 'ms' | 'rows/s' | 'MB';
  summary: Summary;
}

/**
 * The goal a row is checked against: `ratio op value`, or with
 * `on: 'subject'` an absolute bound on the subject's median.
 */
export interface Target {
  op: '<=' | '>=';
  value: number;
  on?: 'ratio' | 'subject';
}

/** One line of the results table. */
export interface ResultRow {
  id: string;
  title: string;
  status: 'ok' | 'unavailable' | 'failed';
  /** Why the row has no figure, when it has none. */
  reason?: string;
  /** Unavailable by this machine's nature (a codec), not by a bug. */
  optional?: boolean;
  subject?: Side;
  reference?: Side;
  /** subject median ÷ reference median. */
  ratio?: number;
  target?: Target;
  met?: boolean;
  notes?: string[];
}

/** A row comparing `subject` with `reference`, checked against `target`. */
export function compareRow(
  id: string,
  title: string,
  subject: Side,
  reference: Side,
  target?: Target,
  notes: string[] = [],
): ResultRow {
  const ratio = subject.summary.median / reference.summary.median;
  const row: ResultRow = {
    id,
    title,
    status: 'ok',
    subject,
    reference,
    ratio,
    notes,
  };
  if (target) {
    const figure = target.on === 'subject' ? subject.summary.median : ratio;
    row.target = target;
    row.met =
      target.op === '<=' ? figure <= target.value : figure >= target.value;
  }
  return row;
}

/** A row that could not be measured, with the reason. */
export function missingRow(
  id: string,
  title: string,
  status: 'unavailable' | 'failed',
  reason: string,
): ResultRow {
  return { id, title, status, reason };
}
