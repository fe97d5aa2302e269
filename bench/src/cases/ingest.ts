import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database, SessionManager } from '@steno/db';
import { Session, TranscriptEntry } from '@steno/models';
import type { BenchCase, BenchContext } from '../context.js';
import { compareSteps } from '../measure.js';
import { compareRow, type ResultRow, type Side } from '../result.js';
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
    const bulk = await compareSteps(
      context.bigPlan,
      () => bulkInsertStep(context, rows),
      () => rawInsertStep(context, rows),
    );
    const few = rows.slice(0, persistRows);
    const persist = await compareSteps(
      context.bigPlan,
      () => persistFlushStep(context, few),
      () => rawInsertStep(context, few),
    );
    return [
      throughputRow('ingest.bulk-insert', 'ingest: bulkInsert', bulk, {
        rows: ingestRows,
        label: `@steno/db bulkInsert, ${ingestRows} entries`,
      }),
      throughputRow('ingest.persist-flush', 'ingest: persist/flush', persist, {
        rows: persistRows,
        label: `MikroORM persist/flush, ${persistRows} entries`,
      }),
    ];
  },
};

function entryRows(context: BenchContext, count: number): EntryRow[] {
  return makeEntries(context.text, FRESH_SESSION_ID, count, Date.now(), 99);
}

function throughputRow(
  id: string,
  title: string,
  times: { subject: number[]; reference: number[] },
  side: { rows: number; label: string },
): ResultRow {
  const rate = (ms: number) => side.rows / (ms / 1000);
  const subject: Side = {
    label: side.label,
    unit: 'rows/s',
    summary: summarize(times.subject.map(rate)),
  };
  const reference: Side = {
    label: 'better-sqlite3 prepared insert, one transaction',
    unit: 'rows/s',
    summary: summarize(times.reference.map(rate)),
  };
  const target = id.endsWith('bulk-insert')
    ? { op: '>=' as const, value: 0.5 }
    : undefined;
  return compareRow(id, title, subject, reference, target);
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
