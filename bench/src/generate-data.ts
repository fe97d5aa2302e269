import BetterSqlite3 from 'better-sqlite3';
import { Database } from '@steno/db';
import { createRandom, randomInt, type Random } from './random.js';
import {
  ENTRY_INSERT_SQL,
  entryColumns,
  makeEntries,
  type EntryRow,
} from './rows.js';
import type { TextGenerator } from './vocabulary.js';

/** What the generator wrote. */
export interface GeneratedData {
  path: string;
  bytes: number;
  sessions: number;
  entries: number;
  /** The session holding exactly `readEntries` entries. */
  readSessionId: number;
  seconds: number;
}

export interface GenerateOptions {
  dbBytes: number;
  readEntries: number;
  onProgress?: (bytes: number) => void;
}

/** Sessions are three hours apart from here on, oldest first. */
const FIRST_SESSION_MS = Date.UTC(2024, 0, 1, 9);
const SESSION_SPACING_MS = 3 * 3600 * 1000;

/** Creates the Steno schema through @steno/db, as the daemon would. */
export async function createSchema(path: string): Promise<void> {
  const db = new Database({ path });
  await db.connect();
  try {
    await db.createTables();
  } finally {
    await db.disconnect();
  }
}

/**
 * Fills a new database at `path` with meetings until the file reaches
 * `dbBytes`: sessions with transcript entries, participants, analyses
 * and system metrics. The first session is the read case's.
 */
export async function generateDatabase(
  path: string,
  text: TextGenerator,
  options: GenerateOptions,
): Promise<GeneratedData> {
  const started = performance.now();
  await createSchema(path);
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = wal');
  sqlite.pragma('synchronous = off');
  const writer = new MeetingWriter(sqlite, text);
  try {
    writer.writeSession(options.readEntries);
    while (writer.bytes() < options.dbBytes) {
      writer.writeSession();
      options.onProgress?.(writer.bytes());
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return {
      path,
      bytes: writer.bytes(),
      sessions: writer.sessions,
      entries: writer.entries,
      readSessionId: 1,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    sqlite.close();
  }
}

class MeetingWriter {
  sessions = 0;
  entries = 0;
  private readonly random: Random = createRandom(2026);
  private readonly insertEntry: BetterSqlite3.Statement;
  private readonly insertSession: BetterSqlite3.Statement;
  private readonly insertParticipant: BetterSqlite3.Statement;
  private readonly insertAnalysis: BetterSqlite3.Statement;
  private readonly insertMetric: BetterSqlite3.Statement;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly text: TextGenerator,
  ) {
    this.insertEntry = sqlite.prepare(ENTRY_INSERT_SQL);
    this.insertSession = sqlite.prepare(SESSION_SQL);
    this.insertParticipant = sqlite.prepare(PARTICIPANT_SQL);
    this.insertAnalysis = sqlite.prepare(ANALYSIS_SQL);
    this.insertMetric = sqlite.prepare(METRIC_SQL);
  }

  /** Bytes the database file holds, pages not yet checkpointed included. */
  bytes(): number {
    const pages = this.sqlite.pragma('page_count', { simple: true });
    const size = this.sqlite.pragma('page_size', { simple: true });
    return Number(pages) * Number(size);
  }

  /** Writes one whole meeting in one transaction. */
  writeSession(count = randomInt(this.random, 500, 3_000)): void {
    const id = this.sessions + 1;
    const startMs = FIRST_SESSION_MS + this.sessions * SESSION_SPACING_MS;
    const rows = makeEntries(this.text, id, count, startMs);
    this.sqlite.transaction(() => {
      this.writeSessionRow(id, startMs, rows);
      for (const row of rows) this.insertEntry.run(entryColumns(row));
      this.writeParticipants(id, rows);
      this.writeAnalyses(id, rows);
      this.writeMetrics(startMs);
    })();
    this.sessions += 1;
    this.entries += rows.length;
  }

  private writeSessionRow(id: number, startMs: number, rows: EntryRow[]) {
    const seconds = rows.at(-1)?.endTime ?? 0;
    const speakers = new Set(rows.map((row) => row.speaker)).size;
    const meta = JSON.stringify({ device: 'pi-4', room: `room-${id % 7}` });
    this.insertSession.run(
      id,
      this.text.sentence(3, 7),
      startMs,
      startMs + Math.round(seconds * 1000),
      seconds,
      speakers,
      `/recordings/${id}.wav`,
      meta,
      startMs,
      startMs,
    );
  }

  private writeParticipants(id: number, rows: EntryRow[]): void {
    const bySpeaker = new Map<string, EntryRow[]>();
    for (const row of rows) {
      const list = bySpeaker.get(row.speaker) ?? [];
      list.push(row);
      bySpeaker.set(row.speaker, list);
    }
    let n = 0;
    for (const [name, said] of bySpeaker) {
      const time = said.reduce((t, r) => t + r.endTime - r.startTime, 0);
      const words = said.reduce((w, r) => w + r.wordCount, 0);
      const questions = said.filter((r) => r.text.includes('?')).length;
      const speakerId = `SPEAKER_${String(n++).padStart(2, '0')}`;
      const sentiment = Math.round((this.random() * 2 - 1) * 100) / 100;
      const engagement = Math.round(this.random() * 100) / 100;
      this.insertParticipant.run([
        id,
        name,
        speakerId,
        time,
        words,
        questions,
        sentiment,
        engagement,
      ]);
    }
  }

  private writeAnalyses(id: number, rows: EntryRow[]): void {
    const createdAt = (rows.at(-1)?.createdAt.getTime() ?? 0) + 60_000;
    const data: Record<string, unknown> = {
      summary: { text: this.sentences(4) },
      action_items: { items: [this.sentences(1), this.sentences(1)] },
      topics: { topics: [this.text.sentence(2, 4), this.text.sentence(2, 4)] },
      sentiment: { score: Math.round(this.random() * 100) / 100 },
    };
    for (const [type, result] of Object.entries(data)) {
      const json = JSON.stringify(result);
      this.insertAnalysis.run(id, type, json, 0.9, 2.5, 'bench-1', createdAt);
    }
  }

  private writeMetrics(atMs: number): void {
    const names = ['cpu_percent', 'memory_mb', 'db_size_mb', 'temp_c'];
    for (const name of names) {
      const value = Math.round(this.random() * 1000) / 10;
      this.insertMetric.run(name, value, atMs);
    }
  }

  private sentences(count: number): string {
    return Array.from({ length: count }, () => this.text.sentence()).join(' ');
  }
}

const SESSION_SQL =
  'insert into sessions (id, title, start_time, end_time, duration, ' +
  'status, participant_count, audio_file_path, metadata, created_at, ' +
  "updated_at) values (?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?)";

const PARTICIPANT_SQL =
  'insert into participants (session_id, name, speaker_id, speaking_time, ' +
  'word_count, questions_asked, sentiment_score, engagement_level) ' +
  'values (?, ?, ?, ?, ?, ?, ?, ?)';

const ANALYSIS_SQL =
  'insert into analysis_results (session_id, analysis_type, result_data, ' +
  'confidence, processing_time, model_version, created_at) ' +
  'values (?, ?, ?, ?, ?, ?, ?)';

const METRIC_SQL =
  'insert into system_metrics (metric_name, metric_value, metric_unit, ' +
  "timestamp) values (?, ?, 'unit', ?)";
