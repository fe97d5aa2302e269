import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusPath } from '../../test/fixtures/transcript-corpus.js';
import { parseWebVtt } from './webvtt-parser.js';

function corpusText(name: string): string | null {
  const file = CORPUS.find((entry) => entry.name === name);
  const path = file ? corpusPath(file) : null;
  return path ? readFileSync(path, 'utf8').replace(/^\uFEFF/u, '') : null;
}

const zoom = corpusText('ethereum-acde-233-2026-03-26.zoom.vtt');
const panel = corpusText('talkpython-532-year-in-review-panel.vtt');
const boston = corpusText('boston-city-council-2022.captions.vtt') ?? '';
const seattle =
  corpusText('seattle-council-briefing-2021-08-02.captions.vtt') ?? '';
const catalan = corpusText('catalan-two-speakers.whisper-ctranslate2.vtt');

describe('parseWebVtt on the corpus', () => {
  it.skipIf(zoom === null)('reads Zoom `Name: text` cues (CRLF)', () => {
    const { cues } = parseWebVtt(zoom as string, 'zoom.vtt');
    expect(cues).toHaveLength(678);
    expect(cues[0]).toMatchObject({
      speaker: 'Guillaume',
      text: 'Hello.',
      startMs: 244_470,
      endMs: 245_530,
    });
    const count = (name: string) =>
      cues.filter((cue) => cue.speaker === name).length;
    expect(count('Marius van der Wijden')).toBe(98);
    expect(count('Marius Van Der Wijden (M)')).toBe(1);
    expect(count('Zoom user')).toBe(5);
    for (const name of ['Felix (Geth)', 'Lumi | Offchain Labs']) {
      expect(count(name)).toBeGreaterThan(0);
    }
    expect(count('Toni Wahrstätter')).toBeGreaterThan(0);
    expect(count('Łukasz Rozmej')).toBeGreaterThan(0);
    expect(cues.some((cue) => cue.text.includes('\u2026'))).toBe(true);
    expect(cues.some((cue) => cue.text.includes('\r'))).toBe(false);
  });

  it.skipIf(panel === null)('reads unclosed <v Name> voice tags', () => {
    const { cues } = parseWebVtt(panel as string, 'panel.vtt');
    expect(cues).toHaveLength(1236);
    expect(cues[0]).toMatchObject({
      speaker: 'Michael Kennedy',
      text: 'Python in 2025 is a delightfully refreshing place.',
      startMs: 20,
      endMs: 3540,
    });
    const speakers = new Set(cues.map((cue) => cue.speaker));
    expect(speakers.size).toBe(7);
    expect(speakers.has('Thomas Wourters')).toBe(true);
  });

  it('keeps the empty zero-length first cue of the Boston captions', () => {
    const { cues } = parseWebVtt(boston, 'boston.vtt');
    expect(cues).toHaveLength(1130);
    expect(cues[0]).toMatchObject({ text: '', startMs: 0, endMs: 0 });
    expect(cues[1]).toMatchObject({
      text: "uh uh,\nI'm the city councilor for",
      speaker: null,
      startMs: 40_337,
      endMs: 42_272,
    });
    expect(cues.filter((cue) => cue.text.includes('\n'))).toHaveLength(930);
    expect(cues.every((cue) => cue.speaker === null)).toBe(true);
  });

  it('drops cue settings and decodes &gt; in the Seattle captions', () => {
    const { cues } = parseWebVtt(seattle, 'seattle.vtt');
    expect(cues).toHaveLength(36);
    expect(cues[0]).toMatchObject({
      text: '>>> GOOD MORNING\nEVERYONE.',
      startMs: 5872,
      endMs: 9409,
      speaker: null,
    });
    const lines = cues.flatMap((cue) => cue.text.split('\n'));
    expect(lines.filter((line) => line.startsWith('>>'))).toHaveLength(17);
    expect(cues.filter((cue) => cue.text.includes('\n'))).toHaveLength(15);
    expect(lines.some((line) => line.includes('align:'))).toBe(false);
    expect(cues.at(-1)).toMatchObject({ startMs: 67_267, endMs: 72_972 });
  });

  it.skipIf(catalan === null)('reads hour-less [SPEAKER_nn]: cues', () => {
    const { cues } = parseWebVtt(catalan as string, 'catalan.vtt');
    expect(cues).toHaveLength(14);
    expect(cues[0]).toMatchObject({
      speaker: 'SPEAKER_01',
      text: 'Hola, bon dia, com et dius?',
      startMs: 0,
      endMs: 2000,
    });
    expect(cues[3]?.text).toBe("Doncs jo soc de l'Explorat Francolí,");
    expect(cues.at(-1)).toMatchObject({ startMs: 32_000, endMs: 34_000 });
  });
});

