import { Database } from '@steno/db';

/**
 * Runs one @steno/backup or @steno/retention operation in its own
 * process, so its peak RSS can be read, and prints its own duration
 * (without process start-up) as the last line of JSON.
 *
 *   steno-op <op> <db> <backup-dir> <codec> [backup-id | cutoff-ms]
 */
const [op = '', path = '', directory = '', codec = 'gzip', arg = ''] =
  process.argv.slice(2);

const db = new Database({ path });
await db.connect();
try {
  const started = performance.now();
  const result = await runOp();
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, ...result })}\n`);
} finally {
  await db.disconnect();
}

async function runOp(): Promise<Record<string, unknown>> {
  if (op === 'retention') return applyRetention(Number(arg));
  const { BackupManager } = await import('@steno/backup');
  const manager = new BackupManager({
    db,
    config: { directory, compress: codec as 'gzip', verify: false },
  });
  switch (op) {
    case 'idle':
      return {};
    case 'backup': {
      const info = await manager.createBackup('bench');
      return { backupId: info.backupId, bytes: info.compressedSize };
    }
    case 'verify': {
      const result = await manager.verifyBackup(arg);
      return { ok: result.ok, problems: result.problems };
    }
    case 'restore':
      return { ...(await manager.restoreBackup(arg)) };
    default:
      throw new Error(`unknown op ${op}`);
  }
}

/** Deletes transcript entries older than `cutoffMs` by a rule. */
async function applyRetention(cutoffMs: number) {
  const { RetentionManager } = await import('@steno/retention');
  // A fixed clock an hour ahead keeps the cutoff exact while the writer
  // stores newer rows, which would otherwise look like a clock set back.
  const now = new Date(Date.now() + 3_600_000);
  const retentionDays = (now.getTime() - cutoffMs) / 86_400_000;
  const manager = new RetentionManager(db, {
    now: () => now,
    config: {
      backupBeforeCleanup: false,
      rules: [
        {
          ruleId: 'bench-older-half',
          name: 'Older half of the transcript entries',
          entity: 'TranscriptEntry',
          dateField: 'createdAt',
          retentionDays,
        },
      ],
    },
  });
  const run = await manager.applyRetentionRules();
  const result = run.results[0];
  if (!result?.success || !result.complete) {
    throw new Error(`retention did not finish: ${JSON.stringify(result)}`);
  }
  return { deleted: result.deletedCount };
}
