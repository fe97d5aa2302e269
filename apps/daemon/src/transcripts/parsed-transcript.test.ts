import { describe, expect, it } from 'vitest';
import { lastCueEndMs } from './parsed-transcript.js';

describe('lastCueEndMs', () => {
  it('handles 300,000 cues without overflowing the stack', () => {
    const cues = Array.from({ length: 300_000 }, (_, index) => ({
      endMs: index === 1234 ? 99_999_999 : index,
    }));
    expect(lastCueEndMs(cues)).toBe(99_999_999);
  });

  it('is 0 without cues', () => {
    expect(lastCueEndMs([])).toBe(0);
  });
});
