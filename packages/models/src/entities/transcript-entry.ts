import { EntitySchema } from '@mikro-orm/core';
import { TranscriptEntryType } from '../enums.js';
import { ValidationError } from '../errors.js';
import { checkOrder, checkRange, countWords } from '../validate.js';
import { Session } from './session.js';

/** One cue of a transcript: who said what, in seconds from the start. */
export class TranscriptEntry {
  id!: number;
  session!: Session;
  text!: string;
  speaker?: string | null;
  /** Seconds from the start of the session. */
  startTime!: number;
  endTime!: number;
  /** Recogniser confidence, 0 to 1. */
  confidence?: number | null;
  entryType: TranscriptEntryType = TranscriptEntryType.Speech;
  language?: string | null;
  wordCount = 0;
  createdAt: Date = new Date();

  constructor(
    session: Session,
    text: string,
    startTime: number,
    endTime: number,
  ) {
    this.session = session;
    this.text = text;
    this.startTime = startTime;
    this.endTime = endTime;
    this.wordCount = countWords(text);
  }

  /** Seconds between start and end. */
  getDuration(): number {
    return this.endTime - this.startTime;
  }

  /** Words per minute over the entry's own duration; 0 when it has none. */
  getWordsPerMinute(): number {
    const seconds = this.getDuration();
    return seconds > 0 ? (this.wordCount * 60) / seconds : 0;
  }

  /**
   * Folds `other` into this entry: text in time order, the span of both,
   * summed words and duration-weighted confidence. Never merges across
   * sessions or speakers, since that would misattribute speech.
   */
  mergeWith(other: TranscriptEntry): this {
    if (other === this) {
      throw new ValidationError('other', 'cannot merge an entry into itself');
    }
    if (sessionKey(other) !== sessionKey(this)) {
      throw new ValidationError(
        'session',
        'cannot merge entries of different sessions',
      );
    }
    if ((other.speaker ?? null) !== (this.speaker ?? null)) {
      throw new ValidationError(
        'speaker',
        `cannot merge "${other.speaker}" into "${this.speaker}"`,
      );
    }

    const [first, second] =
      other.startTime < this.startTime ? [other, this] : [this, other];
    this.confidence = mergedConfidence(this, other);
    this.text = `${first.text.trim()} ${second.text.trim()}`.trim();
    this.startTime = Math.min(this.startTime, other.startTime);
    this.endTime = Math.max(this.endTime, other.endTime);
    this.wordCount += other.wordCount;
    return this;
  }

  /** Rejects impossible values before they reach the database. */
  validate(): void {
    checkRange('confidence', this.confidence, 0, 1);
    checkRange('startTime', this.startTime, 0);
    checkRange('endTime', this.endTime, 0);
    checkOrder('endTime', this.startTime, this.endTime);
    checkRange('wordCount', this.wordCount, 0);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      sessionId: sessionKey(this),
      text: this.text,
      speaker: this.speaker ?? null,
      startTime: this.startTime,
      endTime: this.endTime,
      confidence: this.confidence ?? null,
      entryType: this.entryType,
      language: this.language ?? null,
      wordCount: this.wordCount,
      createdAt: this.createdAt.toISOString(),
    };
  }
}

function sessionKey(entry: TranscriptEntry): unknown {
  return entry.session?.id ?? entry.session;
}

function mergedConfidence(
  a: TranscriptEntry,
  b: TranscriptEntry,
): number | null {
  if (a.confidence == null) return b.confidence ?? null;
  if (b.confidence == null) return a.confidence;
  const total = a.getDuration() + b.getDuration();
  if (total === 0) return (a.confidence + b.confidence) / 2;
  return (
    (a.confidence * a.getDuration() + b.confidence * b.getDuration()) / total
  );
}

export const TranscriptEntrySchema = new EntitySchema<TranscriptEntry>({
  class: TranscriptEntry,
  tableName: 'transcript_entries',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    session: {
      kind: 'm:1',
      entity: () => Session,
      deleteRule: 'cascade',
      index: false,
    },
    text: { type: 'text' },
    speaker: { type: 'string', nullable: true },
    startTime: { type: 'double' },
    endTime: { type: 'double' },
    confidence: { type: 'double', nullable: true },
    entryType: {
      enum: true,
      items: () => TranscriptEntryType,
      default: TranscriptEntryType.Speech,
    },
    language: { type: 'string', nullable: true },
    wordCount: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', onCreate: () => new Date(), index: true },
  },
  indexes: [{ properties: ['session', 'startTime'] }],
  checks: [
    {
      name: 'transcript_entries_confidence_range',
      expression: 'confidence >= 0 and confidence <= 1',
    },
    {
      name: 'transcript_entries_start_time_range',
      expression: 'start_time >= 0',
    },
    {
      name: 'transcript_entries_end_time_order',
      expression: 'end_time >= start_time',
    },
    {
      name: 'transcript_entries_word_count_range',
      expression: 'word_count >= 0',
    },
  ],
  hooks: { beforeCreate: ['validate'], beforeUpdate: ['validate'] },
});
