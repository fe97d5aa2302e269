import {
  Participant,
  Session,
  SessionStatus,
  TranscriptEntry,
} from '@steno/models';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

let t: TempDatabase;

beforeEach(async () => {
  t = await openTempDatabase();
});

afterEach(async () => t.cleanup());

it('counts a participant added to a session loaded without them', async () => {
  const id = await t.sessions.withUnitOfWork(async (em) => {
    const session = new Session('sync', new Date(0));
    session.addParticipant(new Participant('Ada'));
    session.addParticipant(new Participant('Grace'));
    em.persist(session);
    await em.flush();
    return session.id;
  });

  await t.sessions.withUnitOfWork(async (em) => {
    const session = await em.findOneOrFail(Session, id);
    session.addParticipant(new Participant('Linus'));
  });

  const rows = await t.db.executeQuery(
    `select participant_count as stored,
       (select count(*) from participants where session_id = s.id) as rows
     from sessions s where id = ?`,
    [id],
  );
  expect(rows).toEqual([{ stored: 3, rows: 3 }]);
});

it('lists loaded entries by start time, ties by end time', async () => {
  const id = await t.sessions.withUnitOfWork(async (em) => {
    const session = new Session('order', new Date(0));
    for (const [text, start, end] of [
      ['third', 5, 6],
      ['second', 1, 2],
      ['first', 1, 1.5],
      ['fourth', 7.25, 9],
    ] as const) {
      session.transcriptEntries.add(
        new TranscriptEntry(session, text, start, end),
      );
    }
    em.persist(session);
    await em.flush();
    return session.id;
  });

  const em = t.db.em();
  const session = await em.findOneOrFail(Session, id, {
    populate: ['transcriptEntries'],
  });
  expect(session.getTranscriptEntriesInOrder().map((e) => e.text)).toEqual([
    'first',
    'second',
    'third',
    'fourth',
  ]);
});

it('computes participant figures against the stored session', async () => {
  const id = await t.sessions.withUnitOfWork(async (em) => {
    const session = new Session('figures', new Date(Date.UTC(2024, 0, 1)));
    session.endTime = new Date(Date.UTC(2024, 0, 1, 0, 20));
    session.status = SessionStatus.Completed;
    const ada = session.addParticipant(new Participant('Ada'));
    ada.speakingTime = 300;
    ada.wordCount = 700;
    em.persist(session);
    await em.flush();
    return ada.id;
  });

  const ada = await t.db
    .em()
    .findOneOrFail(Participant, id, { populate: ['session'] });
  // 300 s of a 20 min (1200 s) session is 25 %; 700 words in 5 min = 140.
  expect(ada.getSpeakingPercentage()).toBe(25);
  expect(ada.getWordsPerMinute()).toBe(140);
  expect(ada.session.isActive()).toBe(false);
  expect(ada.session.toJSON()).toMatchObject({
    startTime: '2024-01-01T00:00:00.000Z',
    endTime: '2024-01-01T00:20:00.000Z',
    duration: 1200,
    status: 'completed',
    participantCount: 1,
  });
});
