import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusPath } from '../../test/fixtures/transcript-corpus.js';
import { parseWhisperJson, segmentConfidence } from './whisper-json-parser.js';

function corpusText(name: string): string | null {
  const file = CORPUS.find((entry) => entry.name === name);
  const path = file ? corpusPath(file) : null;
  return path ? readFileSync(path, 'utf8') : null;
}

const whisperx = corpusText('seattle-school-board-excerpt.whisperx.json');
const catalan = corpusText('catalan-two-speakers.whisper-ctranslate2.json');
const apollo = corpusText('apollo11-air-to-ground.whisper-timestamped.json');

describe('parseWhisperJson on the corpus', () => {
  it('reads WhisperX segments, speakers and word scores', () => {
    const transcript = parseWhisperJson(whisperx as string, 'x.json');
    const { cues } = transcript;
    expect(transcript.language).toBe('en');
    expect(cues).toHaveLength(97);
    expect(cues[0]).toMatchObject({
      text:
        'of audit and finance will read the audit announcement into ' +
        'the record.',
      speaker: 'SPEAKER_11',
      startMs: 369,
      endMs: 7993,
    });
    // Mean of the 12 word scores of segment 0, summed by hand in Python.
    expect(cues[0]?.confidence).toBeCloseTo(0.8240833, 6);
    // Segment 1 has the word "13" with no score: the mean is of the other 18.
    expect(cues[1]?.confidence).toBeCloseTo(0.8365, 6);
    expect(cues[67]?.confidence).toBeCloseTo(0.7, 6);
    expect(cues[75]?.text).toBe(
      "And I say that as the person who said oh it's just $1.9 million.",
    );
    const speakers = new Set(cues.map((cue) => cue.speaker));
    expect([...speakers].sort()).toEqual([
      'SPEAKER_02',
      'SPEAKER_11',
      'SPEAKER_18',
      'SPEAKER_22',
    ]);
    expect(cues.at(-1)?.endMs).toBe(734_482);
  });

  it('turns avg_logprob into exp(avg_logprob) when words are null', () => {
    const { cues, language } = parseWhisperJson(catalan as string, 'c.json');
    expect(language).toBe('ca');
    // exp(-0.16315689001504968), computed with Python's math.exp.
    expect(cues[0]?.confidence).toBeCloseTo(0.8494579065, 9);
    expect(cues[0]?.text).toBe('Hola, bon dia, com et dius?');
    expect(cues[3]?.text).toBe("Doncs jo soc de l'Explorat Francolí,");
  });

  it.skipIf(apollo === null)('prefers whisper-timestamped confidence', () => {
    const { cues } = parseWhisperJson(apollo as string, 'a.json');
    expect(cues).toHaveLength(49);
    expect(cues[0]).toMatchObject({
      startMs: 540,
      endMs: 6660,
      confidence: 0.578,
      speaker: null,
    });
    expect(cues.filter((cue) => cue.text === 'Yeah, sir.')).toHaveLength(4);
  });
});

describe('segmentConfidence', () => {
  it('clamps exp(avg_logprob) to 1', () => {
    expect(segmentConfidence({ avg_logprob: 0.5 })).toBe(1);
  });

  it('averages word confidences and probabilities, skipping gaps', () => {
    const words = [
      { text: 'a', confidence: 0.5 },
      { word: 'b', probability: 0.25 },
      { word: '13' },
    ];
    expect(segmentConfidence({ words })).toBe(0.375);
  });

  it('keeps a null speaker and confidence as not given', () => {
    const text =
      '{"segments": [{"start": 0, "end": 1, "text": "ok", ' +
      '"speaker": null, "confidence": null}]}';
    const [cue] = parseWhisperJson(text, 'ok.json').cues;
    expect(cue).toMatchObject({ speaker: null, confidence: null });
  });

  it('is null when the segment carries nothing', () => {
    expect(segmentConfidence({ words: null })).toBeNull();
  });
});

describe('parseWhisperJson on bad input', () => {
  const twoSegments = (second: string) =>
    [
      '{',
      '  "segments": [',
      '    {"start": 0, "end": 1, "text": "ok"},',
      `    ${second}`,
      '  ]',
      '}',
    ].join('\n');

  it.each([
    [
      'a segment ending before it starts',
      twoSegments('{"start": 5, "end": 4.5, "text": "no"}'),
      4,
      /ends \(4.5 s\) before it starts \(5 s\)/u,
    ],
    [
      'a start that is not a number',
      twoSegments('{"start": "0:05", "end": 6, "text": "no"}'),
      4,
      /segments\[1\]\.start must be a number of seconds >= 0, got "0:05"/u,
    ],
    [
      'a missing text',
      twoSegments('{"start": 5, "end": 6}'),
      4,
      /segments\[1\]\.text must be a string/u,
    ],
    [
      'broken JSON',
      twoSegments('{"start": 5, "end": 6, "text": "no"'),
      5,
      /invalid JSON/u,
    ],
    [
      'a speaker that is not a string',
      twoSegments('{"start": 5, "end": 6, "text": "no", "speaker": 42}'),
      4,
      /segments\[1\]\.speaker must be a string, got 42/u,
    ],
    [
      'a confidence below 0',
      twoSegments('{"start": 5, "end": 6, "text": "no", "confidence": -3}'),
      4,
      /segments\[1\]\.confidence must be a number from 0 to 1, got -3/u,
    ],
    [
      'a confidence that is text',
      twoSegments('{"start": 5, "end": 6, "text": "no", "confidence": "hi"}'),
      4,
      /segments\[1\]\.confidence must be a number from 0 to 1, got "hi"/u,
    ],
    [
      'an end too large to be finite, described rather than shown as null',
      twoSegments('{"start": 5, "end": 1e309, "text": "no"}'),
      4,
      /segments\[1\]\.end must be .*, got a number too large to be finite/u,
    ],
    ['no segments array', '{\n  "text": "hello"\n}', 1, /"segments" array/u],
    ['an empty segments array', '{"segments": []}', 1, /no cues/u],
  ])('rejects %s, naming the line', (_, text, line, message) => {
    const call = () => parseWhisperJson(text, 'bad.json');
    expect(call).toThrow(message);
    expect(call).toThrow(`bad.json line ${line}:`);
  });
});
