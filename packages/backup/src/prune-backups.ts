import type { BackupConfig } from './backup-config.js';
import type { Catalogue } from './catalogue.js';
import { planPrune } from './prune-policy.js';

/** One line per backup: what cleanup did and why. */
export interface PruneResult {
  deleted: Array<{ backupId: string; ok: boolean; error?: string }>;
  kept: Array<{ backupId: string; reasons: string[] }>;
  /** Why nothing was pruned, when nothing could be. */
  skipped?: string;
}

export interface PruneInput {
  catalogue: Catalogue;
  config: BackupConfig;
  deleteBackup: (backupId: string) => Promise<void>;
}

/**
 * Deletes what the keep policy does not keep, one result per backup.
 * With verification on, only verified backups count as good.
 */
export async function pruneBackups(input: PruneInput): Promise<PruneResult> {
  const { config } = input;
  const { backups } = await input.catalogue.list();
  const plan = planPrune({
    backups,
    policy: config.keep,
    maxBackups: config.maxBackups,
    isGood: (b) => (config.verify ? b.verified : b.status !== 'failed'),
  });
  const kept = plan.keep.map((b) => ({
    backupId: b.backupId,
    reasons: plan.reasons[b.backupId] ?? [],
  }));
  if (Object.keys(plan.reasons).length === 0) {
    return { deleted: [], kept, skipped: 'no good backup yet' };
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
  return { deleted, kept };
}
