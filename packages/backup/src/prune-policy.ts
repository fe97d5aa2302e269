import type { KeepPolicy } from './backup-config.js';
import type { BackupInfo } from './types.js';

export interface PrunePlan {
  keep: BackupInfo[];
  delete: BackupInfo[];
  /** Why each kept backup stays, by id. */
  reasons: Record<string, string[]>;
}

export interface PruneInput {
  /** Newest first, as the catalogue lists them. */
  backups: readonly BackupInfo[];
  policy: KeepPolicy;
  maxBackups: number;
  /** Whether a backup counts as good (verified, or never failed). */
  isGood: (info: BackupInfo) => boolean;
  /** Good backups created before it are deleted; null: no age limit. */
  cutoff?: Date | null;
}

type Bucket = Exclude<keyof KeepPolicy, 'last'>;

const BUCKETS: Record<Bucket, (date: Date) => string> = {
  hourly: (d) => d.toISOString().slice(0, 13),
  daily: (d) => d.toISOString().slice(0, 10),
  weekly: (d) => isoWeek(d),
  monthly: (d) => d.toISOString().slice(0, 7),
};

/**
 * Decides which backups cleanup deletes. It never deletes the newest
 * good backup, nor one newer than it that may still be verifying; a
 * failed backup never fills a slot, and a good one older than `cutoff`
 * is deleted whatever the count and bucket rules say.
 */
export function planPrune(input: PruneInput): PrunePlan {
  const good = input.backups.filter(input.isGood);
  const newestGood = good[0];
  if (!newestGood) {
    return { keep: [...input.backups], delete: [], reasons: {} };
  }
  const reasons = keepReasons(good, input.policy, input.maxBackups);
  dropExpired(reasons, good, input.cutoff ?? null);
  addReason(reasons, newestGood.backupId, 'newest good');

  const newestIndex = input.backups.indexOf(newestGood);
  input.backups.slice(0, newestIndex).forEach((info) => {
    if (info.status !== 'failed') addReason(reasons, info.backupId, 'new');
  });

  const keep = input.backups.filter((b) => reasons[b.backupId]);
  const drop = input.backups.filter((b) => !reasons[b.backupId]);
  return { keep, delete: drop, reasons };
}

function keepReasons(
  good: BackupInfo[],
  policy: KeepPolicy,
  maxBackups: number,
): Record<string, string[]> {
  const reasons: Record<string, string[]> = {};
  const byPolicy = Object.values(policy).some((n) => n > 0);
  const last = byPolicy ? policy.last : maxBackups || good.length;
  good.slice(0, last).forEach((b) => addReason(reasons, b.backupId, 'last'));

  for (const bucket of Object.keys(BUCKETS) as Bucket[]) {
    const seen = new Set<string>();
    for (const info of good) {
      if (seen.size >= policy[bucket]) break;
      const key = BUCKETS[bucket](new Date(info.createdAt));
      if (seen.has(key)) continue;
      seen.add(key);
      addReason(reasons, info.backupId, bucket);
    }
  }
  return capCount(reasons, good, maxBackups);
}

/** Drops the oldest kept backups beyond `maxBackups` (0: no cap). */
function capCount(
  reasons: Record<string, string[]>,
  good: BackupInfo[],
  maxBackups: number,
): Record<string, string[]> {
  if (maxBackups === 0) return reasons;
  const kept = good.filter((b) => reasons[b.backupId]);
  for (const info of kept.slice(maxBackups)) delete reasons[info.backupId];
  return reasons;
}

/** Forgets why expired backups were kept: age beats count and buckets. */
function dropExpired(
  reasons: Record<string, string[]>,
  good: BackupInfo[],
  cutoff: Date | null,
): void {
  if (cutoff === null) return;
  for (const info of good) {
    if (Date.parse(info.createdAt) < cutoff.getTime()) {
      delete reasons[info.backupId];
    }
  }
}

function addReason(
  reasons: Record<string, string[]>,
  id: string,
  reason: string,
): void {
  (reasons[id] ??= []).push(reason);
}

/** ISO 8601 week, like `2026-W49`, in UTC. */
export function isoWeek(date: Date): string {
  const day = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
