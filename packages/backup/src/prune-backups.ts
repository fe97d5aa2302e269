import type { Logger } from '@steno/db';
import type { BackupConfig } from './backup-config.js';
import type { Catalogue } from './catalogue.js';
import { sweepPartials } from './partial-files.js';
import { planPrune } from './prune-policy.js';

/** One line per backup: what cleanup did and why. */
export interface PruneResult {
  deleted: Array<{ backupId: string; ok: boolean; error?: string }>;
  kept: Array<{ backupId: string; reasons: string[] }>;
  /** Partial files of dead runs that this cleanup removed. */
  removedPartials: string[];
  /** Why nothing was pruned, when nothing could be. */
  skipped?: string;
}

export interface PruneInput {
  catalogue: Catalogue;
  config: BackupConfig;
  deleteBackup: (backupId: string) => Promise<void>;
  logger: Logger;
  /** The clock the age limit is measured with. */
  now: () => Date;
}

/**
 * Deletes what the keep policy does not keep, one result per backup.
 * With verification on, only verified backups count as good.
 */
export async function pruneBackups(input: PruneInput): Promise<PruneResult> {
  const { config } = input;
  const swept = await sweepPartials(config.directory, input.logger);
  const removedPartials = swept.map((partial) => partial.file);
  const { backups } = await input.catalogue.list();
  const plan = planPrune({
    backups,
    policy: config.keep,
    maxBackups: config.maxBackups,
    isGood: (b) => (config.verify ? b.verified : b.status !== 'failed'),
    cutoff: cutoffOf(config.retentionDays, input.now()),
  });
  const kept = plan.keep.map((b) => ({
    backupId: b.backupId,
    reasons: plan.reasons[b.backupId] ?? [],
  }));
  if (Object.keys(plan.reasons).length === 0) {
    input.logger.debug({ job: 'prune' }, 'no good backup yet, prune skipped');
    return {
      deleted: [],
      kept,
      removedPartials,
      skipped: 'no good backup yet',
    };
  }
  for (const { backupId, reasons } of kept) {
    input.logger.debug({ backup_id: backupId, reasons }, 'backup kept');
  }

  const deleted: PruneResult['deleted'] = [];
  for (const info of plan.delete) {
    deleted.push(
      await input.deleteBackup(info.backupId).then(
        () => ({ backupId: info.backupId, ok: true }),
        (error: unknown) => ({
          backupId: info.backupId,
          ok: false,
          error: (error as Error).message,
        }),
      ),
    );
  }
  logOutcome(input.logger, deleted);
  return { deleted, kept, removedPartials };
}

function logOutcome(logger: Logger, deleted: PruneResult['deleted']): void {
  const failed = deleted.filter((d) => !d.ok);
  const fields = { job: 'prune', deleted: deleted.length - failed.length };
  if (failed.length === 0) {
    logger.info(fields, 'backups pruned');
    return;
  }
  logger.warn(
    { ...fields, failed: failed.map((d) => d.backupId) },
    'some backups could not be deleted',
  );
}

/** The instant `days` before `now`; null when there is no age limit. */
export function cutoffOf(days: number, now: Date): Date | null {
  return days > 0 ? new Date(now.getTime() - days * 86_400_000) : null;
}
