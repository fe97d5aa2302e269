import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.js';

describe('median', () => {
  it('takes the middle of an odd count whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no runs rather than a made-up zero', () => {
    expect(median([])).toBeNaN();
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);

  it('gives the 99th of 1..100 as 99 (nearest rank)', () => {
    expect(percentile(hundred, 99)).toBe(99);
  });

  it('gives the single spike as p99 of 99 fast and 1 slow batch', () => {
    const latencies = [...Array<number>(99).fill(2), 250];
    expect(percentile(latencies, 99)).toBe(2);
    expect(percentile(latencies, 100)).toBe(250);
  });

  it('clamps p0 to the smallest value', () => {
    expect(percentile([3, 7], 0)).toBe(3);
  });
});

describe('summarize', () => {
  it('keeps the runs and reports median, min and max', () => {
    expect(summarize([30, 10, 20])).toEqual({
      median: 20,
      min: 10,
      max: 30,
      samples: [30, 10, 20],
    });
  });
});