describe('parseWebVtt on the rest of the format', () => {
  const sample = [
    'WEBVTT - a meeting',
    'Kind: captions',
    'Language: en',
    '',
    'NOTE written by hand',
    'over two lines -- no cue here',
    '',
    'STYLE',
    '::cue { color: yellow }',
    '',
    'intro',
    '00:00:01.000 --> 00:00:02.500 align:start',
    '<v.loud Ann Lee>Fish &amp; chips &#233;&#x00E9;</v>',
    '',
    '00:02.500 --> 00:04.000',
    '<v Juanita Gomez:><i>Yes</i> <00:03.000>please',
    '',
    '00:00:04.000 --> 00:00:05.000',
    'no voice tag here',
    '',
  ].join('\n');

  it('skips NOTE and STYLE blocks and reads voice tag variants', () => {
    const transcript = parseWebVtt(sample, 'sample.vtt');
    expect(transcript.language).toBe('en');
    expect(transcript.cues).toEqual([
      {
        text: 'Fish & chips éé',
        speaker: 'Ann Lee',
        startMs: 1000,
        endMs: 2500,
        confidence: null,
        line: 12,
      },
      {
        text: 'Yes please',
        speaker: 'Juanita Gomez',
        startMs: 2500,
        endMs: 4000,
        confidence: null,
        line: 15,
      },
      {
        text: 'no voice tag here',
        speaker: null,
        startMs: 4000,
        endMs: 5000,
        confidence: null,
        line: 18,
      },
    ]);
  });

  it('does not take a colon in unlabelled captions for a speaker', () => {
    const text = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:02.000',
      'Here is the thing: we vote at noon',
      '',
      '00:00:02.000 --> 00:00:03.000',
      'and nobody objected',
      '',
      '00:00:03.000 --> 00:00:04.000',
      'so it passed',
    ].join('\n');
    const { cues } = parseWebVtt(text, 'plain.vtt');
    expect(cues.map((cue) => cue.speaker)).toEqual([null, null, null]);
    expect(cues[0]?.text).toBe('Here is the thing: we vote at noon');
  });

  it.each([
    ['no header', 'hello\n\n00:01.000 --> 00:02.000\nhi', 1, /WEBVTT/u],
    [
      'a malformed timestamp',
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n' +
        '00:00:0x.000 --> 00:00:03.000\nbad',
      6,
      /malformed timestamp "00:00:0x.000"/u,
    ],
    [
      'minutes over 59',
      'WEBVTT\n\n00:61:00.000 --> 01:02:00.000\nbad',
      3,
      /malformed timestamp "00:61:00.000"/u,
    ],
    [
      'a cue ending before it starts',
      'WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nbackwards',
      3,
      /ends \(4 s\) before it starts \(5 s\)/u,
    ],
    [
      'a missing blank line',
      'WEBVTT\n\n00:01.000 --> 00:02.000\none\n00:02.000 --> 00:03.000\ntwo',
      5,
      /add a blank line/u,
    ],
    ['no cues at all', 'WEBVTT\n\nNOTE nothing else\n', 4, /no cues/u],
    [
      'text where a timing belongs',
      'WEBVTT\n\n1\nnot a timing\nhello',
      4,
      /expected a cue timing line/u,
    ],
  ])('rejects %s, naming the line', (_, text, line, message) => {
    const call = () => parseWebVtt(text, 'bad.vtt');
    expect(call).toThrow(message);
    expect(call).toThrow(`bad.vtt line ${line}:`);
  });
});
