import type { SourcedStatus } from './read-status.js';

/** The status as a few aligned lines for a terminal. */
export function formatStatus(status: SourcedStatus): string {
  const lines = [
    `steno ${status.version}: ${status.status}`,
    ...status.reasons.map((reason) => `  - ${reason}`),
    '',
    row('database', databaseLine(status)),
    row('schema', schemaLine(status)),
    row('backups', backupLine(status)),
    row('retention', retentionLine(status)),
    row('storage', storageLine(status)),
    ...status.jobs.map((job) =>
      row(
        `job ${job.name}`,
        `next ${job.nextRun ?? '-'}, ` +
          `${job.runs} runs, ${job.failures} failed`,
      ),
    ),
    row('source', `${status.source.kind} ${status.source.location}`),
  ];
  return lines.join('\n');
}

function row(label: string, text: string): string {
  return `${label.padEnd(14)}${text}`;
}

function databaseLine(status: SourcedStatus): string {
  const { path, metrics, health } = status.database;
  return (
    `${path} ${megabytes(metrics.databaseSizeBytes)} ` +
    `(wal ${megabytes(metrics.walSizeBytes)}), quick_check ${health.quickCheck}`
  );
}

function schemaLine(status: SourcedStatus): string {
  const { version, state, pending } = status.schema;
  const waiting = pending.length > 0 ? `, pending ${pending.join(', ')}` : '';
  return `${version ?? 'none'} (${state})${waiting}`;
}

function backupLine(status: SourcedStatus): string {
  const backup = status.backup;
  if (!backup.enabled) return 'disabled';
  const last = backup.lastGoodBackup
    ? `last verified ${backup.lastGoodBackup.backupId}`
    : 'none verified';
  const next = backup.nextBackup ? `, next ${backup.nextBackup}` : '';
  return `${backup.total} in ${backup.directory}, ${last}${next}`;
}

function retentionLine(status: SourcedStatus): string {
  const retention = status.retention;
  if (!retention.enabled) return 'disabled';
  const last = retention.lastRun
    ? `last run ${retention.lastRun.at} deleted ` +
      `${retention.lastRun.deletedCount}`
    : 'no run seen';
  const next = retention.nextRun ? `, next ${retention.nextRun}` : '';
  return `${last}${next}`;
}

function storageLine(status: SourcedStatus): string {
  const { usedPercent, availableBytes, path } = status.storage;
  return `${usedPercent}% used, ${megabytes(availableBytes)} free (${path})`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
