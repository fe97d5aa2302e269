const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};

const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu;
const VOICE_TAG = /<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/u;
const ANY_TAG = /<[^>\n]*>/gu;
const BRACKET_LABEL = /^\[([^\]\n]{1,64})\]:[ \t]+/u;
const NAME_LABEL = /^([^:\n]{1,64}?):[ \t]+/u;
const NOT_IN_NAMES = /["<>?![\]{}]/u;
const MAX_NAME_WORDS = 6;

/** Replaces HTML character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Escapes the three characters WebVTT cue text may not hold raw. */
export function encodeEntities(text: string): string {
  return text
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;');
}

/**
 * The name in the first `<v Name>` voice tag, closed or not; a trailing
 * colon (`<v Juanita Gomez:>`) is dropped. Null without a named tag.
 */
export function voiceTagSpeaker(payload: string): string | null {
  const name = VOICE_TAG.exec(payload)?.[1]?.trim().replace(/:$/u, '');
  return name ? decodeEntities(name.trim()) : null;
}

/** Removes markup tags (`<v>`, `<i>`, `<c.x>`, `<00:01.000>`, `{\an8}`). */
export function stripTags(text: string): string {
  return text.replace(ANY_TAG, '').replace(/\{\\[^}\n]*\}/gu, '');
}

/** A leading `Name: ` or `[SPEAKER_00]: ` label and the text after it. */
export interface SpeakerLabel {
  speaker: string;
  rest: string;
}

/**
 * Splits a leading speaker label off cue text. A plain label must look
 * like a name (at most six words, no quotes, brackets or ?/!) so that
 * "Note: the vote is at noon" in unlabelled captions is less likely to
 * be taken for a speaker; files decide with {@link labelsAreSpeakers}.
 */
export function splitSpeakerLabel(text: string): SpeakerLabel | null {
  const bracket = BRACKET_LABEL.exec(text);
  if (bracket?.[1]?.trim()) {
    return {
      speaker: bracket[1].trim(),
      rest: text.slice(bracket[0].length),
    };
  }
  const plain = NAME_LABEL.exec(text);
  const name = plain?.[1];
  if (!plain || !name || name !== name.trim()) return null;
  if (NOT_IN_NAMES.test(name)) return null;
  if (name.split(/\s+/u).length > MAX_NAME_WORDS) return null;
  return { speaker: name, rest: text.slice(plain[0].length) };
}

/**
 * Name prefixes count as speakers only when at least half the cues with
 * text carry one: a colon in a few unlabelled captions is not a speaker.
 */
export function labelsAreSpeakers(texts: readonly string[]): boolean {
  const spoken = texts.filter((text) => text.trim() !== '');
  const labelled = spoken.filter((text) => splitSpeakerLabel(text));
  return spoken.length > 0 && labelled.length * 2 >= spoken.length;
}
