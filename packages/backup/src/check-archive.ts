import { rm } from 'node:fs/promises';
import { extractArchive, type OpenWriteStream } from './archive.js';
import { inspectDatabaseFile, type DatabaseInspection } from './sqlite-file.js';
import type { BackupInfo, ProgressCallback } from './types.js';

export interface ArchiveCheck {
  ok: boolean;
  /** Each thing that is wrong, in words; empty when `ok`. */
  problems: string[];
  inspection: DatabaseInspection | null;
}

export interface CheckOptions {
  onProgress?: ProgressCallback;
  openWrite?: OpenWriteStream;
  /** Stops the check; an aborted check throws and says nothing. */
  signal?: AbortSignal;
}

/**
 * Decompresses the archive into `target` in full and checks it against
 * its manifest: checksum, sizes, `integrity_check` and row counts.
 * `target` is removed unless the check passed.
 */
export async function checkArchive(
  info: BackupInfo,
  target: string,
  options: CheckOptions = {},
): Promise<ArchiveCheck> {
  await rm(target, { force: true });
  try {
    const check = await runChecks(info, target, options);
    if (!check.ok) await rm(target, { force: true });
    return check;
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
}

async function runChecks(
  info: BackupInfo,
  target: string,
  options: CheckOptions,
): Promise<ArchiveCheck> {
  const problems: string[] = [];
  const extracted = await extractArchive(info.filePath, target, {
    codec: info.compression,
    phase: 'verify',
    onProgress: options.onProgress,
    openWrite: options.openWrite,
    signal: options.signal,
  }).catch((error: unknown) => {
    // A full or unreadable disk says nothing about the archive itself.
    if ((error as { syscall?: string }).syscall) throw error;
    if (options.signal?.aborted) throw error;
    problems.push(`decompress archive: ${(error as Error).message}`);
    return null;
  });
  if (!extracted) return { ok: false, problems, inspection: null };

  if (extracted.checksum !== info.checksum) {
    problems.push(
      `checksum mismatch: archive is ${extracted.checksum}, ` +
        `manifest says ${info.checksum}`,
    );
  }
  compare(problems, 'archive size', extracted.archiveSize, info.compressedSize);
  compare(problems, 'database size', extracted.plainSize, info.fileSize);
  if (problems.length > 0) return { ok: false, problems, inspection: null };

  const inspection = await inspectDatabaseFile(target, options.signal).catch(
    (error: unknown) => {
      if (options.signal?.aborted) throw error;
      problems.push(`open snapshot: ${(error as Error).message}`);
      return null;
    },
  );
  if (inspection) problems.push(...inspectionProblems(inspection, info));
  return { ok: problems.length === 0, problems, inspection };
}

function inspectionProblems(
  inspection: DatabaseInspection,
  info: BackupInfo,
): string[] {
  const problems: string[] = [];
  if (inspection.integrity.join() !== 'ok') {
    const found = inspection.integrity.slice(0, 5).join('; ');
    problems.push(`integrity_check failed: ${found}`);
  }
  const tables = new Set([
    ...Object.keys(inspection.rowCounts),
    ...Object.keys(info.rowCounts),
  ]);
  for (const table of tables) {
    const found = inspection.rowCounts[table];
    const expected = info.rowCounts[table];
    if (found !== expected) {
      problems.push(
        `rows in ${table}: found ${found ?? 'no table'}, ` +
          `manifest says ${expected ?? 'no table'}`,
      );
    }
  }
  return problems;
}

function compare(
  problems: string[],
  what: string,
  found: number,
  expected: number,
): void {
  if (found !== expected) {
    problems.push(`${what}: found ${found} bytes, manifest says ${expected}`);
  }
}
