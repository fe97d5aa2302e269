import { describe, expect, it } from 'vitest';
import { compareSteps, repeatStep, timeStep } from './measure.js';

describe('timeStep', () => {
  it('trusts a duration the step reports about itself', async () => {
    expect(await timeStep(async () => 1234)).toBe(1234);
  });

  it('times a step that reports nothing from the outside', async () => {
    const ms = await timeStep(() => new Promise((r) => setTimeout(r, 30)));
    expect(ms).toBeGreaterThanOrEqual(25);
  });
});

describe('compareSteps', () => {
  it('drops warm-ups and alternates subject and reference', async () => {
    const order: string[] = [];
    let n = 0;
    const times = await compareSteps(
      { warmups: 1, runs: 2 },
      async () => (order.push('s'), ++n),
      async () => (order.push('r'), 100 + ++n),
      async () => void order.push('p'),
    );
    expect(order.join('')).toBe('psprpsprpspr');
    expect(times).toEqual({ subject: [3, 5], reference: [104, 106] });
  });
});

describe('repeatStep', () => {
  it('keeps only the runs after the warm-ups', async () => {
    let n = 0;
    const times = await repeatStep({ warmups: 2, runs: 3 }, async () => ++n);
    expect(times).toEqual([3, 4, 5]);
  });
});
