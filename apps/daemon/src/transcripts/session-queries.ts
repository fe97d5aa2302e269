import type { Database } from '@steno/db';
import {
  Session,
  StenoError,
  ValidationError,
  type FileInfo,
  type Participant,
} from '@steno/models';

/** One line of `steno sessions`. */
export interface SessionSummary {
  id: number;
  title: string;
  startTime: string;
  duration: number | null;
  status: string;
  participantCount: number;
  entryCount: number;
}

/** One stored transcript entry as a plain row; seconds from the start. */
export interface StoredEntry {
  id: number;
  text: string;
  speaker: string | null;
  startTime: number;
  endTime: number;
  confidence: number | null;
  language: string | null;
  wordCount: number;
}

/** A stored meeting with everything `show` and `export` print. */
export interface SessionDetail {
  session: Session;
  /** In time order. */
  entries: StoredEntry[];
  participants: Participant[];
  files: FileInfo[];
}

/** Every session, newest start first, with its entry count. */
export async function listSessions(db: Database): Promise<SessionSummary[]> {
  const sessions = await db
    .em()
    .find(Session, {}, { orderBy: { startTime: 'desc', id: 'desc' } });
  const counts = await db.executeQuery<{ id: number; n: number }>(
    'select session_id as id, count(*) as n from transcript_entries ' +
      'group by session_id',
  );
  const countOf = new Map(counts.map((row) => [row.id, row.n]));
  return sessions.map((session) => ({
    id: session.id,
    title: session.title,
    startTime: session.startTime.toISOString(),
    duration: session.getDuration(),
    status: session.status,
    participantCount: session.participantCount,
    entryCount: countOf.get(session.id) ?? 0,
  }));
}

/** Reads a session id typed by a user; rejects anything else. */
export function parseSessionId(text: string): number {
  const id = Number(text);
  if (!/^\d+$/u.test(text.trim()) || !Number.isSafeInteger(id) || id < 1) {
    throw new ValidationError(
      'id',
      `session id must be a positive whole number, got "${text}"`,
    );
  }
  return id;
}

/**
 * Loads one session with its entries, participants and files. Entries
 * come from one bound SELECT as plain rows, never as a populated
 * collection: hydrating 100k+ entities overflowed the call stack.
 */
export async function loadSession(
  db: Database,
  id: number,
): Promise<SessionDetail> {
  const session = await db
    .em()
    .findOne(
      Session,
      { id },
      { populate: ['participants', 'files'], strategy: 'select-in' },
    );
  if (!session) {
    throw new StenoError(
      'NOT_FOUND',
      `session ${id} not found in ${db.config.path}; ` +
        'list the stored sessions with `steno sessions`',
      { details: { session_id: id } },
    );
  }

  return {
    session,
    entries: await loadEntries(db, id),
    participants: session.participants.getItems(),
    files: session.files.getItems(),
  };
}

/** Start, then end, then the order the file gave them in. */
export function loadEntries(
  db: Database,
  sessionId: number,
): Promise<StoredEntry[]> {
  return db.executeQuery<StoredEntry>(
    'select id, text, speaker, start_time as startTime, ' +
      'end_time as endTime, confidence, language, ' +
      'word_count as wordCount from transcript_entries ' +
      'where session_id = ? order by start_time, end_time, id',
    [sessionId],
  );
}
