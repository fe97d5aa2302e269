import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { Session } from './session.js';
import { TranscriptEntry } from './transcript-entry.js';

const session = new Session('standup', new Date(Date.UTC(2024, 0, 1)));

function entry(
  text: string,
  start: number,
  end: number,
  extra: Partial<TranscriptEntry> = {},
): TranscriptEntry {
  return Object.assign(new TranscriptEntry(session, text, start, end), {
    speaker: 'Ada',
    ...extra,
  });
}

describe('TranscriptEntry', () => {
  it('counts words and measures duration and pace', () => {
    const e = entry('  one two\tthree  four ', 10, 12.5);

    expect(e.wordCount).toBe(4);
    expect(e.getDuration()).toBe(2.5);
    // 4 words in 2.5 s is 4 / 2.5 * 60 = 96 words a minute.
    expect(e.getWordsPerMinute()).toBe(96);
  });

  it('gives 0 words per minute for an instant entry', () => {
    expect(entry('hi there', 3, 3).getWordsPerMinute()).toBe(0);
  });

  it('merges an earlier entry by putting its text first', () => {
    const later = entry('world again', 4, 5, { confidence: 0.6 });
    const earlier = entry('hello', 1, 3, { confidence: 0.9 });

    later.mergeWith(earlier);

    expect(later.text).toBe('hello world again');
    expect(later.startTime).toBe(1);
    expect(later.endTime).toBe(5);
    expect(later.wordCount).toBe(3);
    // 0.9 over 2 s and 0.6 over 1 s: (1.8 + 0.6) / 3 = 0.8.
    expect(later.confidence).toBeCloseTo(0.8, 12);
  });

  it('merges a later entry after its own text', () => {
    const first = entry('a b', 0, 1, { confidence: 0.5 });
    const second = entry('c', 2, 5, { confidence: 1 });

    first.mergeWith(second);

    expect(first.text).toBe('a b c');
    expect([first.startTime, first.endTime]).toEqual([0, 5]);
    // (0.5 * 1 + 1 * 3) / 4 = 0.875.
    expect(first.confidence).toBeCloseTo(0.875, 12);
  });

  it('keeps the known confidence when the other has none', () => {
    const a = entry('x', 0, 1, { confidence: 0.7 });
    a.mergeWith(entry('y', 1, 2, { confidence: null }));
    expect(a.confidence).toBe(0.7);
  });

  it('refuses to merge entries of another session', () => {
    const other = new Session('retro');
    const foreign = new TranscriptEntry(other, 'x', 0, 1);
    foreign.speaker = 'Ada';
    const own = entry('y', 1, 2);

    const error = catchError(() => own.mergeWith(foreign));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'INVALID_VALUE', field: 'session' });
    expect(own.text).toBe('y');
  });

  it('refuses to merge entries of another speaker', () => {
    const own = entry('y', 1, 2);
    const error = catchError(() =>
      own.mergeWith(entry('x', 0, 1, { speaker: 'Grace' })),
    );

    expect(error).toMatchObject({ code: 'INVALID_VALUE', field: 'speaker' });
    expect((error as Error).message).toContain('Grace');
    expect([own.text, own.startTime, own.wordCount]).toEqual(['y', 1, 1]);
  });

  it('refuses to merge an entry into itself', () => {
    const e = entry('once', 0, 1);
    expect(fieldOf(() => e.mergeWith(e))).toBe('other');
    expect([e.text, e.wordCount]).toEqual(['once', 1]);
  });

  it('rejects out-of-range values, naming the field', () => {
    expect(
      fieldOf(() => entry('x', 0, 1, { confidence: 1.01 }).validate()),
    ).toBe('confidence');
    expect(
      fieldOf(() => entry('x', 0, 1, { confidence: -0.1 }).validate()),
    ).toBe('confidence');
    expect(fieldOf(() => entry('x', 5, 4).validate())).toBe('endTime');
    expect(fieldOf(() => entry('x', -1, 4).validate())).toBe('startTime');
    expect(() => entry('x', 0, 0, { confidence: 1 }).validate()).not.toThrow();
  });

  it('serialises to plain JSON with ISO dates', () => {
    const e = entry('hi', 0.5, 1.25, { confidence: 0.5, id: 7 });
    e.createdAt = new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999));

    expect(JSON.parse(JSON.stringify(e))).toEqual({
      id: 7,
      sessionId: expect.anything(),
      text: 'hi',
      speaker: 'Ada',
      startTime: 0.5,
      endTime: 1.25,
      confidence: 0.5,
      entryType: 'speech',
      language: null,
      wordCount: 1,
      createdAt: '2024-02-29T23:59:59.999Z',
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function fieldOf(run: () => unknown): string {
  return (catchError(run) as ValidationError).field;
}
