import { EntitySchema } from '@mikro-orm/core';
import { checkRange } from '../validate.js';
import { Session } from './session.js';

/** A speaker in one session, with what they said and how. */
export class Participant {
  id!: number;
  session!: Session;
  name!: string;
  /** The label the recogniser gave, such as `SPEAKER_01`. */
  speakerId?: string | null;
  /** Seconds of speech. */
  speakingTime = 0;
  wordCount = 0;
  interruptions = 0;
  questionsAsked = 0;
  /** −1 (negative) to 1 (positive). */
  sentimentScore?: number | null;
  /** 0 to 1. */
  engagementLevel?: number | null;

  constructor(name: string, speakerId?: string | null) {
    this.name = name;
    this.speakerId = speakerId ?? null;
  }

  /**
   * Share of the session's duration this participant spoke, in percent;
   * 0 when the session has no duration yet.
   */
  getSpeakingPercentage(): number {
    const total = this.session?.getDuration?.() ?? null;
    return total ? (this.speakingTime / total) * 100 : 0;
  }

  /** Words per minute of speaking time; 0 when they did not speak. */
  getWordsPerMinute(): number {
    return this.speakingTime > 0
      ? (this.wordCount * 60) / this.speakingTime
      : 0;
  }

  /** Rejects impossible values before they reach the database. */
  validate(): void {
    checkRange('speakingTime', this.speakingTime, 0);
    checkRange('wordCount', this.wordCount, 0);
    checkRange('interruptions', this.interruptions, 0);
    checkRange('questionsAsked', this.questionsAsked, 0);
    checkRange('sentimentScore', this.sentimentScore, -1, 1);
    checkRange('engagementLevel', this.engagementLevel, 0, 1);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      sessionId: this.session?.id ?? null,
      name: this.name,
      speakerId: this.speakerId ?? null,
      speakingTime: this.speakingTime,
      wordCount: this.wordCount,
      interruptions: this.interruptions,
      questionsAsked: this.questionsAsked,
      sentimentScore: this.sentimentScore ?? null,
      engagementLevel: this.engagementLevel ?? null,
      speakingPercentage: this.getSpeakingPercentage(),
      wordsPerMinute: this.getWordsPerMinute(),
    };
  }
}

/** One CHECK per column, so a failure names the field it guards. */
function nonNegative(column: string): { name: string; expression: string } {
  return { name: `participants_${column}_range`, expression: `${column} >= 0` };
}

export const ParticipantSchema = new EntitySchema<Participant>({
  class: Participant,
  tableName: 'participants',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    session: {
      kind: 'm:1',
      entity: () => Session,
      deleteRule: 'cascade',
      index: true,
    },
    name: { type: 'string' },
    speakerId: { type: 'string', nullable: true },
    speakingTime: { type: 'double', default: 0 },
    wordCount: { type: 'integer', default: 0 },
    interruptions: { type: 'integer', default: 0 },
    questionsAsked: { type: 'integer', default: 0 },
    sentimentScore: { type: 'double', nullable: true },
    engagementLevel: { type: 'double', nullable: true },
  },
  checks: [
    nonNegative('speaking_time'),
    nonNegative('word_count'),
    nonNegative('interruptions'),
    nonNegative('questions_asked'),
    {
      name: 'participants_sentiment_score_range',
      expression: 'sentiment_score >= -1 and sentiment_score <= 1',
    },
    {
      name: 'participants_engagement_level_range',
      expression: 'engagement_level >= 0 and engagement_level <= 1',
    },
  ],
  hooks: { beforeCreate: ['validate'], beforeUpdate: ['validate'] },
});
