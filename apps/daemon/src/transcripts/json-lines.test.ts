import { describe, expect, it } from 'vitest';
import { lineAt, segmentLines } from './json-lines.js';

describe('segmentLines', () => {
  it('finds each segment, whatever strings and nesting hold', () => {
    const text = [
      '{',
      '  "text": "a ] tricky { \\"segments\\": [ string",',
      '  "other": [{"x": 1}],',
      '  "segments": [',
      '    {"start": 0, "words": [{"w": "}"}]},',
      '',
      '    {',
      '      "start": 1',
      '    }',
      '  ],',
      '  "language": "en"',
      '}',
    ].join('\n');
    expect(segmentLines(text)).toEqual([5, 7]);
  });

  it('finds nothing without a segments array', () => {
    expect(segmentLines('{"segments": 3}')).toEqual([]);
  });
});

describe('lineAt', () => {
  it('counts newlines before the offset', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 2)).toBe(2);
    expect(lineAt('a\nb\nc', 99)).toBe(3);
  });
});
