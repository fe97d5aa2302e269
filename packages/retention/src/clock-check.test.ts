import { describe, expect, it } from 'vitest';
import { cutoffOf } from './clock-check.js';

describe('cutoffOf', () => {
  it('is the same instant whatever the host time zone', () => {
    const now = new Date('2026-03-29T01:30:00Z');
    const seen: number[] = [];
    const original = process.env.TZ;
    for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Kathmandu']) {
      process.env.TZ = zone;
      seen.push(cutoffOf(now, 30));
    }
    process.env.TZ = original;
    expect(seen).toEqual([
      Date.UTC(2026, 1, 27, 1, 30),
      Date.UTC(2026, 1, 27, 1, 30),
      Date.UTC(2026, 1, 27, 1, 30),
    ]);
  });
});
