const TIMESTAMP = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})$/;
const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/;

/** A cue's start and end in whole milliseconds. */
export interface CueTiming {
  startMs: number;
  endMs: number;
}

/**
 * Reads `[h:]mm:ss.ttt` (comma or dot before the fraction) as whole
 * milliseconds; null when the text is not such a timestamp. Short forms
 * such as `0:0:1.5` are accepted because some exporters write them.
 */
export function parseTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, hours, minutes, seconds, fraction] = match;
  const m = Number(minutes);
  const s = Number(seconds);
  if (m > 59 || s > 59) return null;

  const ms = Number((fraction ?? '0').padEnd(3, '0'));
  return ((Number(hours ?? 0) * 60 + m) * 60 + s) * 1000 + ms;
}

/** True when the line is a cue timing line (`start --> end ...`). */
export function isTimingLine(line: string): boolean {
  return line.includes('-->');
}

/**
 * Reads `start --> end [settings]`; returns a problem description instead
 * of timings when the line is malformed, so the caller can add the line.
 */
export function parseTimingLine(line: string): CueTiming | string {
  const match = TIMING.exec(line.trim());
  if (!match) {
    return `malformed cue timing "${line.trim()}"; expected "start --> end"`;
  }
  const startMs = parseTimestamp(match[1] ?? '');
  const endMs = parseTimestamp(match[2] ?? '');
  const bad = startMs === null ? match[1] : endMs === null ? match[2] : null;
  if (bad != null || startMs === null || endMs === null) {
    return `malformed timestamp "${bad}"; expected hh:mm:ss.ttt`;
  }
  return { startMs, endMs };
}

/** Writes milliseconds as `hh:mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt`. */
export function formatTimestamp(totalMs: number, separator: '.' | ','): string {
  const ms = Math.round(totalMs);
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return (
    `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` +
    `${separator}${pad(ms % 1000, 3)}`
  );
}

/** Seconds (as stored) to whole milliseconds, exact for stored values. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}
