import { Collection, EntitySchema } from '@mikro-orm/core';
import { LIVE_SESSION_STATUSES, SessionStatus } from '../enums.js';
import { checkOrder, checkRange } from '../validate.js';
import { AnalysisResult } from './analysis-result.js';
import { FileInfo } from './file-info.js';
import { Participant } from './participant.js';
import { TranscriptEntry } from './transcript-entry.js';

/** One recorded meeting: its times, its status and what belongs to it. */
export class Session {
  id!: number;
  title!: string;
  startTime!: Date;
  endTime?: Date | null;
  /** Length in seconds; derived from the times when not set. */
  duration?: number | null;
  status: SessionStatus = SessionStatus.Active;
  participantCount = 0;
  audioFilePath?: string | null;
  transcriptFilePath?: string | null;
  metadata?: unknown;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();

  transcriptEntries = new Collection<TranscriptEntry>(this);
  participants = new Collection<Participant>(this);
  analysisResults = new Collection<AnalysisResult>(this);
  files = new Collection<FileInfo>(this);

  constructor(title: string, startTime: Date = new Date()) {
    this.title = title;
    this.startTime = startTime;
  }

  /** Seconds the session lasted: the stored value, else end − start. */
  getDuration(): number | null {
    if (this.duration != null) return this.duration;
    if (!this.endTime) return null;
    return (this.endTime.getTime() - this.startTime.getTime()) / 1000;
  }

  /** True while the session may still receive data (active or paused). */
  isActive(): boolean {
    return LIVE_SESSION_STATUSES.includes(this.status);
  }

  /**
   * Adds a participant to this session and counts it, also when the
   * participants were not loaded (the stored count then grows by one).
   */
  addParticipant(participant: Participant): Participant {
    participant.session = this;
    if (!this.participants.isInitialized()) {
      this.participants.add(participant);
      this.participantCount += 1;
      return participant;
    }

    this.participants.add(participant);
    this.participantCount = this.participants.length;
    return participant;
  }

  /** The loaded transcript entries by start time, ties by end time. */
  getTranscriptEntriesInOrder(): TranscriptEntry[] {
    return [...this.transcriptEntries.getItems()].sort(
      (a, b) => a.startTime - b.startTime || a.endTime - b.endTime,
    );
  }

  /** Rejects impossible values before they reach the database. */
  validate(): void {
    checkRange('duration', this.duration, 0);
    checkRange('participantCount', this.participantCount, 0);
    checkOrder('endTime', this.startTime?.getTime(), this.endTime?.getTime());
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      title: this.title,
      startTime: this.startTime.toISOString(),
      endTime: this.endTime?.toISOString() ?? null,
      duration: this.getDuration(),
      status: this.status,
      participantCount: this.participantCount,
      audioFilePath: this.audioFilePath ?? null,
      transcriptFilePath: this.transcriptFilePath ?? null,
      metadata: this.metadata ?? null,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}

const owned = { cascade: ['all' as never], orphanRemoval: true };

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    title: { type: 'string' },
    startTime: { type: 'datetime' },
    endTime: { type: 'datetime', nullable: true },
    duration: { type: 'double', nullable: true },
    status: { enum: true, items: () => SessionStatus, index: true },
    participantCount: { type: 'integer', default: 0 },
    audioFilePath: { type: 'string', nullable: true },
    transcriptFilePath: { type: 'string', nullable: true },
    metadata: { type: 'json', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date(), index: true },
    updatedAt: {
      type: 'datetime',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
    transcriptEntries: {
      kind: '1:m',
      entity: () => TranscriptEntry,
      mappedBy: 'session',
      ...owned,
    },
    participants: {
      kind: '1:m',
      entity: () => Participant,
      mappedBy: 'session',
      ...owned,
    },
    analysisResults: {
      kind: '1:m',
      entity: () => AnalysisResult,
      mappedBy: 'session',
      ...owned,
    },
    files: {
      kind: '1:m',
      entity: () => FileInfo,
      mappedBy: 'session',
      ...owned,
    },
  },
  indexes: [{ properties: ['startTime'] }],
  checks: [
    { name: 'sessions_duration_range', expression: 'duration >= 0' },
    {
      name: 'sessions_participant_count_range',
      expression: 'participant_count >= 0',
    },
    {
      name: 'sessions_end_time_order',
      expression: 'end_time is null or end_time >= start_time',
    },
  ],
  hooks: { beforeCreate: ['validate'], beforeUpdate: ['validate'] },
});
