import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusPath } from '../../test/fixtures/transcript-corpus.js';
import { parseSrt } from './srt-parser.js';
import { parseWebVtt } from './webvtt-parser.js';
import { parseWhisperJson } from './whisper-json-parser.js';

function corpusText(name: string): string | null {
  const file = CORPUS.find((entry) => entry.name === name);
  const path = file ? corpusPath(file) : null;
  return path ? readFileSync(path, 'utf8') : null;
}

const nicegui = corpusText('talkpython-525-nicegui-named-speakers.srt');
const catalan = (ext: string) =>
  corpusText(`catalan-two-speakers.whisper-ctranslate2.${ext}`) ?? '';

describe('parseSrt on the corpus', () => {
  it.skipIf(nicegui === null)('reads `Name: text` cues', () => {
    const { cues } = parseSrt(nicegui as string, 'nicegui.srt');
    expect(cues).toHaveLength(770);
    expect(cues[0]).toMatchObject({
      speaker: 'Michael Kennedy',
      text: 'Falko, Radja, welcome to Talk Python To Me.',
      startMs: 1479,
      endMs: 4400,
    });
    expect(cues[6]).toMatchObject({
      speaker: 'Rodja',
      text: 'Falko RAJIA: Thank you for having us.',
    });
    const labels = new Set(cues.map((cue) => cue.speaker));
    expect([...labels].sort()).toEqual([
      'Falko',
      'Michael Kennedy',
      'Rodja',
      'Speaker 3',
    ]);
    const unresolved = cues.filter((cue) => cue.speaker === 'Speaker 3');
    expect(unresolved).toHaveLength(33);
    expect(cues.at(-1)).toMatchObject({ startMs: 4_707_600, endMs: 4_707_880 });
  });

  it('reads [SPEAKER_nn]: cues like the VTT and JSON of the same run', () => {
    const srt = parseSrt(catalan('srt'), 'catalan.srt').cues;
    const vtt = parseWebVtt(catalan('vtt'), 'catalan.vtt').cues;
    const json = parseWhisperJson(catalan('json'), 'catalan.json').cues;
    const plain = (cues: typeof srt) =>
      cues.map(({ text, speaker, startMs, endMs }) => ({
        text,
        speaker,
        startMs,
        endMs,
      }));
    expect(srt).toHaveLength(14);
    expect(srt[6]).toMatchObject({
      speaker: 'SPEAKER_01',
      text: "I quan és l'últim cop que vas anar-hi?",
      startMs: 13_000,
      endMs: 17_000,
    });
    expect(plain(srt)).toEqual(plain(vtt));
    expect(plain(srt)).toEqual(plain(json));
  });
});

describe('parseSrt on the rest of the format', () => {
  it('drops tags, keeps entities, reads a cue without text', () => {
    const text =
      '\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Tom &amp; Jerry</i>\r\n' +
      '{\\an8}second line\r\n\r\n2\r\n00:00:02,000 --> 00:00:02,000\r\n';
    const { cues } = parseSrt(text, 'tags.srt');
    expect(cues).toEqual([
      {
        text: 'Tom &amp; Jerry\nsecond line',
        speaker: null,
        startMs: 1000,
        endMs: 2000,
        confidence: null,
        line: 2,
      },
      {
        text: '',
        speaker: null,
        startMs: 2000,
        endMs: 2000,
        confidence: null,
        line: 7,
      },
    ]);
  });

  it.each([
    [
      'a malformed timestamp',
      '1\n00:00:01,000 --> 00:00:02,000\nok\n\n' +
        '2\n00:00:02;000 --> 00:00:03,000\nbad',
      6,
      /malformed timestamp "00:00:02;000"/u,
    ],
    [
      'a cue ending before it starts',
      '1\n00:00:09,000 --> 00:00:08,500\nbackwards',
      2,
      /ends \(8.5 s\) before it starts \(9 s\)/u,
    ],
    [
      'a block that is not a cue',
      '1\n00:00:01,000 --> 00:00:02,000\nok\n\nhello there\nfriend',
      5,
      /expected a cue number or timing line, found "hello there"/u,
    ],
    ['a number without a timing', '1\nhello', 2, /expected a cue timing line/u],
  ])('rejects %s, naming the line', (_, text, line, message) => {
    const call = () => parseSrt(text, 'bad.srt');
    expect(call).toThrow(message);
    expect(call).toThrow(`bad.srt line ${line}:`);
  });
});
