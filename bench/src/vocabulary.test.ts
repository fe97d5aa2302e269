import { describe, expect, it } from 'vitest';
import { buildVocabulary, TextGenerator } from './vocabulary.js';

const SPOKEN =
  'the cat sat on the mat and the dog sat on the rug while the cat ' +
  'watched the dog and the dog watched the cat sit on the mat again ' +
  'because the rug was wet and the mat was dry and warm in the sun';

describe('TextGenerator', () => {
  const vocabulary = buildVocabulary(SPOKEN);
  const pairs = new Set(
    SPOKEN.split(' ').map((word, i, all) => `${word} ${all[i + 1]}`),
  );

  it('only strings together word pairs that occur in the corpus', () => {
    const generator = new TextGenerator(vocabulary, 7);
    for (let n = 0; n < 50; n++) {
      const words = generator
        .sentence(3, 12)
        .toLowerCase()
        .replace(/[.?]$/, '')
        .split(' ');
      for (let i = 0; i + 1 < words.length; i++) {
        const pair = `${words[i]} ${words[i + 1]}`;
        const wrapped = words[i] === 'sun';
        expect(pairs.has(pair) || wrapped).toBe(true);
      }
    }
  });

  it('keeps sentence length within the bounds asked for', () => {
    const generator = new TextGenerator(vocabulary, 3);
    for (let n = 0; n < 50; n++) {
      const count = generator.sentence(5, 9).split(' ').length;
      expect(count).toBeGreaterThanOrEqual(5);
      expect(count).toBeLessThanOrEqual(9);
    }
  });

  it('gives the same text for the same seed', () => {
    const a = new TextGenerator(vocabulary, 42).sentence();
    const b = new TextGenerator(vocabulary, 42).sentence();
    expect(a).toBe(b);
  });
});

describe('buildVocabulary', () => {
  it('falls back to built-in text when the corpus is missing', () => {
    const vocabulary = buildVocabulary('');
    expect(vocabulary.tokens.length).toBeGreaterThan(50);
  });
});
