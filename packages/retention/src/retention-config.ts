import type { RetentionRule } from './retention-rule.js';

/** How retention runs: when, whether it deletes, and by which rules. */
export interface RetentionConfig {
  enabled: boolean;
  /** Seconds between runs, or a cron expression. */
  schedule: number | string;
  /** Report what would be deleted without deleting. */
  dryRun: boolean;
  /** Take a backup before deleting; nothing is deleted if it fails. */
  backupBeforeCleanup: boolean;
  /** Emit events through `onEvent`. */
  notifications: boolean;
  rules: RetentionRule[];
}

/** The seed shorthand: days to keep sessions and transcript entries. */
export interface RetentionSeed {
  session_retention_days?: number | null;
  transcript_retention_days?: number | null;
}

/** Builds the default rules the seed shorthand stands for. */
export function defaultRules(seed: RetentionSeed): RetentionRule[] {
  const rules: RetentionRule[] = [];
  if (seed.session_retention_days != null) {
    rules.push({
      ruleId: 'sessions',
      name: 'Expired sessions',
      description: 'Deletes finished sessions, their rows and their files',
      entity: 'Session',
      retentionDays: seed.session_retention_days,
    });
  }
  if (seed.transcript_retention_days != null) {
    rules.push({
      ruleId: 'transcripts',
      name: 'Expired transcript entries',
      description: 'Deletes transcript entries of finished sessions',
      entity: 'TranscriptEntry',
      retentionDays: seed.transcript_retention_days,
    });
  }
  return rules;
}

/** Fills defaults: enabled, daily, no dry run, backup first. */
export function createRetentionConfig(
  input: Partial<RetentionConfig> & RetentionSeed = {},
): RetentionConfig {
  const rules = input.rules ?? defaultRules(input);
  return {
    enabled: input.enabled ?? true,
    schedule: input.schedule ?? 86_400,
    dryRun: input.dryRun ?? false,
    backupBeforeCleanup: input.backupBeforeCleanup ?? true,
    notifications: input.notifications ?? true,
    rules,
  };
}
