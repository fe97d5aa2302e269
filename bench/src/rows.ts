import { countWords } from '@steno/models';
import { createRandom, pick, randomInt, type Random } from './random.js';
import type { TextGenerator } from './vocabulary.js';

/** A transcript entry as `bulkInsert` takes it: property names. */
export type EntryRow = {
  session: number;
  text: string;
  speaker: string;
  startTime: number;
  endTime: number;
  confidence: number;
  entryType: 'speech';
  language: string;
  wordCount: number;
  createdAt: Date;
};

const NAMES = [
  'Alice Moreau',
  'Bashir Okafor',
  'Chen Wei',
  'Dana Kowalski',
  'Emeka Adeyemi',
  'Freya Lind',
  'Gustavo Ramos',
  'Hana Sato',
];

/** The speakers of one session: 2 to 8 of the names above. */
export function pickSpeakers(random: Random): string[] {
  const count = randomInt(random, 2, NAMES.length);
  const start = randomInt(random, 0, NAMES.length - 1);
  return Array.from(
    { length: count },
    (_, i) => NAMES[(start + i) % NAMES.length] as string,
  );
}

/**
 * `count` consecutive cues of one session, each 1 to 3 sentences long and
 * stamped from `startMs` on, the way a recorder would write them.
 */
export function makeEntries(
  text: TextGenerator,
  sessionId: number,
  count: number,
  startMs: number,
  seed = sessionId,
): EntryRow[] {
  const random = createRandom(seed);
  const speakers = pickSpeakers(random);
  const rows: EntryRow[] = [];
  let clock = 0;
  for (let i = 0; i < count; i++) {
    const said = sentences(text, randomInt(random, 1, 3));
    const words = countWords(said);
    const seconds = 1 + words * 0.4;
    rows.push({
      session: sessionId,
      text: said,
      speaker: pick(random, speakers),
      startTime: round(clock),
      endTime: round(clock + seconds),
      confidence: round(0.6 + random() * 0.4),
      entryType: 'speech',
      language: 'en',
      wordCount: words,
      createdAt: new Date(startMs + Math.round((clock + seconds) * 1000)),
    });
    clock += seconds + random() * 1.5;
  }
  return rows;
}

/** The row as the columns of `transcript_entries` store it. */
export function entryColumns(row: EntryRow): unknown[] {
  return [
    row.session,
    row.text,
    row.speaker,
    row.startTime,
    row.endTime,
    row.confidence,
    row.entryType,
    row.language,
    row.wordCount,
    row.createdAt.getTime(),
  ];
}

export const ENTRY_INSERT_SQL =
  'insert into transcript_entries (session_id, text, speaker, start_time, ' +
  'end_time, confidence, entry_type, language, word_count, created_at) ' +
  'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

function sentences(text: TextGenerator, count: number): string {
  return Array.from({ length: count }, () => text.sentence()).join(' ');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
