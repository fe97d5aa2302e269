import { describe, expect, it } from 'vitest';
import { Participant } from './participant.js';
import { Session } from './session.js';

function inSession(durationSeconds: number | null): Participant {
  const session = new Session('x', new Date(Date.UTC(2024, 0, 1)));
  session.duration = durationSeconds;
  const p = new Participant('Ada', 'SPEAKER_00');
  p.session = session;
  return p;
}

describe('Participant', () => {
  it('speaks a share of the session duration', () => {
    const p = inSession(600);
    p.speakingTime = 90;
    // 90 s of a 600 s session is 15 %.
    expect(p.getSpeakingPercentage()).toBe(15);
  });

  it('uses end minus start when the session has no stored duration', () => {
    const p = inSession(null);
    p.session.endTime = new Date(Date.UTC(2024, 0, 1, 0, 4));
    p.speakingTime = 60;
    // 60 s of 240 s is 25 %.
    expect(p.getSpeakingPercentage()).toBe(25);
  });

  it('gives 0 % when the session has no duration yet', () => {
    const p = inSession(null);
    p.speakingTime = 30;
    expect(p.getSpeakingPercentage()).toBe(0);
    expect(inSession(0).getSpeakingPercentage()).toBe(0);
  });

  it('computes words per minute of speaking time', () => {
    const p = inSession(600);
    p.wordCount = 150;
    p.speakingTime = 45;
    // 150 words in 45 s is 150 / 0.75 min = 200.
    expect(p.getWordsPerMinute()).toBe(200);
    p.speakingTime = 0;
    expect(p.getWordsPerMinute()).toBe(0);
  });

  it('rejects engagement outside 0 to 1 and negative counts', () => {
    const p = inSession(1);
    p.engagementLevel = 1.2;
    expect(() => p.validate()).toThrow(/^engagementLevel: must be 0 to 1/);
    p.engagementLevel = 0;
    p.interruptions = -1;
    expect(() => p.validate()).toThrow(/^interruptions: must be >= 0/);
  });

  it('serialises with its derived figures', () => {
    const p = inSession(120);
    p.speakingTime = 30;
    p.wordCount = 60;
    expect(p.toJSON()).toMatchObject({
      name: 'Ada',
      speakerId: 'SPEAKER_00',
      speakingPercentage: 25,
      wordsPerMinute: 120,
      sentimentScore: null,
    });
  });
});
