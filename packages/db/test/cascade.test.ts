import {
  AnalysisResult,
  AnalysisType,
  FileInfo,
  Participant,
  Session,
  TranscriptEntry,
} from '@steno/models';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

const CHILD_TABLES = [
  'transcript_entries',
  'participants',
  'analysis_results',
  'file_infos',
];

let t: TempDatabase;
let doomed: number;
let kept: number;

beforeEach(async () => {
  t = await openTempDatabase();
  doomed = await createSessionWithChildren('doomed');
  kept = await createSessionWithChildren('kept');
});

afterEach(async () => t.cleanup());

it('removes every child when the unit of work removes a session', async () => {
  await t.sessions.withUnitOfWork(async (em) => {
    em.remove(await em.findOneOrFail(Session, doomed));
  });
  await expectOnlyKeptRemains();
});

it('removes every child when a loaded session is removed', async () => {
  await t.sessions.withUnitOfWork(async (em) => {
    const session = await em.findOneOrFail(Session, doomed, {
      populate: ['transcriptEntries', 'participants'],
    });
    em.remove(session);
  });
  await expectOnlyKeptRemains();
});

it('removes every child on a native delete', async () => {
  const deleted = await t.db.em().nativeDelete(Session, { id: doomed });
  expect(deleted).toBe(1);
  await expectOnlyKeptRemains();
});

it('removes every child on a raw SQL delete', async () => {
  await t.db.executeQuery('delete from sessions where id = ?', [doomed]);
  await expectOnlyKeptRemains();
});

/** A session with 3 entries, 2 participants, 1 analysis and 1 file. */
async function createSessionWithChildren(title: string): Promise<number> {
  return t.sessions.withUnitOfWork(async (em) => {
    const session = new Session(title, new Date(Date.UTC(2024, 0, 1)));
    session.transcriptEntries.add(
      new TranscriptEntry(session, 'a', 0, 1),
      new TranscriptEntry(session, 'b', 1, 2),
      new TranscriptEntry(session, 'c', 2, 3),
    );
    session.addParticipant(new Participant('Ada'));
    session.addParticipant(new Participant('Grace'));
    session.analysisResults.add(
      new AnalysisResult(session, AnalysisType.Summary, { summary: 'x' }),
    );
    session.files.add(new FileInfo(session, `/${title}.vtt`, 'vtt'));
    em.persist(session);
    await em.flush();
    return session.id;
  });
}

async function expectOnlyKeptRemains(): Promise<void> {
  const sessions = await t.db.executeQuery<{ id: number }>(
    'select id from sessions',
  );
  expect(sessions.map((row) => row.id)).toEqual([kept]);

  const counts: Record<string, unknown> = {};
  for (const table of CHILD_TABLES) {
    counts[table] = await t.db.executeQuery(
      `select session_id as s, count(*) as n from ${table} group by 1`,
    );
  }
  expect(counts).toEqual({
    transcript_entries: [{ s: kept, n: 3 }],
    participants: [{ s: kept, n: 2 }],
    analysis_results: [{ s: kept, n: 1 }],
    file_infos: [{ s: kept, n: 1 }],
  });
}
