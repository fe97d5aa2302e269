import { chmod, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StenoError } from '@steno/models';
import { writeFileAtomic } from './atomic-file.js';
import { assertBackupId, isBackupId } from './backup-id.js';
import { ARCHIVE_EXTENSIONS } from './codec.js';
import { listPartials, type PartialFile } from './partial-files.js';
import type { BackupInfo, Compression } from './types.js';

const MANIFEST_SUFFIX = '.manifest.json';

/**
 * A file in the backup folder that is not part of a listed backup: it
 * has no partner, or its manifest cannot be read.
 */
export interface Orphan {
  backupId: string;
  file: string;
  problem:
    | 'archive without manifest'
    | 'manifest without archive'
    | 'damaged manifest';
  /** For a damaged manifest: why it cannot be read, and the archive. */
  detail?: string;
  /** The archive beside a damaged manifest; deleting the id removes it. */
  archive?: string;
}

export interface Listing {
  /** Newest first by creation order, then recorded time. */
  backups: BackupInfo[];
  orphans: Orphan[];
  /** Files of runs in flight or dead, so their bytes are seen. */
  partials: PartialFile[];
}

/**
 * The backups of one folder, read from their manifests. Only names this
 * package writes count; `.tmp` partials are listed apart, foreign files
 * ignored.
 */
export class Catalogue {
  constructor(readonly directory: string) {}

  /** Creates the folder, or tightens an existing one, to mode 0700. */
  async ensureDirectory(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await chmod(this.directory, 0o700).catch((error: unknown) => {
      // A folder someone else owns keeps its mode; our files stay 0600.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    });
  }

  manifestPath(backupId: string): string {
    return join(this.directory, `${backupId}${MANIFEST_SUFFIX}`);
  }

  archivePath(backupId: string, codec: Compression): string {
    return join(this.directory, `${backupId}${ARCHIVE_EXTENSIONS[codec]}`);
  }

  async list(): Promise<Listing> {
    const names = await this.readNames();
    const archives = archiveIds(names);
    const backups: BackupInfo[] = [];
    const orphans: Orphan[] = [];

    for (const name of names) {
      if (!name.endsWith(MANIFEST_SUFFIX)) continue;
      const id = name.slice(0, -MANIFEST_SUFFIX.length);
      if (!isBackupId(id)) continue;
      const read = await this.readManifest(id).catch((error: Error) => error);
      const archive = archives.get(id);
      if (!archive) orphans.push(orphan(id, name, 'manifest without archive'));
      else if (read instanceof Error) {
        orphans.push(damaged(id, name, read, archive));
      } else backups.push(read);
      archives.delete(id);
    }
    for (const [id, file] of archives) {
      orphans.push(orphan(id, file, 'archive without manifest'));
    }
    return {
      backups: backups.sort(newestFirst),
      orphans,
      partials: await listPartials(this.directory, names),
    };
  }

  /**
   * The manifest of an id this folder holds: BACKUP_NOT_FOUND when it
   * has none, BACKUP_INVALID when its manifest cannot be read.
   */
  async get(backupId: unknown): Promise<BackupInfo> {
    const id = assertBackupId(backupId);
    const info = await this.readManifest(id).catch((error: unknown) => {
      if (isMissing(error)) {
        throw new StenoError(
          'BACKUP_NOT_FOUND',
          `backup ${id} not found in ${this.directory}: ` +
            'run `steno backup list` to see the ids',
          { cause: error, details: { backupId: id } },
        );
      }
      throw this.damagedError(id, error as Error);
    });
    await stat(info.filePath).catch((error: unknown) => {
      throw new StenoError(
        'BACKUP_NOT_FOUND',
        `backup ${id} has a manifest but its archive is missing`,
        { cause: error, details: { backupId: id, file: info.filePath } },
      );
    });
    return info;
  }

  /** Removes a backup (or orphan) this folder holds, manifest first. */
  async remove(backupId: string): Promise<void> {
    const { backups, orphans } = await this.list();
    const info = backups.find((b) => b.backupId === backupId);
    const orphan = orphans.find((o) => o.backupId === backupId);
    if (!info && !orphan) await this.get(backupId);

    await rm(this.manifestPath(backupId), { force: true });
    if (info) await rm(info.filePath, { force: true });
    if (orphan) await rm(join(this.directory, orphan.file), { force: true });
    if (orphan?.archive) {
      await rm(join(this.directory, orphan.archive), { force: true });
    }
  }

  async writeManifest(info: BackupInfo): Promise<void> {
    const text = `${JSON.stringify(info, null, 2)}\n`;
    await writeFileAtomic(this.manifestPath(info.backupId), text);
  }

  /** The next creation number: one more than any manifest here. */
  async nextSequence(): Promise<number> {
    const { backups } = await this.list();
    return Math.max(0, ...backups.map((b) => b.sequence)) + 1;
  }

  private async readManifest(backupId: string): Promise<BackupInfo> {
    const text = await readFile(this.manifestPath(backupId), 'utf8');
    const info = parseManifest(text);
    if (info.backupId !== backupId) {
      throw new Error(`it names backup ${String(info.backupId)}`);
    }
    const file = join(this.directory, `${backupId}${ext(info.compression)}`);
    return { ...info, filePath: file };
  }

  /** BACKUP_INVALID for a manifest that is there but unreadable. */
  private damagedError(backupId: string, error: Error): StenoError {
    const file = this.manifestPath(backupId);
    return new StenoError(
      'BACKUP_INVALID',
      `backup ${backupId}: its manifest ${file} is damaged ` +
        `(${error.message}); the backup cannot be verified or restored ` +
        'until the manifest is repaired, or deleted with its id',
      { cause: error, details: { backupId, file } },
    );
  }

  private async readNames(): Promise<string[]> {
    try {
      return await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

function ext(codec: Compression): string {
  const known = ARCHIVE_EXTENSIONS[codec];
  if (!known) throw new Error(`unknown compression ${String(codec)}`);
  return known;
}

/** The manifest's object; a parse error says where the JSON broke. */
function parseManifest(text: string): BackupInfo {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('not a JSON object');
  }
  return value as BackupInfo;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** An unreadable manifest beside its archive: a backup, not an orphan. */
function damaged(
  backupId: string,
  file: string,
  error: Error,
  archive: string,
): Orphan {
  return {
    ...orphan(backupId, file, 'damaged manifest'),
    detail: `${error.message}; archive ${archive} is there`,
    archive,
  };
}

/** Archive names by id; the longest extension wins (.sqlite.gz). */
function archiveIds(names: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const exts = Object.values(ARCHIVE_EXTENSIONS);
  for (const name of names) {
    const match = exts.find((e) => name.endsWith(e));
    if (!match) continue;
    const id = name.slice(0, -match.length);
    if (isBackupId(id)) ids.set(id, name);
  }
  return ids;
}

function orphan(
  backupId: string,
  file: string,
  problem: Orphan['problem'],
): Orphan {
  return { backupId, file, problem };
}

/** Creation order first: the clock may have been set back since. */
export function newestFirst(a: BackupInfo, b: BackupInfo): number {
  const bySequence = (b.sequence ?? 0) - (a.sequence ?? 0);
  if (bySequence !== 0) return bySequence;
  return Date.parse(b.createdAt) - Date.parse(a.createdAt);
}
