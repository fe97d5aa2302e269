import { describe, expect, it } from 'vitest';
import {
  formatTimestamp,
  parseTimestamp,
  parseTimingLine,
} from './timestamps.js';

describe('parseTimestamp', () => {
  it.each([
    ['00:04:04.470', 244_470],
    ['01:44:01.850', 6_241_850],
    ['00:32.000', 32_000],
    ['00:00:01,479', 1479],
    ['0:0:1.5', 1500],
    ['100:00:00.000', 360_000_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each(['00:60:00.000', '00:00:61.000', '1.000', '00:00:01', 'a:b:c.d'])(
    'refuses %s',
    (text) => {
      expect(parseTimestamp(text)).toBeNull();
    },
  );
});

describe('parseTimingLine', () => {
  it('ignores cue settings after the end', () => {
    expect(
      parseTimingLine('00:00:05.872 --> 00:00:09.409 align:start line:74%'),
    ).toEqual({ startMs: 5872, endMs: 9409 });
  });

  it('describes what is wrong', () => {
    expect(parseTimingLine('00:00:05.872 -> 00:00:09.409')).toMatch(
      /malformed cue timing/u,
    );
    expect(parseTimingLine('00:00:05.872 --> soon')).toBe(
      'malformed timestamp "soon"; expected hh:mm:ss.ttt',
    );
  });
});

describe('formatTimestamp', () => {
  it('writes both separators with hours', () => {
    expect(formatTimestamp(6_241_850, '.')).toBe('01:44:01.850');
    expect(formatTimestamp(1479, ',')).toBe('00:00:01,479');
    expect(formatTimestamp(360_000_000, '.')).toBe('100:00:00.000');
  });
});
