import {
  AnalysisResult,
  AnalysisType,
  FileInfo,
  Participant,
  Session,
  TranscriptEntry,
  ValidationError,
} from '@steno/models';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

/** One out-of-range value, as entity fields and as raw columns. */
interface BadValue {
  entity: typeof Session | typeof TranscriptEntry | typeof Participant;
  table: string;
  field: string;
  /** Entity property values on top of a valid row. */
  props: Record<string, unknown>;
}

const CASES: BadValue[] = [
  entryCase('confidence', { confidence: 1.5 }),
  entryCase('confidence', { confidence: -0.01 }),
  entryCase('endTime', { startTime: 5, endTime: 4.999 }),
  entryCase('startTime', { startTime: -1, endTime: 1 }),
  entryCase('wordCount', { wordCount: -1 }),
  participantCase('engagementLevel', { engagementLevel: 1.01 }),
  participantCase('engagementLevel', { engagementLevel: -0.5 }),
  participantCase('sentimentScore', { sentimentScore: 1.5 }),
  participantCase('speakingTime', { speakingTime: -2 }),
  participantCase('wordCount', { wordCount: -1 }),
  participantCase('interruptions', { interruptions: -1 }),
  participantCase('questionsAsked', { questionsAsked: -3 }),
  analysisCase('confidence', { confidence: 2 }),
  analysisCase('processingTime', { processingTime: -0.1 }),
  fileCase('fileSize', { fileSize: -1 }),
  sessionCase('duration', { duration: -60 }),
  sessionCase('participantCount', { participantCount: -1 }),
  sessionCase('endTime', {
    startTime: new Date(10_000),
    endTime: new Date(9_999),
  }),
];

type Props = Record<string, unknown>;

let t: TempDatabase;
let sessionId: number;

beforeAll(async () => {
  t = await openTempDatabase();
});

afterAll(async () => t.cleanup());

/** Each test gets its own session in the one shared database. */
beforeEach(async () => {
  const [row] = await t.db.executeQuery<{ id: number }>(
    `insert into sessions (title, start_time, status, participant_count,
       created_at, updated_at)
     values ('s', 0, 'active', 0, 0, 0) returning id`,
  );
  sessionId = row?.id ?? 0;
});

describe.each(CASES)('$table $field = $props', (bad) => {
  it('is refused by the unit of work, naming the field', async () => {
    const before = await countOf(bad.table);
    const error = await captured(
      t.sessions.withUnitOfWork(async (em) => {
        const session = await em.findOneOrFail(Session, sessionId);
        const row = bad.table === 'sessions' ? {} : { session };
        em.create(
          bad.entity as never,
          {
            ...validRow(bad.table),
            ...row,
            ...bad.props,
          } as never,
        );
      }),
    );
    expectField(error, bad.field);
    expect(await countOf(bad.table)).toBe(before);
  });

  it('is refused when an update sets it, naming the field', async () => {
    const id = await insertValid(bad);
    const error = await captured(
      t.sessions.withUnitOfWork(async (em) => {
        const found = await em.findOneOrFail(bad.entity as never, id);
        Object.assign(found, bad.props);
      }),
    );
    expectField(error, bad.field);
  });

  it('is refused by bulkInsert, naming the field', async () => {
    const before = await countOf(bad.table);
    const error = await captured(
      t.sessions.bulkInsert(bad.entity, [
        { ...ownedRow(bad.table) },
        { ...ownedRow(bad.table), ...bad.props },
      ]),
    );
    expectField(error, bad.field);
    expect(await countOf(bad.table)).toBe(before);
  });

  it('is refused by a raw SQL insert (CHECK), naming the field', async () => {
    const columns = rawColumns(bad);
    const names = Object.keys(columns);
    const error = await captured(
      t.db.executeQuery(
        `insert into ${bad.table} (${names.join(', ')})
         values (${names.map(() => '?').join(', ')})`,
        Object.values(columns),
      ),
    );
    expectField(error, bad.field);
  });
});

