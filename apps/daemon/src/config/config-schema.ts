import { Cron } from 'croner';
import { z } from 'zod';
import { JOURNAL_MODES, SYNCHRONOUS_MODES } from '@steno/db';

/** Seconds between runs, or a cron expression croner accepts. */
export type Schedule = number | string;

const LOG_LEVELS = ['silent', 'debug', 'info', 'warn', 'error'] as const;

/** The log levels the daemon accepts, quietest first. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Reads a cron expression with croner and returns why it is unusable,
 * or null when croner accepts it.
 */
export function explainCron(expression: string): string | null {
  try {
    new Cron(expression, { paused: true }).stop();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function flag() {
  return z.boolean({ error: 'must be true or false' });
}

function count(min: number, what: string) {
  return z
    .number({ error: `must be ${what}` })
    .int({ error: `must be ${what}` })
    .min(min, { error: `must be ${what}` });
}

function days() {
  return count(1, 'a whole number of days >= 1').nullable();
}

function schedule() {
  const seconds = count(1, 'a whole number of seconds >= 1');
  const cron = z.string().superRefine((value, context) => {
    const problem = explainCron(value);
    if (problem) {
      context.addIssue({
        code: 'custom',
        message: `unparsable cron "${value}": ${problem}`,
      });
    }
  });
  return z.union([seconds, cron], {
    error: 'must be seconds between runs or a cron expression',
  });
}

function path() {
  return z
    .string({ error: 'must be a path' })
    .trim()
    .min(1, { error: 'must be a non-empty path' });
}

const databaseSchema = z.strictObject({
  path: path(),
  poolSize: count(1, 'an integer >= 1').max(64).optional(),
  timeout: count(0, 'milliseconds, an integer >= 0').optional(),
  enableWal: flag().optional(),
  foreignKeys: flag().optional(),
  journalMode: z.enum(JOURNAL_MODES).optional(),
  synchronous: z.enum(SYNCHRONOUS_MODES).optional(),
  cacheSize: z.number().int().optional(),
  mmapSize: count(0, 'bytes, an integer >= 0').optional(),
  busyTimeout: count(0, 'milliseconds, an integer >= 0').optional(),
});

const backupSchema = z.strictObject({
  enabled: flag(),
  schedule: schedule(),
  directory: path(),
  maxBackups: count(1, 'an integer >= 1'),
  compress: z.enum(['gzip', 'brotli', 'none'], {
    error: 'must be "gzip", "brotli" or "none"',
  }),
  verify: flag(),
  retentionDays: days(),
});

const retentionSchema = z.strictObject({
  enabled: flag(),
  schedule: schedule(),
  dryRun: flag(),
  backupBeforeCleanup: flag(),
  sessionRetentionDays: days(),
  transcriptRetentionDays: days(),
  metricsRetentionDays: days(),
  storageRoots: z.array(path(), { error: 'must be a list of paths' }),
});

const metricsSchema = z.strictObject({
  enabled: flag(),
  schedule: schedule(),
  storageHighPercent: z
    .number({ error: 'must be a percentage' })
    .gt(0, { error: 'must be a percentage above 0' })
    .max(100, { error: 'must be a percentage up to 100' }),
});

/** The validated config, camelCase, after every default is filled. */
export const configSchema = z.strictObject({
  database: databaseSchema,
  backup: backupSchema,
  retention: retentionSchema,
  migrations: z.strictObject({
    autoApply: flag(),
    backupBeforeMigration: flag(),
  }),
  metrics: metricsSchema,
  server: z.strictObject({
    enabled: flag(),
    host: z.string().min(1, { error: 'must be a host name or address' }),
    port: count(0, 'a port number 0-65535').max(65_535, {
      error: 'must be a port number 0-65535',
    }),
  }),
  logging: z.strictObject({
    level: z.enum(LOG_LEVELS, {
      error: `must be one of ${LOG_LEVELS.join(', ')}`,
    }),
  }),
  shutdown: z.strictObject({
    graceSeconds: count(0, 'a whole number of seconds >= 0'),
  }),
});
