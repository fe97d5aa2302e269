import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database, SessionManager } from '@steno/db';
import { Session, TranscriptEntry, TranscriptEntryType } from '@steno/models';
import type { BenchCase, BenchContext } from '../context.js';
import { compareSteps } from '../measure.js';
import { compareRow, type Side } from '../result.js';
import { copyDatabase, FRESH_SESSION_ID, removeDatabase } from '../fresh-db.js';
import { ENTRY_INSERT_SQL, entryColumns, makeEntries } from '../rows.js';
import type { EntryRow } from '../rows.js';
import { summarize } from '../stats.js';

/**
 * Ingest: `bulkInsert` of many transcript entries into an empty database
 * vs a better-sqlite3 prepared statement in one transaction, and the
 * ORM's per-entity persist/flush vs the same raw statement.
 */
export const ingestCase: BenchCase = {
  id: 'ingest',
  title: 'ingest',
  async run(context) {
    const { ingestRows, persistRows } = context.options;
    const rows = entryRows(context, ingestRows);
    const plan = context.bigPlan;
    const bulk = await compareSteps(
      plan,
      () => bulkInsertStep(context, rows),
      () => rawInsertStep(context, rows),
    );
    const few = rows.slice(0, persistRows);
    const raw = () => rawInsertStep(context, few);
    const persist = await compareSteps(
      plan,
      () => persistFlushStep(context, few),
      raw,
    );
    const many = await compareSteps(
      plan,
      () => insertManyStep(context, few),
      raw,
    );
    return ingestRowsOf(
      rates(bulk, ingestRows),
      rates(persist, persistRows),
      rates(many, persistRows),
    );
  },
};

type Rates = { subject: number[]; reference: number[] };

function rates(times: Rates, rows: number): Rates {
  const rate = (ms: number) => rows / (ms / 1000);
  return {
    subject: times.subject.map(rate),
    reference: times.reference.map(rate),
  };
}

function side(label: string, values: number[]): Side {
  return { label, unit: 'rows/s', summary: summarize(values) };
}

function ingestRowsOf(bulk: Rates, persist: Rates, many: Rates) {
  const raw = 'better-sqlite3 prepared insert, one transaction';
  return [
    compareRow(
      'ingest.bulk-insert',
      'ingest: bulkInsert vs better-sqlite3',
      side('@steno/db bulkInsert', bulk.subject),
      side(raw, bulk.reference),
      { op: '>=', value: 0.5 },
    ),
    compareRow(
      'ingest.bulk-vs-persist',
      'ingest: bulkInsert vs persist/flush',
      side('@steno/db bulkInsert', bulk.subject),
      side('MikroORM persist/flush', persist.subject),
    ),
    compareRow(
      'ingest.persist-flush',
      'ingest: persist/flush vs better-sqlite3',
      side('MikroORM persist/flush', persist.subject),
      side(raw, persist.reference),
    ),
    compareRow(
      'ingest.insert-many',
      'ingest: em.insertMany vs better-sqlite3',
      side('MikroORM em.insertMany', many.subject),
      side(raw, many.reference),
    ),
  ];
}

function entryRows(context: BenchContext, count: number): EntryRow[] {
  return makeEntries(context.text, FRESH_SESSION_ID, count, Date.now(), 99);
}

/** Times MikroORM's insertMany of plain rows in one call. */
async function insertManyStep(
  context: BenchContext,
  rows: EntryRow[],
): Promise<number> {
  return withFreshDatabase(context, async (db) => {
    const em = db.em();
    const data = rows.map((row) => ({
      ...row,
      entryType: TranscriptEntryType.Speech,
    }));
    const started = performance.now();
    await em.insertMany(TranscriptEntry, data);
    return performance.now() - started;
  });
}

/** Times bulkInsert alone: opening the database is not counted. */
async function bulkInsertStep(
  context: BenchContext,
  rows: EntryRow[],
): Promise<number> {
  return withFreshDatabase(context, async (db) => {
    const manager = new SessionManager(db);
    const started = performance.now();
    await manager.bulkInsert('TranscriptEntry', rows);
    return performance.now() - started;
  });
}

async function persistFlushStep(
  context: BenchContext,
  rows: EntryRow[],
): Promise<number> {
  return withFreshDatabase(context, async (db) => {
    const em = db.em();
    const session = em.getReference(Session, FRESH_SESSION_ID);
    const started = performance.now();
    for (const row of rows) {
      const entry = new TranscriptEntry(
        session,
        row.text,
        row.startTime,
        row.endTime,
      );
      Object.assign(entry, { speaker: row.speaker, language: 'en' });
      entry.confidence = row.confidence;
      em.persist(entry);
    }
    await em.flush();
    return performance.now() - started;
  });
}

async function rawInsertStep(
  context: BenchContext,
  rows: EntryRow[],
): Promise<number> {
  const path = freshCopy(context);
  const sqlite = new BetterSqlite3(path);
  try {
    sqlite.pragma('journal_mode = wal');
    sqlite.pragma('synchronous = normal');
    const insert = sqlite.prepare(ENTRY_INSERT_SQL);
    const started = performance.now();
    sqlite.transaction(() => {
      for (const row of rows) insert.run(entryColumns(row));
    })();
    return performance.now() - started;
  } finally {
    sqlite.close();
    removeDatabase(path);
  }
}

async function withFreshDatabase(
  context: BenchContext,
  work: (db: Database) => Promise<number>,
): Promise<number> {
  const path = freshCopy(context);
  const db = new Database({ path });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.disconnect();
    removeDatabase(path);
  }
}

function freshCopy(context: BenchContext): string {
  const path = join(context.workDir, 'ingest.db');
  copyDatabase(context.emptyDbPath, path);
  return path;
}
