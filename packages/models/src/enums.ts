/** Where a recording is in its life. Active and paused are "live". */
export enum SessionStatus {
  Active = 'active',
  Paused = 'paused',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/** What a stretch of a transcript holds. */
export enum TranscriptEntryType {
  Speech = 'speech',
  Silence = 'silence',
  Noise = 'noise',
  Music = 'music',
}

/** The kind of AI analysis stored for a session. */
export enum AnalysisType {
  Summary = 'summary',
  ActionItems = 'action_items',
  Topics = 'topics',
  Sentiment = 'sentiment',
}

/** Statuses a session is never deleted or merged away in. */
export const LIVE_SESSION_STATUSES: readonly SessionStatus[] = [
  SessionStatus.Active,
  SessionStatus.Paused,
];
