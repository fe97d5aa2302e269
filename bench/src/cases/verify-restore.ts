import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { missingExport } from '../availability.js';
import { runShell } from '../child.js';
import type { BenchCase, BenchContext } from '../context.js';
import { copyDatabase, removeDatabase } from '../fresh-db.js';
import { compareSteps } from '../measure.js';
import { memoryRow } from '../memory-row.js';
import { compareRow, missingRow, type ResultRow } from '../result.js';
import { summarize } from '../stats.js';
import { runStenoOp } from '../steno-op.js';

/**
 * Verify: `verifyBackup` of a gzip backup vs `sha256sum` + `gunzip` +
 * `sqlite3 "PRAGMA integrity_check"`. Restore: `restoreBackup` vs
 * decompressing the archive to a file. Both in their own processes.
 */
export const verifyRestoreCase: BenchCase = {
  id: 'verify-restore',
  title: 'verify and restore',
  async run(context) {
    const missing = await missingExport('@steno/backup', 'BackupManager');
    if (missing) {
      return [missingRow('verify', 'verify', 'unavailable', missing)];
    }
    const dir = join(context.workDir, 'backups-verify');
    mkdirSync(dir, { recursive: true });
    const made = await runStenoOp('backup', context.data.path, dir, 'gzip');
    const archive = join(dir, `${made.backupId}.sqlite.gz`);
    const backupId = made.backupId ?? '';
    return [
      ...(await verifyRows(context, dir, backupId, archive)),
      ...(await restoreRows(context, dir, backupId, archive)),
    ];
  },
};

async function verifyRows(
  context: BenchContext,
  dir: string,
  backupId: string,
  archive: string,
): Promise<ResultRow[]> {
  const peaks: number[] = [];
  const scratch = join(context.workDir, 'cli-verify.db');
  const times = await compareSteps(
    context.filePlan,
    async () => {
      const op = await runStenoOp(
        'verify',
        context.data.path,
        dir,
        'gzip',
        backupId,
      );
      if (!op.ok) throw new Error(`verifyBackup ${backupId} failed`);
      peaks.push(op.peakRssMb);
      return op.ms;
    },
    async () => {
      await runShell(
        `sha256sum '${archive}' > /dev/null ` +
          `&& gunzip -c '${archive}' > '${scratch}' ` +
          `&& sqlite3 '${scratch}' 'pragma integrity_check' | grep -qx ok`,
      );
      removeDatabase(scratch);
    },
  );
  return [
    compareRow(
      'verify.gzip',
      'verify: gzip backup',
      side('verifyBackup', times.subject),
      side('sha256sum + gunzip + integrity_check', times.reference),
      { op: '<=', value: 1.3 },
    ),
    await memoryRow(context, 'verify', peaks),
  ];
}

async function restoreRows(
  context: BenchContext,
  dir: string,
  backupId: string,
  archive: string,
): Promise<ResultRow[]> {
  const peaks: number[] = [];
  const target = join(context.workDir, 'restore-target.db');
  const plain = join(context.workDir, 'cli-restore.db');
  const times = await compareSteps(
    context.filePlan,
    async () => {
      copyDatabase(context.data.path, target);
      const op = await runStenoOp('restore', target, dir, 'gzip', backupId);
      peaks.push(op.peakRssMb);
      return op.ms;
    },
    async () => {
      await runShell(`gunzip -c '${archive}' > '${plain}'`);
      removeDatabase(plain);
    },
  );
  removeDatabase(target);
  return [
    compareRow(
      'restore.gzip',
      'restore: gzip backup',
      side('restoreBackup', times.subject),
      side('gunzip to a file', times.reference),
      { op: '<=', value: 1.5 },
      ['restoreBackup also verifies first and takes a safety backup'],
    ),
    await memoryRow(context, 'restore', peaks),
  ];
}

function side(label: string, times: number[]) {
  return { label, unit: 'ms' as const, summary: summarize(times) };
}
