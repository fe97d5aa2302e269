import type { Database } from '@steno/db';
import {
  Session,
  StenoError,
  ValidationError,
  type FileInfo,
  type Participant,
  type TranscriptEntry,
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

/** A stored meeting with everything `show` and `export` print. */
export interface SessionDetail {
  session: Session;
  /** In time order. */
  entries: TranscriptEntry[];
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

/** Loads one session with its entries, participants and files. */
export async function loadSession(
  db: Database,
  id: number,
): Promise<SessionDetail> {
  const session = await db.em().findOne(
    Session,
    { id },
    {
      populate: ['transcriptEntries', 'participants', 'files'],
      // One query per collection: a join would return entries × people.
      strategy: 'select-in',
    },
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
    entries: [...session.transcriptEntries.getItems()].sort(byTime),
    participants: session.participants.getItems(),
    files: session.files.getItems(),
  };
}

/** Start, then end, then the order the file gave them in. */
function byTime(a: TranscriptEntry, b: TranscriptEntry): number {
  return a.startTime - b.startTime || a.endTime - b.endTime || a.id - b.id;
}
