import BetterSqlite3 from 'better-sqlite3';
import { Database, type SqliteConnection } from '@steno/db';
import { Session } from '@steno/models';
import type { BenchCase, BenchContext } from '../context.js';
import { compareSteps } from '../measure.js';
import { compareRow, type ResultRow, type Side } from '../result.js';
import { summarize } from '../stats.js';

const SESSION_SQL = 'select * from sessions where id = ?';
const ENTRIES_SQL =
  'select * from transcript_entries where session_id = ? order by start_time';
const PARTICIPANTS_SQL = 'select * from participants where session_id = ?';

/**
 * Read: one session with its transcript entries and participants,
 * loaded as entities through the ORM vs the same rows as a raw SELECT
 * on the same driver; and that driver vs better-sqlite3, for scale.
 */
export const readCase: BenchCase = {
  id: 'read',
  title: 'read',
  async run(context) {
    const db = new Database({ path: context.data.path });
    await db.connect();
    try {
      const id = context.data.readSessionId;
      const count = await checkEntryCount(db, id);
      const raw = () => selectRaw(db, id);
      const plan = context.plan;
      const selectIn = await compareSteps(
        plan,
        () => loadThroughOrm(db, id, count, 'select-in'),
        raw,
      );
      const joined = await compareSteps(
        context.bigPlan,
        () => loadThroughOrm(db, id, count, 'joined'),
        raw,
      );
      const driver = await compareSteps(plan, raw, () =>
        selectBetterSqlite(context, id),
      );
      return readRows(count, selectIn, joined, driver);
    } finally {
      await db.disconnect();
    }
  },
};

type Times = { subject: number[]; reference: number[] };

function side(label: string, times: number[]): Side {
  return { label, unit: 'ms', summary: summarize(times) };
}

function readRows(
  count: number,
  selectIn: Times,
  joined: Times,
  driver: Times,
): ResultRow[] {
  const rawLabel = 'raw SELECT, same sqlite3 driver';
  const target = { op: '<=' as const, value: 3 };
  return [
    compareRow(
      'read.orm-select-in',
      'read: ORM populate (select-in) vs raw SELECT',
      side(`ORM, ${count} entries, select-in`, selectIn.subject),
      side(rawLabel, selectIn.reference),
      target,
    ),
    compareRow(
      'read.orm-joined',
      'read: ORM populate (default joined) vs raw SELECT',
      side(`ORM, ${count} entries, joined`, joined.subject),
      side(rawLabel, joined.reference),
      target,
      ['one joined query repeats every entry once per participant'],
    ),
    compareRow(
      'read.driver',
      'read: raw SELECT on sqlite3 vs better-sqlite3',
      side(rawLabel, driver.subject),
      side('raw SELECT, better-sqlite3', driver.reference),
    ),
  ];
}

async function checkEntryCount(db: Database, id: number): Promise<number> {
  const [row] = await db.executeQuery<{ n: number }>(
    'select count(*) as n from transcript_entries where session_id = ?',
    [id],
  );
  return row?.n ?? 0;
}

async function loadThroughOrm(
  db: Database,
  id: number,
  expected: number,
  strategy: 'select-in' | 'joined',
): Promise<void> {
  const session = await db.em().findOneOrFail(Session, id, {
    populate: ['transcriptEntries', 'participants'],
    strategy,
  });
  const loaded = session.transcriptEntries.length;
  if (loaded !== expected) {
    throw new Error(`orm loaded ${loaded} entries, expected ${expected}`);
  }
}

async function selectRaw(db: Database, id: number): Promise<void> {
  await db.withConnection(async (connection) => {
    await all(connection, SESSION_SQL, [id]);
    await all(connection, ENTRIES_SQL, [id]);
    await all(connection, PARTICIPANTS_SQL, [id]);
  });
}

async function selectBetterSqlite(
  context: BenchContext,
  id: number,
): Promise<number> {
  const sqlite = new BetterSqlite3(context.data.path, { readonly: true });
  try {
    const started = performance.now();
    sqlite.prepare(SESSION_SQL).get(id);
    sqlite.prepare(ENTRIES_SQL).all(id);
    sqlite.prepare(PARTICIPANTS_SQL).all(id);
    return performance.now() - started;
  } finally {
    sqlite.close();
  }
}

function all(
  connection: SqliteConnection,
  sql: string,
  params: unknown[],
): Promise<unknown[]> {
  const raw = connection as unknown as {
    all(
      sql: string,
      params: unknown[],
      done: (error: Error | null, rows: unknown[]) => void,
    ): void;
  };
  return new Promise((resolve, reject) => {
    raw.all(sql, params, (error, rows) =>
      error ? reject(error) : resolve(rows),
    );
  });
}
