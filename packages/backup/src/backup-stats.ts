import type { Listing, Orphan } from './catalogue.js';
import type { PartialFile } from './partial-files.js';
import type { BackupInfo } from './types.js';

/** The state of a backup folder at a glance. */
export interface BackupStats {
  total: number;
  /** Bytes of every listed archive. */
  totalSize: number;
  lastBackup: BackupInfo | null;
  /** The newest backup that passed verification. */
  lastGoodBackup: BackupInfo | null;
  failed: number;
  orphans: Orphan[];
  /** Partial files of running or dead runs; `abandoned` ones get swept. */
  partials: PartialFile[];
  lastError: { message: string; at: string } | null;
}

/** Stats of a listing; `lastError` of this process wins over manifests. */
export function computeStats(
  listing: Listing,
  lastError: BackupStats['lastError'],
): BackupStats {
  const { backups, orphans, partials } = listing;
  const failed = backups.filter((b) => b.status === 'failed');
  const lastFailure = failed[0]?.verifyError
    ? { message: failed[0].verifyError, at: failed[0].verifiedAt ?? '' }
    : null;
  return {
    total: backups.length,
    totalSize: backups.reduce((sum, b) => sum + b.compressedSize, 0),
    lastBackup: backups[0] ?? null,
    lastGoodBackup: backups.find((b) => b.verified) ?? null,
    failed: failed.length,
    orphans,
    partials,
    lastError: lastError ?? lastFailure,
  };
}
