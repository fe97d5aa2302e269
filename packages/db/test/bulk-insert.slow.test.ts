import { createHash } from 'node:crypto';
import { Session, TranscriptEntry, ValidationError } from '@steno/models';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqliteConnection } from '../src/database-types.js';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

const COUNT = 100_000;

let t: TempDatabase;
let sessionId: number;

beforeAll(async () => {
  t = await openTempDatabase();
  sessionId = await t.sessions.withUnitOfWork(async (em) => {
    const session = new Session('bulk', new Date(0));
    em.persist(session);
    await em.flush();
    return session.id;
  });
});

afterAll(async () => t.cleanup());

/** Row i: text with i % 7 + 1 words, 1.5 s long, confidence in steps. */
function entryRow(i: number): Record<string, unknown> {
  const words = Array.from({ length: (i % 7) + 1 }, (_, w) => `w${i}-${w}`);
  return {
    session: sessionId,
    text: words.join(' '),
    speaker: `S${i % 5}`,
    startTime: i * 2,
    endTime: i * 2 + 1.5,
    confidence: (i % 101) / 100,
    wordCount: words.length,
  };
}

it('stores 100,000 entries that read back identical', async () => {
  const rows = Array.from({ length: COUNT }, (_, i) => entryRow(i));

  const result = await t.sessions.bulkInsert(TranscriptEntry, rows);

  expect(result.count).toBe(COUNT);
  expect((result.lastId ?? 0) - (result.firstId ?? 0) + 1).toBe(COUNT);
  const stored = await t.db.withConnection((c) =>
    allRows(
      c,
      'select text, speaker, start_time, end_time, confidence,' +
        ' word_count from transcript_entries order by id',
    ),
  );
  expect(stored.length).toBe(COUNT);
  expect(checksum(stored)).toBe(checksum(rows.map(asColumns)));

  // Sum of i % 7 + 1 over 0..99,999: 14,285 full cycles of 28, plus
  // 1 + 2 + 3 + 4 + 5 for the last five rows.
  const [sums] = await t.db.executeQuery<{ words: number }>(
    'select sum(word_count) as words from transcript_entries',
  );
  expect(sums?.words).toBe(14_285 * 28 + 15);
});

it('rolls the whole call back when a row in the middle is bad', async () => {
  const before = await count();
  const rows = Array.from({ length: 20_000 }, (_, i) => entryRow(i));
  rows[12_345] = { ...entryRow(12_345), confidence: 1.2 };

  const error = await t.sessions
    .bulkInsert(TranscriptEntry, rows)
    .catch((e: unknown) => e);

  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ field: 'confidence' });
  expect(await count()).toBe(before);
});

it('updates exactly the rows it is given', async () => {
  const before = await t.db.executeQuery<{ id: number; text: string }>(
    'select id, text from transcript_entries where id <= 5 order by id',
  );

  const changed = await t.sessions.bulkUpdate(TranscriptEntry, [
    { id: 2, text: 'second', confidence: 0.25 },
    { id: 4, speaker: null },
    { id: COUNT + 999, text: 'no such row' },
  ]);

  expect(changed).toBe(2);
  const after = await t.db.executeQuery(
    'select id, text, speaker, confidence from transcript_entries' +
      ' where id <= 5 order by id',
  );
  expect(after).toEqual([
    { id: 1, text: before[0]?.text, speaker: 'S0', confidence: 0 },
    { id: 2, text: 'second', speaker: 'S1', confidence: 0.25 },
    { id: 3, text: before[2]?.text, speaker: 'S2', confidence: 0.02 },
    { id: 4, text: before[3]?.text, speaker: null, confidence: 0.03 },
    { id: 5, text: before[4]?.text, speaker: 'S4', confidence: 0.04 },
  ]);
});

function asColumns(row: Record<string, unknown>): Record<string, unknown> {
  return {
    text: row.text,
    speaker: row.speaker,
    start_time: row.startTime,
    end_time: row.endTime,
    confidence: row.confidence,
    word_count: row.wordCount,
  };
}

function checksum(rows: Record<string, unknown>[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

async function count(): Promise<number> {
  const [row] = await t.db.executeQuery<{ n: number }>(
    'select count(*) as n from transcript_entries',
  );
  return row?.n ?? -1;
}

function allRows(
  connection: SqliteConnection,
  sql: string,
): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    connection.all(sql, [], (error, rows) =>
      error ? reject(error) : resolve(rows),
    );
  });
}
