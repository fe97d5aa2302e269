import { resolve } from 'node:path';
import { Cron } from 'croner';
import { StenoError } from '@steno/models';
import type { Compression } from './types.js';
import { codecAvailable } from './codec.js';

/** What to back up where, how often, and how many to keep. */
export interface BackupConfig {
  /** Folder of archives and manifests; created with mode 0700. */
  directory: string;
  /** Seconds between scheduled runs, or a cron expression. */
  schedule: number | string;
  /** Most backups kept by cleanup; 0 means no count limit. */
  maxBackups: number;
  compress: Compression;
  /** Verify every new backup before it counts (and before pruning). */
  verify: boolean;
  /** Send events to `onEvent`. */
  notifications: boolean;
  /** Time-bucket policy applied by cleanup, on top of `maxBackups`. */
  keep: KeepPolicy;
  /**
   * Days a backup is kept by cleanup, on top of `maxBackups` and `keep`;
   * the newest good backup stays whatever its age. 0: no age limit.
   */
  retentionDays: number;
  /** Milliseconds a snapshot may take before it is aborted. */
  snapshotTimeoutMs: number;
}

/**
 * Newest backup kept per bucket, for the newest N buckets of each kind;
 * a backup kept by any rule stays. All zero means keep by count only.
 */
export interface KeepPolicy {
  last: number;
  hourly: number;
  daily: number;
  weekly: number;
  monthly: number;
}

export type BackupConfigInput = Partial<Omit<BackupConfig, 'keep'>> & {
  keep?: Partial<KeepPolicy>;
};

const DEFAULTS: BackupConfig = {
  directory: './backups',
  schedule: 86_400,
  maxBackups: 7,
  compress: 'gzip',
  verify: true,
  notifications: true,
  keep: { last: 0, hourly: 0, daily: 0, weekly: 0, monthly: 0 },
  retentionDays: 0,
  snapshotTimeoutMs: 10 * 60_000,
};

/** Fills defaults and reports every problem at once, keyed by path. */
export function createBackupConfig(
  input: BackupConfigInput = {},
): BackupConfig {
  const config: BackupConfig = {
    ...DEFAULTS,
    ...defined(input),
    keep: { ...DEFAULTS.keep, ...defined(input.keep ?? {}) },
  };

  const problems = findProblems(config);
  if (problems.length > 0) {
    throw new StenoError(
      'INVALID_CONFIG',
      `invalid backup config:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { details: { problems } },
    );
  }
  config.directory = resolve(config.directory);
  return config;
}

function findProblems(config: BackupConfig): string[] {
  const problems: string[] = [];
  if (typeof config.directory !== 'string' || config.directory === '') {
    problems.push('backup.directory: must be a non-empty folder path');
  }
  problems.push(...scheduleProblems(config.schedule));
  checkCount(problems, 'backup.maxBackups', config.maxBackups);
  checkCount(problems, 'backup.snapshotTimeoutMs', config.snapshotTimeoutMs);
  checkCount(problems, 'backup.retentionDays', config.retentionDays);
  for (const [key, value] of Object.entries(config.keep)) {
    checkCount(problems, `backup.keep.${key}`, value);
  }

  if (!codecAvailable(config.compress)) {
    problems.push(
      `backup.compress: ${show(config.compress)} is not available here; ` +
        'use gzip, brotli or none',
    );
  }
  for (const key of ['verify', 'notifications'] as const) {
    if (typeof config[key] !== 'boolean') {
      problems.push(`backup.${key}: must be true or false`);
    }
  }
  return problems;
}

/** Problems with a schedule: positive whole seconds, or valid cron. */
export function scheduleProblems(schedule: unknown): string[] {
  if (typeof schedule === 'number') {
    return Number.isInteger(schedule) && schedule > 0
      ? []
      : [`backup.schedule: seconds must be a whole number > 0`];
  }
  if (typeof schedule !== 'string') {
    return ['backup.schedule: must be seconds or a cron expression'];
  }
  try {
    new Cron(schedule, { paused: true }).stop();
    return [];
  } catch (error) {
    const reason = (error as Error).message;
    return [`backup.schedule: ${show(schedule)} is not cron: ${reason}`];
  }
}

function checkCount(problems: string[], key: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 0) {
    problems.push(`${key}: must be a whole number >= 0, got ${show(value)}`);
  }
}

function defined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
