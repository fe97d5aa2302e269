import { describe, expect, it } from 'vitest';
import { SessionStatus } from '../enums.js';
import { Session } from './session.js';

const start = new Date(Date.UTC(2024, 5, 1, 9, 0, 0, 250));

describe('Session', () => {
  it('derives the duration from end minus start when unset', () => {
    const s = new Session('planning', start);
    expect(s.getDuration()).toBeNull();

    // 9:00:00.250 to 10:01:02.750 is 3600 + 62.5 = 3662.5 s.
    s.endTime = new Date(Date.UTC(2024, 5, 1, 10, 1, 2, 750));
    expect(s.getDuration()).toBe(3662.5);
  });

  it('prefers a stored duration over the times', () => {
    const s = new Session('planning', start);
    s.endTime = new Date(start.getTime() + 10_000);
    s.duration = 42;
    expect(s.getDuration()).toBe(42);
    s.duration = 0;
    expect(s.getDuration()).toBe(0);
  });

  it('is active only while active or paused', () => {
    const expected: Record<SessionStatus, boolean> = {
      [SessionStatus.Active]: true,
      [SessionStatus.Paused]: true,
      [SessionStatus.Completed]: false,
      [SessionStatus.Failed]: false,
      [SessionStatus.Cancelled]: false,
    };
    for (const status of Object.values(SessionStatus)) {
      const s = new Session('x', start);
      s.status = status;
      expect([status, s.isActive()]).toEqual([status, expected[status]]);
    }
  });

  it('rejects an end before the start and negative numbers', () => {
    const s = new Session('x', start);
    s.endTime = new Date(start.getTime() - 1);
    expect(() => s.validate()).toThrow(/^endTime: /);

    const t = new Session('x', start);
    t.duration = -1;
    expect(() => t.validate()).toThrow(/^duration: must be >= 0, got -1/);
  });

  it('serialises to plain JSON with ISO dates and the duration', () => {
    const s = new Session('retro', start);
    s.id = 3;
    s.endTime = new Date(start.getTime() + 90_500);
    s.metadata = { tags: ['a'] };
    s.createdAt = new Date(Date.UTC(2024, 0, 1));
    s.updatedAt = new Date(Date.UTC(2024, 0, 2));

    expect(s.toJSON()).toEqual({
      id: 3,
      title: 'retro',
      startTime: '2024-06-01T09:00:00.250Z',
      endTime: '2024-06-01T09:01:30.750Z',
      duration: 90.5,
      status: 'active',
      participantCount: 0,
      audioFilePath: null,
      transcriptFilePath: null,
      metadata: { tags: ['a'] },
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-02T00:00:00.000Z',
    });
  });
});
