import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Session, SystemMetrics, User } from '@steno/models';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, 'fixtures', 'tz-round-trip.mjs');

/** Instants with a millisecond part, near DST changes and year ends. */
const INSTANTS = [
  Date.UTC(2024, 2, 10, 6, 59, 59, 999),
  Date.UTC(1999, 11, 31, 23, 59, 59, 1),
  Date.UTC(2024, 3, 6, 13, 45, 0, 500),
];

const JSON_VALUES: unknown[] = [
  { a: 1, b: [true, null] },
  [1, 'two', { three: 3 }],
  '123',
  '1.50',
  'null',
  '',
  0,
  1.5,
  -12,
  true,
  false,
  null,
  { deep: { deeper: [[{ x: 'ü' }]] } },
  'héllo 🎉 \u0000 "quoted" \\',
];

let t: TempDatabase;

describe('dates', () => {
  beforeEach(async () => {
    t = await openTempDatabase();
  });

  afterEach(async () => t.cleanup());

  it('keep the millisecond across processes in other time zones', async () => {
    const wrote = await inZone('Pacific/Chatham', 'write', INSTANTS);
    const read = await inZone('America/St_Johns', 'read', []);

    // January offsets: Chatham is UTC+13:45, St. John's UTC-3:30.
    expect(wrote.offset).toBe(-825);
    expect(read.offset).toBe(210);
    const expected = INSTANTS.flatMap((ms) => [
      { title: 'uow', isDate: true, ms },
      { title: 'bulk', isDate: true, ms },
    ]);
    expect(read.sessions).toEqual(expected);
    expect(wrote.sessions).toEqual(expected);

    const raw = await rawStartTimes();
    expect(raw).toEqual(
      INSTANTS.flatMap((ms) => [
        { ms, type: 'integer' },
        { ms, type: 'integer' },
      ]),
    );
  });

  it('keep the millisecond through bulkUpdate and raw SQL', async () => {
    const [start, end, later] = INSTANTS as [number, number, number];
    const inserted = await t.sessions.bulkInsert(Session, [
      { title: 'b', startTime: new Date(end) },
    ]);
    await t.sessions.bulkUpdate(Session, [
      { id: inserted.firstId, endTime: new Date(later) },
    ]);
    await t.db.executeQuery(
      `insert into sessions (title, start_time, status, created_at,
         updated_at) values ('raw', ?, 'active', ?, ?)`,
      [new Date(start), new Date(start), new Date(start)],
    );

    const found = await t.db.em().find(Session, {}, { orderBy: { id: 'asc' } });
    expect(
      found.map((s) => [s.startTime.getTime(), s.endTime?.getTime()]),
    ).toEqual([
      [end, later],
      [start, undefined],
    ]);
  });

  it('store optional dates as null and back', async () => {
    const id = await t.sessions.withUnitOfWork(async (em) => {
      const user = new User('ada');
      user.lastLogin = new Date(INSTANTS[0] ?? 0);
      em.persist([user, new User('grace')]);
      await em.flush();
      return user.id;
    });
    const users = await t.db.em().find(User, {}, { orderBy: { id: 'asc' } });
    expect(users.map((u) => u.lastLogin?.getTime() ?? null)).toEqual([
      INSTANTS[0],
      null,
    ]);
    expect(users[0]?.id).toBe(id);
  });
});

describe('json', () => {
  beforeAll(async () => {
    t = await openTempDatabase();
  });

  afterAll(async () => t.cleanup());

  describe.each(JSON_VALUES.map((value) => ({ value })))(
    'json $value',
    ({ value }) => {
      it('round-trips through the unit of work', async () => {
        const id = await t.sessions.withUnitOfWork(async (em) => {
          const session = new Session('json', new Date(0));
          session.metadata = value;
          em.persist(session);
          await em.flush();
          return session.id;
        });
        expect(await readMetadata(id)).toEqual({ value, text: toText(value) });
      });

      it('round-trips through bulkInsert and bulkUpdate', async () => {
        const inserted = await t.sessions.bulkInsert(Session, [
          { title: 'json', startTime: new Date(0), metadata: value },
          { title: 'other', startTime: new Date(0), metadata: { keep: 1 } },
        ]);
        const id = inserted.firstId ?? 0;
        expect(await readMetadata(id)).toEqual({ value, text: toText(value) });

        const metric = await t.sessions.bulkInsert(SystemMetrics, [
          { metricName: 'm', metricValue: 1, metadata: { before: true } },
        ]);
        const changed = await t.sessions.bulkUpdate(SystemMetrics, [
          { id: metric.firstId, metadata: value },
        ]);
        expect(changed).toBe(1);
        const found = await t.db
          .em()
          .findOneOrFail(SystemMetrics, metric.firstId ?? 0);
        expect(found.metadata).toEqual(value);
      });
    },
  );
});

/** What JSON.stringify gives, or null for SQL NULL. */
function toText(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

async function readMetadata(
  id: number,
): Promise<{ value: unknown; text: unknown }> {
  const session = await t.db.em().findOneOrFail(Session, id);
  const [row] = await t.db.executeQuery<{ text: unknown }>(
    // A json column has numeric affinity, so 1.5 is stored as a REAL;
    // json() turns every stored value back into JSON text to compare.
    'select json(metadata) as text from sessions where id = ?',
    [id],
  );
  return { value: session.metadata, text: row?.text ?? null };
}

async function rawStartTimes(): Promise<{ ms: number; type: string }[]> {
  return t.db.executeQuery(
    'select start_time as ms, typeof(start_time) as type from sessions' +
      ' order by id',
  );
}

async function inZone(
  zone: string,
  action: string,
  times: number[],
): Promise<{ offset: number; sessions: unknown[] }> {
  await t.db.disconnect();
  try {
    const args = [SCRIPT, action, t.path, ...times.map(String)];
    const { stdout } = await run(process.execPath, args, {
      env: { ...process.env, TZ: zone },
    });
    return JSON.parse(stdout) as { offset: number; sessions: unknown[] };
  } finally {
    await t.db.connect();
  }
}
