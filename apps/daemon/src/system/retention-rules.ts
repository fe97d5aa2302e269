import { defaultRules, type RetentionRule } from '@steno/retention';
import type { StenoConfig } from '../config/load-config.js';

/**
 * The retention settings of the config: the seed's session and
 * transcript rules, plus one that ages out the sampler's metrics.
 */
export function retentionConfigOf(config: StenoConfig) {
  const retention = config.retention;
  const rules: RetentionRule[] = defaultRules({
    session_retention_days: retention.sessionRetentionDays,
    transcript_retention_days: retention.transcriptRetentionDays,
  });
  if (retention.metricsRetentionDays !== null) {
    rules.push({
      ruleId: 'metrics',
      name: 'Old metric samples',
      description: 'Deletes SystemMetrics samples of the metrics sampler',
      entity: 'SystemMetrics',
      dateField: 'timestamp',
      retentionDays: retention.metricsRetentionDays,
    });
  }
  return {
    enabled: retention.enabled,
    schedule: retention.schedule,
    dryRun: retention.dryRun,
    backupBeforeCleanup: retention.backupBeforeCleanup,
    rules,
  };
}
