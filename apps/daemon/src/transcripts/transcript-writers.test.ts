import { describe, expect, it } from 'vitest';
import { writeMarkdown } from './markdown-writer.js';
import { parseSrt } from './srt-parser.js';
import {
  writeJson,
  writeSrt,
  writeWebVtt,
  type ExportTranscript,
} from './transcript-writers.js';
import { parseWebVtt } from './webvtt-parser.js';
import { parseWhisperJson } from './whisper-json-parser.js';

const transcript: ExportTranscript = {
  sessionId: 7,
  title: 'Budget <draft>',
  startTime: new Date('2024-06-12T17:00:00.123Z'),
  language: 'en',
  cues: [
    {
      text: 'Fish & chips <b>: a --> b',
      speaker: 'Ann <A&B>',
      startMs: 1001,
      endMs: 2002,
      confidence: 0.5,
    },
    {
      text: 'two\n\nlines',
      speaker: 'Bob: the builder?',
      startMs: 3_600_000,
      endMs: 3_600_001,
      confidence: null,
    },
    {
      text: 'Bob again',
      speaker: 'Bob: the builder?',
      startMs: 3_600_500,
      endMs: 3_601_000,
      confidence: null,
    },
  ],
};

const plain = (cues: ReturnType<typeof parseSrt>['cues']) =>
  cues.map(({ text, speaker, startMs, endMs }) => ({
    text,
    speaker,
    startMs,
    endMs,
  }));

describe('writeWebVtt', () => {
  it('escapes text and names and uses voice tags', () => {
    expect(writeWebVtt(transcript)).toBe(
      'WEBVTT\nLanguage: en\n\n' +
        '00:00:01.001 --> 00:00:02.002\n' +
        '<v Ann &lt;A&amp;B&gt;>Fish &amp; chips &lt;b&gt;: a --&gt; b\n\n' +
        '01:00:00.000 --> 01:00:00.001\n<v Bob: the builder?>two\nlines\n\n' +
        '01:00:00.500 --> 01:00:01.000\n<v Bob: the builder?>Bob again\n',
    );
  });

  it('reads back as written, blank line aside', () => {
    const back = parseWebVtt(writeWebVtt(transcript), 'x.vtt');
    expect(back.language).toBe('en');
    expect(plain(back.cues)).toEqual(
      plain(
        transcript.cues.map((cue, index) => ({
          ...cue,
          text: index === 1 ? 'two\nlines' : cue.text,
          line: 0,
        })),
      ),
    );
  });
});

describe('writeSrt', () => {
  it('brackets a name that would not read back as a plain label', () => {
    const text = writeSrt(transcript);
    expect(text).toBe(
      '1\n00:00:01,001 --> 00:00:02,002\n' +
        '[Ann <A&B>]: Fish & chips <b>: a --> b\n\n' +
        '2\n01:00:00,000 --> 01:00:00,001\n' +
        '[Bob: the builder?]: two\nlines\n\n' +
        '3\n01:00:00,500 --> 01:00:01,000\n[Bob: the builder?]: Bob again\n',
    );
  });

  it('reads back plain names as plain labels', () => {
    const named = {
      ...transcript,
      cues: [{ ...transcript.cues[2]!, speaker: 'Felix (Geth)' }],
    };
    expect(writeSrt(named)).toContain('\nFelix (Geth): Bob again\n');
    const back = parseSrt(writeSrt(named), 'x.srt').cues;
    expect(back[0]).toMatchObject({
      speaker: 'Felix (Geth)',
      text: 'Bob again',
    });
  });
});

describe('writeJson', () => {
  it('writes seconds, and the title and start time import restores', () => {
    const text = writeJson(transcript);
    const data = JSON.parse(text);
    expect(data.steno).toEqual({
      sessionId: 7,
      title: 'Budget <draft>',
      startTime: '2024-06-12T17:00:00.123Z',
    });
    expect(data.segments[0]).toEqual({
      id: 0,
      start: 1.001,
      end: 2.002,
      text: 'Fish & chips <b>: a --> b',
      speaker: 'Ann <A&B>',
      confidence: 0.5,
    });
    const back = parseWhisperJson(text, 'x.json');
    expect(back.title).toBe('Budget <draft>');
    expect(back.startTime?.toISOString()).toBe('2024-06-12T17:00:00.123Z');
    expect(plain(back.cues)).toEqual(
      plain(transcript.cues.map((c) => ({ ...c, line: 0 }))),
    );
  });
});

describe('writeMarkdown', () => {
  it('writes one paragraph per turn with its start', () => {
    expect(writeMarkdown(transcript)).toBe(
      '# Budget <draft>\n\n' +
        'Started 2024-06-12T17:00:00.123Z, lasted 1:00:01.\n\n' +
        '**Ann <A&B>** [0:01]\n\nFish & chips <b>: a --> b\n\n' +
        '**Bob: the builder?** [1:00:00]\n\ntwo lines Bob again\n',
    );
  });
});
