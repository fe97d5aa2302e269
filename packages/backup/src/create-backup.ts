import { rm, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Database } from '@steno/db';
import { compressFile, type OpenWriteStream } from './archive.js';
import { commitRename } from './atomic-file.js';
import type { BackupConfig } from './backup-config.js';
import type { Catalogue } from './catalogue.js';
import { partialPath } from './partial-files.js';
import { takeSnapshot } from './snapshot.js';
import { inspectDatabaseFile } from './sqlite-file.js';
import type { BackupInfo, ProgressCallback } from './types.js';

/** What one backup run needs. */
export interface WriteBackupInput {
  db: Database;
  config: BackupConfig;
  catalogue: Catalogue;
  id: string;
  started: Date;
  description?: string;
  now: () => Date;
  onProgress?: ProgressCallback;
  openWrite?: OpenWriteStream;
  signal?: AbortSignal;
}

/**
 * Snapshot, count, compress, commit the archive by rename, then the
 * manifest. On any failure every file of this run is removed, so a
 * partial backup is never listed and older ones are untouched.
 */
export async function writeBackup(
  input: WriteBackupInput,
): Promise<BackupInfo> {
  const { config, catalogue, id } = input;
  const archive = catalogue.archivePath(id, config.compress);
  const snapshot = partialPath(config.directory, `.${id}.snapshot`);
  const partial = partialPath(config.directory, basename(archive));
  const step = (done: number): void =>
    input.onProgress?.({ phase: 'commit', done, total: 2, unit: 'steps' });
  try {
    // SQLite keeps the mode of an empty target, and gives it to the
    // -journal beside it; a file it creates itself would get 0644.
    await writeFile(snapshot, '', { mode: 0o600, flag: 'wx' });
    await takeSnapshot(input.db, snapshot, {
      timeoutMs: config.snapshotTimeoutMs,
      onProgress: input.onProgress,
      signal: input.signal,
    });
    const contents = await inspectDatabaseFile(snapshot, input.signal);
    const written = await compressFile(snapshot, partial, {
      codec: config.compress,
      phase: 'compress',
      onProgress: input.onProgress,
      openWrite: input.openWrite,
      signal: input.signal,
    });
    input.signal?.throwIfAborted();
    step(0);
    await commitRename(partial, archive);
    step(1);

    const info: BackupInfo = {
      backupId: id,
      filePath: archive,
      fileSize: written.plainSize,
      compressedSize: written.archiveSize,
      checksum: written.checksum,
      createdAt: input.started.toISOString(),
      compressionRatio: ratio(written.archiveSize, written.plainSize),
      verified: false,
      status: 'unverified',
      description: input.description,
      compression: config.compress,
      schemaVersion: contents.schemaVersion,
      sourceSize: await sourceSize(input.db.config.path),
      durationMs: input.now().getTime() - input.started.getTime(),
      rowCounts: contents.rowCounts,
      sequence: await catalogue.nextSequence(),
    };
    input.signal?.throwIfAborted();
    await catalogue.writeManifest(info);
    step(2);
    return info;
  } catch (error) {
    await rm(archive, { force: true });
    throw error;
  } finally {
    await rm(partial, { force: true });
    await rm(snapshot, { force: true });
    await rm(`${snapshot}-journal`, { force: true });
  }
}

function ratio(archive: number, plain: number): number {
  return plain === 0 ? 1 : Math.round((archive / plain) * 10_000) / 10_000;
}

/** The live database's bytes: the main file plus its -wal. */
async function sourceSize(path: string): Promise<number> {
  const size = async (file: string): Promise<number> =>
    (await stat(file).catch(() => null))?.size ?? 0;
  return (await size(path)) + (await size(`${path}-wal`));
}
