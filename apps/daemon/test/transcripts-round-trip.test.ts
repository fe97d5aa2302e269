import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, SessionManager } from '@steno/db';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { exportSession } from '../src/transcripts/export-session.js';
import { importTranscripts } from '../src/transcripts/import-transcripts.js';
import { CORPUS, corpusPath } from './fixtures/transcript-corpus.js';

interface StoredCue {
  text: string;
  speaker: string | null;
  startMs: number;
  endMs: number;
}

let folder: string;
let db: Database;
let manager: SessionManager;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-round-trip-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A fresh database per corpus file: exports of two files may be equal. */
beforeEach(async (context) => {
  const name = context.task.id.replace(/\W/gu, '_');
  db = new Database({ path: join(folder, `${name}.db`) });
  await db.connect();
  await db.createTables();
  manager = new SessionManager(db);
});

afterEach(async () => {
  await db.disconnect();
});

/** Cues as SQLite holds them, times turned back into milliseconds. */
async function storedCues(sessionId: number): Promise<StoredCue[]> {
  const rows = await db.executeQuery<{
    text: string;
    speaker: string | null;
    start_time: number;
    end_time: number;
  }>(
    'select text, speaker, start_time, end_time from transcript_entries ' +
      'where session_id = ? order by start_time, end_time, id',
    [sessionId],
  );
  return rows.map((row) => ({
    text: row.text,
    speaker: row.speaker,
    startMs: Math.round(row.start_time * 1000),
    endMs: Math.round(row.end_time * 1000),
  }));
}

async function importOne(path: string): Promise<number> {
  const [result] = await importTranscripts([path], { sessionManager: manager });
  expect(result?.status).toBe('imported');
  return result?.sessionId ?? 0;
}

describe.each(CORPUS)('round trip of $name', (file) => {
  const path = corpusPath(file);

  it.skipIf(path === null)('imports every cue faithfully', async () => {
    const id = await importOne(path as string);
    const cues = await storedCues(id);

    expect(cues).toHaveLength(file.cues);
    const speakers = new Set(cues.map((cue) => cue.speaker));
    speakers.delete(null);
    expect(speakers.size).toBe(file.speakers);
    expect(Math.max(...cues.map((cue) => cue.endMs))).toBe(file.lastEndMs);

    for (const format of ['vtt', 'srt', 'json'] as const) {
      const { text } = await exportSession(db, id, format);
      const exported = join(folder, `${id}-${file.name}.${format}`);
      await writeFile(exported, text);
      const again = await storedCues(await importOne(exported));
      expect(again, `${format} export of ${file.name}`).toEqual(cues);
    }
  });
});
