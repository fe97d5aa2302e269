import { Session, TranscriptEntry, ValidationError } from '@steno/models';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

let t: TempDatabase;
let sessionId: number;

beforeAll(async () => {
  t = await openTempDatabase();
  const result = await t.sessions.bulkInsert(Session, [
    { title: 'bulk', startTime: new Date(0) },
  ]);
  sessionId = result.firstId ?? 0;
});

afterAll(async () => t.cleanup());

function entry(i: number): Record<string, unknown> {
  return { session: sessionId, text: `t${i}`, startTime: i, endTime: i };
}

it('refuses a row key that is not a column, naming key and row', async () => {
  const rows = [entry(0), entry(1), { ...entry(2), speakr: 'Ada' }];

  const error = await t.sessions
    .bulkInsert(TranscriptEntry, rows)
    .catch((e: unknown) => e);

  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toBe(
    'speakr: is not a column of TranscriptEntry (row 2)',
  );
  expect(await t.db.countRows()).toMatchObject({ transcript_entries: 0 });
});

it('refuses an update of a key that is not a column', async () => {
  const error = await t.sessions
    .bulkUpdate(Session, [{ id: sessionId, titel: 'typo' }])
    .catch((e: unknown) => e);

  expect(error).toMatchObject({ code: 'INVALID_VALUE', field: 'titel' });
  const [row] = await t.db.executeQuery('select title from sessions');
  expect(row).toEqual({ title: 'bulk' });
});

it('reads its own uncommitted rows inside one bulk write', async () => {
  const seen = await t.sessions.bulkWrite(async (writer) => {
    await writer.insert('TranscriptEntry', [entry(5), entry(6)]);
    return writer.select<{ n: number }>(
      'select count(*) as n from transcript_entries where session_id = ?',
      [sessionId],
    );
  });

  expect(seen).toEqual([{ n: 2 }]);
});

it('rolls back every write of a bulk write that throws', async () => {
  const before = await t.db.countRows();

  const error = await t.sessions
    .bulkWrite(async (writer) => {
      await writer.insert('TranscriptEntry', [entry(7)]);
      await writer.update('Session', [{ id: sessionId, title: 'changed' }]);
      throw new Error('caller gave up');
    })
    .catch((e: unknown) => e);

  expect((error as Error).message).toBe('caller gave up');
  expect(await t.db.countRows()).toEqual(before);
  const [row] = await t.db.executeQuery('select title from sessions');
  expect(row).toEqual({ title: 'bulk' });
});
