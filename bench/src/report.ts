import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine.js';
import type { ResultRow, Side } from './result.js';

/** Everything one run wrote to its results file. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  /** False while the run is going, or when it was cut short. */
  complete: boolean;
  mode: 'quick' | 'full';
  machine: MachineInfo;
  data: Record<string, number | string>;
  rows: ResultRow[];
}

/** Formats one figure in its unit, short enough for a table cell. */
export function formatValue(value: number, unit: Side['unit']): string {
  if (!Number.isFinite(value)) return '-';
  if (unit === 'rows/s') return `${Math.round(value / 1000)}k rows/s`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${value.toFixed(value >= 10 ? 0 : 1)} ms`;
}

/** The results as a Markdown table, then each row's notes. */
export function formatTable(rows: readonly ResultRow[]): string {
  const notes = rows
    .filter((row) => (row.notes ?? []).length > 0)
    .map((row) => `- ${row.title}: ${(row.notes ?? []).join('; ')}`);
  const table = formatRows(rows);
  return notes.length > 0 ? `${table}\n\n${notes.join('\n')}` : table;
}

function formatRows(rows: readonly ResultRow[]): string {
  const head = [
    '| case | steno: median (min–max) | reference: median | ratio | target |',
    '|---|---|---|---|---|',
  ];
  return [...head, ...rows.map(formatRow)].join('\n');
}

function formatRow(row: ResultRow): string {
  if (row.status !== 'ok' || !row.subject || !row.reference) {
    const reason = (row.reason ?? '').replace(/\|/g, '/').split('\n')[0];
    return `| ${row.title} | ${row.status}: ${reason} | | | |`;
  }
  const s = row.subject;
  const spread =
    `${formatValue(s.summary.median, s.unit)} ` +
    `(${formatValue(s.summary.min, s.unit)}–` +
    `${formatValue(s.summary.max, s.unit)})`;
  const reference =
    `${formatValue(row.reference.summary.median, row.reference.unit)} ` +
    `${row.reference.label}`;
  const cells = [row.title, spread, reference, formatRatio(row)];
  return `| ${[...cells, formatTarget(row)].join(' | ')} |`;
}

function formatRatio(row: ResultRow): string {
  return row.ratio === undefined ? '-' : `${row.ratio.toFixed(2)}×`;
}

function formatTarget(row: ResultRow): string {
  if (!row.target) return 'info';
  const verdict = row.met ? 'met' : 'MISSED';
  const { op, value, on } = row.target;
  const bound =
    on === 'subject' && row.subject
      ? formatValue(value, row.subject.unit)
      : `${value}×`;
  return `${op} ${bound} ${verdict}`;
}

/** Writes `results/<timestamp>.json` and returns its path. */
export function writeReport(outDir: string, report: BenchReport): string {
  mkdirSync(outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const path = join(outDir, `${stamp}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
