import { createRandom, pick, randomInt, type Random } from './random.js';

/**
 * Words in the order they were spoken, indexed by word, so text can be
 * generated one likely next word at a time.
 */
export interface Vocabulary {
  tokens: string[];
  followers: Map<string, number[]>;
}

/** Used only when no corpus is present, so the benchmark still runs. */
const FALLBACK_TEXT =
  'so the plan for this week is to finish the review and then we can ' +
  'talk about the budget for next quarter I think we should keep the ' +
  'meeting short because most of the team is out on Friday and we still ' +
  'need to decide who owns the release notes does anyone have a question ' +
  'about the schedule or should we move on to the next item on the list';

/** Builds the vocabulary from spoken text; the fallback when empty. */
export function buildVocabulary(text: string): Vocabulary {
  let tokens = tokenize(text);
  if (tokens.length < 10) tokens = tokenize(FALLBACK_TEXT);
  const followers = new Map<string, number[]>();
  tokens.forEach((word, at) => {
    const list = followers.get(word);
    if (list) list.push(at + 1);
    else followers.set(word, [at + 1]);
  });
  return { tokens, followers };
}

/** Lower-cased words, so generation never has to fold case. */
function tokenize(text: string): string[] {
  return (text.match(/[A-Za-z][A-Za-z']*/g) ?? []).map((word) =>
    word.toLowerCase(),
  );
}

/** Generates sentences whose word pairs all occur in the corpus. */
export class TextGenerator {
  private readonly random: Random;

  constructor(
    private readonly vocabulary: Vocabulary,
    seed = 1,
  ) {
    this.random = createRandom(seed);
  }

  /** One sentence of `min` to `max` words, capitalised and stopped. */
  sentence(min = 4, max = 28): string {
    const length = randomInt(this.random, min, max);
    const words: string[] = [];
    let word = pick(this.random, this.vocabulary.tokens);
    for (let i = 0; i < length; i++) {
      words.push(word);
      word = this.next(word);
    }
    const stop = this.random() < 0.15 ? '?' : '.';
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${stop}`;
  }

  private next(word: string): string {
    const tokens = this.vocabulary.tokens;
    const after = this.vocabulary.followers.get(word);
    const at = after ? pick(this.random, after) : tokens.length;
    return tokens[at] ?? pick(this.random, tokens);
  }
}
