import { describe, expect, it } from 'vitest';
import { computeParticipants, countQuestions } from './participant-stats.js';
import type { ParsedCue } from './parsed-transcript.js';

function cue(speaker: string | null, text: string, start: number, end: number) {
  return {
    speaker,
    text,
    startMs: start,
    endMs: end,
    confidence: null,
    line: 1,
  } satisfies ParsedCue;
}

describe('countQuestions', () => {
  it.each([
    ['Hola, bon dia, com et dius?', 1],
    ['Really? Yes. Are you sure?', 2],
    ['He asked "why?" and left', 1],
    ['What?! No way', 1],
    ['See example.com/?q=1 for it', 0],
    ['No questions here.', 0],
  ])('counts %j as %i', (text, expected) => {
    expect(countQuestions(text)).toBe(expected);
  });
});

describe('computeParticipants', () => {
  it('sums times, words and questions per speaker label', () => {
    const stats = computeParticipants([
      cue('Ann', 'Shall we start?', 0, 1500),
      cue(null, '[applause]', 1500, 2000),
      cue('Bob', 'Yes. Go ahead', 2000, 3250),
      cue('Ann', 'Good. Any objections? None?', 3000, 4001),
    ]);
    expect(stats).toEqual([
      {
        name: 'Ann',
        speakerId: 'Ann',
        speakingTime: 2.501,
        wordCount: 7,
        questionsAsked: 3,
      },
      {
        name: 'Bob',
        speakerId: 'Bob',
        speakingTime: 1.25,
        wordCount: 3,
        questionsAsked: 0,
      },
    ]);
  });

  it('returns nobody when no cue names a speaker', () => {
    expect(computeParticipants([cue(null, 'hello', 0, 1)])).toEqual([]);
  });
});
