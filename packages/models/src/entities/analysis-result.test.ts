import { describe, expect, it } from 'vitest';
import { AnalysisType } from '../enums.js';
import { AnalysisResult } from './analysis-result.js';
import { Session } from './session.js';

const session = new Session('x');

function result(data: unknown): AnalysisResult {
  return new AnalysisResult(session, AnalysisType.Summary, data);
}

describe('AnalysisResult', () => {
  it('reads summary, action items and topics when present', () => {
    const r = result({
      summary: 'ship it',
      action_items: [{ who: 'Ada' }],
      topics: ['budget', 'hiring'],
    });

    expect(r.getSummary()).toBe('ship it');
    expect(r.getActionItems()).toEqual([{ who: 'Ada' }]);
    expect(r.getTopics()).toEqual(['budget', 'hiring']);
  });

  it('accepts camelCase actionItems', () => {
    expect(result({ actionItems: ['a'] }).getActionItems()).toEqual(['a']);
  });

  it('tolerates missing keys and data that is not an object', () => {
    for (const data of [undefined, null, {}, 'text', 42, ['summary']]) {
      const r = result(data);
      expect(r.getSummary()).toBeNull();
      expect(r.getActionItems()).toEqual([]);
      expect(r.getTopics()).toEqual([]);
    }
  });

  it('tolerates keys of the wrong type', () => {
    const r = result({ summary: 7, action_items: 'x', topics: { a: 1 } });
    expect(r.getSummary()).toBeNull();
    expect(r.getActionItems()).toEqual([]);
    expect(r.getTopics()).toEqual([]);
  });

  it('rejects a confidence outside 0 to 1 and negative time', () => {
    const r = result({});
    r.confidence = 1.5;
    expect(() => r.validate()).toThrow(/^confidence: must be 0 to 1/);
    r.confidence = 1;
    r.processingTime = -0.5;
    expect(() => r.validate()).toThrow(/^processingTime: /);
  });

  it('serialises to plain JSON', () => {
    const r = result({ summary: 's' });
    r.confidence = 0.25;
    r.createdAt = new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 1));
    expect(r.toJSON()).toEqual({
      id: undefined,
      sessionId: null,
      analysisType: 'summary',
      resultData: { summary: 's' },
      confidence: 0.25,
      processingTime: null,
      modelVersion: null,
      createdAt: '2024-01-01T00:00:00.001Z',
    });
  });
});
