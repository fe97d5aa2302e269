import { describe, expect, it } from 'vitest';
import { createRetentionConfig } from './retention-config.js';
import { validateRule } from './retention-rule.js';

describe('validateRule', () => {
  it('lists every problem, each by its key', () => {
    let caught: unknown;
    try {
      validateRule({
        ruleId: 'r1',
        name: 'bad',
        entity: 'Sessions',
        maxCount: 0,
        retentionDays: -1,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_CONFIG' });
    const message = (caught as Error).message;
    expect(message).toContain('entity: must be one of Session,');
    expect(message).toContain('retentionDays: must be a number >= 0, got -1');
    expect(message).toContain('maxCount: must be an integer >= 1, got 0');
  });

  it('refuses a size cap on rows without a size', () => {
    expect(() =>
      validateRule({
        ruleId: 'r2',
        name: 'cap',
        entity: 'TranscriptEntry',
        maxSizeMb: 5,
      }),
    ).toThrow(/maxSizeMb: TranscriptEntry rows have no size/);
  });

  it('needs a reason to delete', () => {
    expect(() =>
      validateRule({ ruleId: 'r3', name: 'none', entity: 'Session' }),
    ).toThrow(/set it, maxCount or maxSizeMb/);
  });
});

describe('createRetentionConfig', () => {
  it('builds the default rules from the seed shorthand', () => {
    const config = createRetentionConfig({
      session_retention_days: 90,
      transcript_retention_days: 30,
    });
    expect(
      config.rules.map((r) => [r.ruleId, r.entity, r.retentionDays]),
    ).toEqual([
      ['sessions', 'Session', 90],
      ['transcripts', 'TranscriptEntry', 30],
    ]);
    expect(config.backupBeforeCleanup).toBe(true);
  });
});
