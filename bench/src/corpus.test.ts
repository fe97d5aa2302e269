import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCorpus, spokenText } from './corpus.js';

describe('spokenText', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'steno-bench-corpus-'));
    const vtt = [
      'WEBVTT',
      '',
      '1',
      '00:00:01.000 --> 00:00:02.500',
      'Alice Moreau: Good morning everyone.',
      '',
      '2',
      '00:00:03.000 --> 00:00:04.000',
      '<v Bashir>Shall we start?</v>',
    ].join('\n');
    writeFileSync(join(dir, 'a.vtt'), vtt);
    const segments = [{ text: ' First part.' }, { text: ' Second part.' }];
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ segments }));
    writeFileSync(join(dir, 'notes.txt'), 'not a transcript');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps only the words of a WebVTT file', () => {
    const words = spokenText(join(dir, 'a.vtt')).split(/\s+/).filter(Boolean);
    expect(words).toEqual([
      'Good',
      'morning',
      'everyone.',
      'Shall',
      'we',
      'start?',
    ]);
  });

  it('joins the segment texts of a Whisper JSON file', () => {
    const text = spokenText(join(dir, 'b.json')).replace(/\s+/g, ' ');
    expect(text.trim()).toBe('First part. Second part.');
  });

  it('takes STENO_CORPUS first and skips files that are no transcript', () => {
    const shared = 'boston-city-council-2022.captions.vtt';
    writeFileSync(join(dir, shared), 'WEBVTT\n');
    const files = findCorpus({ STENO_CORPUS: dir });
    const names = files.map((file) => file.name);
    expect(names).toEqual(expect.arrayContaining(['a.vtt', 'b.json']));
    expect(names).not.toContain('notes.txt');
    const boston = files.filter((file) => file.name === shared);
    expect(boston.map((file) => file.path)).toEqual([join(dir, shared)]);
  });
});
