import { describe, expect, it } from 'vitest';
import {
  decodeEntities,
  labelsAreSpeakers,
  splitSpeakerLabel,
  stripTags,
  voiceTagSpeaker,
} from './cue-text.js';

describe('splitSpeakerLabel', () => {
  it.each([
    ['Lumi | Offchain Labs: gm', 'Lumi | Offchain Labs', 'gm'],
    ['Marius Van Der Wijden (M): yes', 'Marius Van Der Wijden (M)', 'yes'],
    ['Łukasz Rozmej: ok', 'Łukasz Rozmej', 'ok'],
    ['[SPEAKER_00]: Avui feia sol', 'SPEAKER_00', 'Avui feia sol'],
    ['Rodja: Falko RAJIA: Thank you', 'Rodja', 'Falko RAJIA: Thank you'],
  ])('splits %j', (text, speaker, rest) => {
    expect(splitSpeakerLabel(text)).toEqual({ speaker, rest });
  });

  it.each([
    'THE TIME IS 9:31 A.M.',
    'and that will be from 10:00',
    'Really?: yes',
    '"Quoted": no',
    'one two three four five six seven: words',
    'Name:no space',
    ' Leading space: no',
  ])('leaves %j alone', (text) => {
    expect(splitSpeakerLabel(text)).toBeNull();
  });
});

describe('labelsAreSpeakers', () => {
  it('needs a label on at least half the cues with text', () => {
    expect(labelsAreSpeakers(['Ann: hi', 'Bob: yo', 'plain', ''])).toBe(true);
    expect(labelsAreSpeakers(['Note: later', 'plain', 'more'])).toBe(false);
    expect(labelsAreSpeakers([''])).toBe(false);
  });
});

describe('voiceTagSpeaker and stripTags', () => {
  it.each([
    ['<v Brett Cannon>text', 'Brett Cannon'],
    ['<v.loud.fast Ann>hey</v>', 'Ann'],
    ['<v Juanita Gomez:>hi', 'Juanita Gomez'],
    ['<v Tom &amp; Jerry>hi', 'Tom & Jerry'],
    ['<v>nobody', null],
    ['no tag', null],
  ])('reads the speaker of %j', (payload, speaker) => {
    expect(voiceTagSpeaker(payload)).toBe(speaker);
  });

  it('strips WebVTT and SubRip markup', () => {
    expect(stripTags('<c.red><i>a</i></c> <00:01.000>b {\\an8}c')).toBe(
      'a b c',
    );
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric references and keeps unknown ones', () => {
    expect(decodeEntities('&gt;&gt; A &amp; B &#233; &#xE9; &bogus;')).toBe(
      '>> A & B é é &bogus;',
    );
  });
});
