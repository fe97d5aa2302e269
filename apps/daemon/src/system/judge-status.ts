import type { StenoConfig } from '../config/load-config.js';
import type { SystemStatus } from './status.js';

/** Healthy: nothing to do. Degraded: act soon. Failing: act now. */
export type OverallStatus = 'healthy' | 'degraded' | 'failing';

/** Storage usage, in percent, from which the system is failing. */
export const STORAGE_FULL_PERCENT = 98;

type Facts = Omit<SystemStatus, 'status' | 'reasons'>;

/**
 * Judges the system from its facts: failing when the data is at risk
 * now, degraded when something needs an operator soon. Each reason is
 * one lowercase line naming what is wrong.
 */
export function judgeStatus(
  facts: Facts,
  config: StenoConfig,
): { status: OverallStatus; reasons: string[] } {
  const failing = findFailures(facts);
  const degraded = findDegradations(facts, config);
  const status =
    failing.length > 0
      ? 'failing'
      : degraded.length > 0
        ? 'degraded'
        : 'healthy';
  return { status, reasons: [...failing, ...degraded] };
}

function findFailures(facts: Facts): string[] {
  const reasons: string[] = [];
  const { health } = facts.database;
  if (!health.reachable) {
    reasons.push(`database unreachable: ${health.error ?? 'unknown error'}`);
  } else if (health.quickCheck !== 'ok') {
    reasons.push(`database integrity check failed: ${health.quickCheck}`);
  }

  if (facts.schema.error) {
    reasons.push(`migrations failed: ${facts.schema.error}`);
  }
  if (facts.schema.state === 'too_new') {
    const names = facts.schema.unknown.join(', ');
    reasons.push(`schema is newer than this code: ${names}`);
  }
  if (facts.storage.usedPercent >= STORAGE_FULL_PERCENT) {
    reasons.push(`storage ${facts.storage.usedPercent}% full`);
  }
  return reasons;
}

function findDegradations(facts: Facts, config: StenoConfig): string[] {
  const reasons: string[] = [];
  const { health } = facts.database;
  const badPragmas = health.pragmas.filter((pragma) => !pragma.ok);
  for (const pragma of badPragmas) {
    reasons.push(
      `pragma ${pragma.name} is ${pragma.actual}, ` +
        `expected ${pragma.expected}`,
    );
  }

  const { state, pending } = facts.schema;
  if (state === 'pending' || (state === 'unmanaged' && pending.length > 0)) {
    reasons.push(`migrations pending: ${facts.schema.pending.join(', ')}`);
  }
  if (config.backup.enabled) reasons.push(...judgeBackups(facts, config));

  const { usedPercent, highPercent } = facts.storage;
  if (usedPercent >= highPercent && usedPercent < STORAGE_FULL_PERCENT) {
    reasons.push(`storage ${usedPercent}% full (warns at ${highPercent}%)`);
  }
  for (const job of facts.jobs) {
    if (job.lastRun && !job.lastRun.ok) {
      reasons.push(`job ${job.name} failed: ${job.lastRun.error ?? ''}`);
    }
  }
  return reasons;
}

function judgeBackups(facts: Facts, config: StenoConfig): string[] {
  const good = facts.backup.lastGoodBackup;
  if (!good) return ['no verified backup yet'];

  const reasons: string[] = [];
  const schedule = config.backup.schedule;
  const ageMs = Date.parse(facts.checkedAt) - Date.parse(good.createdAt);
  if (typeof schedule === 'number' && ageMs > 2 * schedule * 1000) {
    const hours = (ageMs / 3_600_000).toFixed(1);
    reasons.push(`last verified backup is ${hours} h old`);
  }

  const error = facts.backup.lastError;
  if (error && Date.parse(error.at) > Date.parse(good.createdAt)) {
    reasons.push(`last backup failed: ${error.message}`);
  }
  return reasons;
}