it('accepts the edges of every range', async () => {
  const entries = await countOf('transcript_entries');
  const participants = await countOf('participants');
  await t.sessions.bulkInsert(TranscriptEntry, [
    { ...validRow('transcript_entries'), session: sessionId, confidence: 0 },
    { ...validRow('transcript_entries'), session: sessionId, confidence: 1 },
  ]);
  await t.sessions.bulkInsert(Participant, [
    {
      ...validRow('participants'),
      session: sessionId,
      engagementLevel: 1,
      sentimentScore: -1,
    },
  ]);
  expect(await countOf('transcript_entries')).toBe(entries + 2);
  expect(await countOf('participants')).toBe(participants + 1);
});

function entryCase(field: string, props: Props): BadValue {
  return { entity: TranscriptEntry, table: 'transcript_entries', field, props };
}

function participantCase(field: string, props: Props): BadValue {
  return { entity: Participant, table: 'participants', field, props };
}

function analysisCase(field: string, props: Props): BadValue {
  const entity = AnalysisResult as unknown as typeof Session;
  return { entity, table: 'analysis_results', field, props };
}

function fileCase(field: string, props: Props): BadValue {
  const entity = FileInfo as unknown as typeof Session;
  return { entity, table: 'file_infos', field, props };
}

function sessionCase(field: string, props: Props): BadValue {
  return { entity: Session, table: 'sessions', field, props };
}

function validRow(table: string): Record<string, unknown> {
  const rows: Record<string, Record<string, unknown>> = {
    transcript_entries: { text: 'hello', startTime: 1, endTime: 2 },
    participants: { name: 'Ada' },
    analysis_results: { analysisType: AnalysisType.Summary },
    file_infos: { filePath: '/a.vtt', fileType: 'vtt' },
    sessions: { title: 'x', startTime: new Date(0) },
  };
  return { ...rows[table] };
}

/** A valid row, linked to the test's session when it has one. */
function ownedRow(table: string): Record<string, unknown> {
  const row = validRow(table);
  return table === 'sessions' ? row : { ...row, session: sessionId };
}

async function insertValid(bad: BadValue): Promise<number> {
  if (bad.table === 'sessions') return sessionId;
  const result = await t.sessions.bulkInsert(bad.entity, [ownedRow(bad.table)]);
  return result.lastId ?? 0;
}

/** The bad row as raw columns, as a script or another tool would write. */
function rawColumns(bad: BadValue): Record<string, unknown> {
  const snake = (key: string): string =>
    key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const base: Record<string, Record<string, unknown>> = {
    transcript_entries: { text: 'x', start_time: 1, end_time: 2 },
    participants: { name: 'Ada' },
    analysis_results: { analysis_type: 'summary' },
    file_infos: { file_path: '/a', file_type: 'vtt' },
    sessions: { title: 'x', start_time: 0, status: 'active' },
  };
  const columns: Record<string, unknown> = { ...base[bad.table] };
  if (bad.table !== 'participants') columns.created_at = Date.now();
  if (bad.table === 'sessions') columns.updated_at = Date.now();
  else columns.session_id = sessionId;
  for (const [key, value] of Object.entries(bad.props)) {
    columns[snake(key)] = value instanceof Date ? value.getTime() : value;
  }
  return columns;
}

async function countOf(table: string): Promise<number> {
  const [row] = await t.db.executeQuery<{ n: number }>(
    `select count(*) as n from ${table}`,
  );
  return row?.n ?? -1;
}

async function captured(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the write to be refused');
}

function expectField(error: unknown, field: string): void {
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ code: 'INVALID_VALUE', field });
  expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
}

it('names the column of an enum CHECK and of a missing value', async () => {
  const sessions = await countOf('sessions');
  const badStatus = await captured(
    t.db.executeQuery(
      `insert into sessions (title, start_time, status, created_at,
         updated_at) values ('x', 0, 'paused-ish', 0, 0)`,
    ),
  );
  expectField(badStatus, 'status');

  const noTitle = await captured(
    t.sessions.bulkInsert(Session, [{ startTime: new Date(0) }]),
  );
  expectField(noTitle, 'title');
  expect(await countOf('sessions')).toBe(sessions);
});
