import { EntitySchema } from '@mikro-orm/core';
import { AnalysisType } from '../enums.js';
import { checkRange } from '../validate.js';
import { Session } from './session.js';

/** The output of one AI analysis of a session. */
export class AnalysisResult {
  id!: number;
  session!: Session;
  analysisType!: AnalysisType;
  /** Whatever the model returned, stored as JSON. */
  resultData?: unknown;
  /** 0 to 1. */
  confidence?: number | null;
  /** Seconds the analysis took. */
  processingTime?: number | null;
  modelVersion?: string | null;
  createdAt: Date = new Date();

  constructor(session: Session, analysisType: AnalysisType, data?: unknown) {
    this.session = session;
    this.analysisType = analysisType;
    this.resultData = data;
  }

  /** The `summary` text, or null when the result has none. */
  getSummary(): string | null {
    const value = this.field('summary');
    return typeof value === 'string' ? value : null;
  }

  /** The `action_items` (or `actionItems`) list; empty when missing. */
  getActionItems(): unknown[] {
    const value = this.field('action_items') ?? this.field('actionItems');
    return Array.isArray(value) ? value : [];
  }

  /** The `topics` list; empty when missing. */
  getTopics(): unknown[] {
    const value = this.field('topics');
    return Array.isArray(value) ? value : [];
  }

  /** Rejects impossible values before they reach the database. */
  validate(): void {
    checkRange('confidence', this.confidence, 0, 1);
    checkRange('processingTime', this.processingTime, 0);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      sessionId: this.session?.id ?? null,
      analysisType: this.analysisType,
      resultData: this.resultData ?? null,
      confidence: this.confidence ?? null,
      processingTime: this.processingTime ?? null,
      modelVersion: this.modelVersion ?? null,
      createdAt: this.createdAt.toISOString(),
    };
  }

  private field(key: string): unknown {
    const data = this.resultData;
    if (data == null || typeof data !== 'object' || Array.isArray(data)) {
      return undefined;
    }
    return (data as Record<string, unknown>)[key];
  }
}

export const AnalysisResultSchema = new EntitySchema<AnalysisResult>({
  class: AnalysisResult,
  tableName: 'analysis_results',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    session: {
      kind: 'm:1',
      entity: () => Session,
      deleteRule: 'cascade',
      index: true,
    },
    analysisType: { enum: true, items: () => AnalysisType },
    resultData: { type: 'json', nullable: true },
    confidence: { type: 'double', nullable: true },
    processingTime: { type: 'double', nullable: true },
    modelVersion: { type: 'string', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date(), index: true },
  },
  checks: [
    {
      name: 'analysis_results_confidence_range',
      expression: 'confidence >= 0 and confidence <= 1',
    },
    {
      name: 'analysis_results_processing_time_range',
      expression: 'processing_time >= 0',
    },
  ],
  hooks: { beforeCreate: ['validate'], beforeUpdate: ['validate'] },
});
