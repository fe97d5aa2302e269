import { formatClock } from './format-duration.js';
import type { SessionDetail, SessionSummary } from './session-queries.js';
import { formatTable } from './text-table.js';

/** Figures `steno show` prints about a session's transcript. */
export interface SessionStatistics {
  entries: number;
  words: number;
  speakers: number;
  questions: number;
  /** Mean over entries that have one; null when none has. */
  averageConfidence: number | null;
  language: string | null;
}

/** What `steno show --json` prints. */
export interface SessionReport {
  session: Record<string, unknown>;
  statistics: SessionStatistics;
  participants: Record<string, unknown>[];
  files: Record<string, unknown>[];
}

/** Sums a session's entries and participants into its statistics. */
export function computeStatistics(detail: SessionDetail): SessionStatistics {
  const { entries, participants } = detail;
  const confidences = entries
    .map((entry) => entry.confidence)
    .filter((value): value is number => value != null);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    entries: entries.length,
    words: sum(entries.map((entry) => entry.wordCount)),
    speakers: participants.length,
    questions: sum(participants.map((p) => p.questionsAsked)),
    averageConfidence:
      confidences.length > 0 ? sum(confidences) / confidences.length : null,
    language: entries.find((entry) => entry.language)?.language ?? null,
  };
}

/** The session, its statistics, its participants (most talkative first). */
export function buildReport(detail: SessionDetail): SessionReport {
  const participants = [...detail.participants].sort(
    (a, b) => b.speakingTime - a.speakingTime || a.id - b.id,
  );
  return {
    session: detail.session.toJSON(),
    statistics: computeStatistics(detail),
    participants: participants.map((participant) => participant.toJSON()),
    files: detail.files.map((file) => file.toJSON()),
  };
}

/** The human page of `steno show`; `lines` entries of the transcript. */
export function formatReport(detail: SessionDetail, lines: number): string {
  const { session } = detail;
  const stats = computeStatistics(detail);
  const confidence = stats.averageConfidence;
  const facts = [
    ['status', session.status],
    ['started', session.startTime.toISOString()],
    ['duration', formatClock(session.getDuration() ?? 0)],
    ['entries', `${stats.entries} (${stats.words} words)`],
    ['questions', String(stats.questions)],
    ['language', stats.language ?? 'not given'],
    ['confidence', confidence === null ? 'not given' : confidence.toFixed(2)],
    ...detail.files.map((file) => [
      'source',
      `${file.filePath} (${file.fileSize} bytes, sha256 ${file.checksum})`,
    ]),
  ];
  return [
    `Session ${session.id}: ${session.title}`,
    ...facts.map(([key, value]) => `  ${key?.padEnd(10)} ${value}`),
    '',
    formatParticipants(detail),
    '',
    formatExcerpt(detail, lines),
  ].join('\n');
}

function formatParticipants(detail: SessionDetail): string {
  const report = buildReport(detail);
  if (report.participants.length === 0) {
    return 'Participants: none named in the transcript';
  }
  const rows = report.participants.map((p) => [
    String(p.name),
    formatClock(Number(p.speakingTime)),
    `${Number(p.speakingPercentage).toFixed(1)}%`,
    String(p.wordCount),
    Number(p.wordsPerMinute).toFixed(0),
    String(p.questionsAsked),
  ]);
  const header = ['NAME', 'SPEAKING', 'SHARE', 'WORDS', 'WPM', 'QUESTIONS'];
  const title = `Participants (${rows.length})`;
  return `${title}\n${formatTable(header, rows, [1, 2, 3, 4, 5])}`;
}

function formatExcerpt(detail: SessionDetail, lines: number): string {
  const { entries, session } = detail;
  const shown = entries.slice(0, lines);
  const more =
    shown.length < entries.length
      ? ` (first ${shown.length} of ${entries.length}; all of it: ` +
        `steno export ${session.id} --format md)`
      : '';
  const body = shown.map((entry) => {
    const who = entry.speaker ? `${entry.speaker}: ` : '';
    const text = entry.text.replace(/\s*\n\s*/gu, ' ');
    return `  [${formatClock(entry.startTime)}] ${who}${text}`;
  });
  return [`Transcript${more}`, ...body].join('\n');
}

/** The human table of `steno sessions`. */
export function formatSessionList(sessions: SessionSummary[]): string {
  if (sessions.length === 0) {
    return 'No sessions yet; add one with `steno import FILE` or `steno demo`.';
  }
  const rows = sessions.map((s) => [
    String(s.id),
    s.startTime.replace('T', ' ').slice(0, 19),
    formatClock(s.duration ?? 0),
    String(s.entryCount),
    String(s.participantCount),
    s.status,
    s.title,
  ]);
  const header = ['ID', 'STARTED (UTC)', 'LENGTH', 'ENTRIES', 'SPEAKERS'];
  return formatTable([...header, 'STATUS', 'TITLE'], rows, [0, 2, 3, 4]);
}
