import { StenoError } from '@steno/models';
import type { RetentionManager } from '@steno/retention';
import type { DataSystem } from './data-system.js';

/** How long after start a missed backup runs: start-up settles first. */
const CATCH_UP_DELAY_MS = 5_000;

/**
 * Adds the daemon's jobs to the system's scheduler: backup and retention
 * under the shared job lock, the metrics sampler beside them.
 */
export async function scheduleJobs(system: DataSystem): Promise<void> {
  const { config, scheduler } = system;
  if (config.backup.enabled) {
    await system.backupManager.removePartials();
    scheduler.add({
      name: 'backup',
      schedule: config.backup.schedule,
      exclusive: true,
      firstRunAt: await catchUpBackup(system),
      run: () => system.backupManager.runScheduledBackup(),
    });
  }
  if (config.retention.enabled) {
    scheduler.add({
      name: 'retention',
      schedule: config.retention.schedule,
      exclusive: true,
      run: () => applyRetention(system.retentionManager),
    });
  }
  if (config.metrics.enabled) {
    scheduler.add({
      name: 'metrics',
      schedule: config.metrics.schedule,
      run: () => system.sampler.sample(),
    });
  }
}

/**
 * A backup missed while the daemon was down, or none at all yet, runs
 * once a few seconds after start instead of a whole interval later;
 * cron schedules keep their times.
 */
async function catchUpBackup(system: DataSystem): Promise<Date | undefined> {
  const schedule = system.config.backup.schedule;
  if (typeof schedule !== 'number') return undefined;
  const { lastBackup } = await system.backupManager.getBackupStats();
  const due = lastBackup
    ? Date.parse(lastBackup.createdAt) + schedule * 1000
    : Date.now();
  return new Date(Math.max(due, Date.now() + CATCH_UP_DELAY_MS));
}

async function applyRetention(manager: RetentionManager): Promise<void> {
  const run = await manager.applyRetentionRules();
  if (run.success) return;
  const failed = run.results.filter((result) => !result.success);
  const why = failed.map((r) => `${r.ruleId}: ${r.error?.message}`);
  throw new StenoError(
    'RETENTION_FAILED',
    `retention run failed: ${why.join('; ') || 'see the log'}`,
    { details: { results: run.results } },
  );
}
