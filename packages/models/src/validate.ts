import { ValidationError } from './errors.js';

/** Rejects a number outside [min, max]; null and undefined pass. */
export function checkRange(
  field: string,
  value: number | null | undefined,
  min: number,
  max = Number.POSITIVE_INFINITY,
): void {
  if (value == null) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    const range =
      max === Number.POSITIVE_INFINITY ? `>= ${min}` : `${min} to ${max}`;
    throw new ValidationError(field, `must be ${range}, got ${value}`);
  }
}

/** Rejects an end that comes before its start. */
export function checkOrder(
  field: string,
  start: number | null | undefined,
  end: number | null | undefined,
): void {
  if (start == null || end == null) return;
  if (end < start) {
    throw new ValidationError(
      field,
      `must not be before the start (${end} < ${start})`,
    );
  }
}

/** Counts whitespace-separated words, the way word counts are stored. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}
