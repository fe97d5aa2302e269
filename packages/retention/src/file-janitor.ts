import { lstat, realpath, unlink } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** What happened to one file retention tried to delete. */
export type FileOutcome =
  | { path: string; outcome: 'deleted'; bytes: number }
  | { path: string; outcome: 'missing' }
  | { path: string; outcome: 'refused'; reason: string }
  | { path: string; outcome: 'failed'; error: string };

/**
 * Deletes files only inside the configured storage roots, judged by real
 * paths, so a symlink cannot lead it outside them.
 */
export class FileJanitor {
  private roots: string[] | null = null;

  constructor(
    private readonly storageRoots: readonly string[],
    private readonly baseDir: string,
  ) {}

  /** Bytes deleting `path` would free now; 0 when it would not. */
  async sizeIfDeletable(path: string): Promise<number> {
    const checked = await this.check(path);
    return checked.ok ? checked.bytes : 0;
  }

  /** Deletes `path` when it is inside a root; a missing file is fine. */
  async deleteFile(path: string): Promise<FileOutcome> {
    const checked = await this.check(path);
    if (!checked.ok) return { path, ...checked.outcome } as FileOutcome;
    try {
      await unlink(checked.absolute);
      return { path, outcome: 'deleted', bytes: checked.bytes };
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return { path, outcome: 'missing' };
      return { path, outcome: 'failed', error: (error as Error).message };
    }
  }

  private async check(path: string): Promise<Checked> {
    const absolute = resolve(this.baseDir, path);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') {
        return { ok: false, outcome: { outcome: 'missing' } };
      }
      return failed(error);
    }

    const roots = await this.realRoots();
    if (!roots.some((root) => isInside(real, root))) {
      const reason = `resolves to ${real}, outside every storage root`;
      return { ok: false, outcome: { outcome: 'refused', reason } };
    }
    try {
      const stats = await lstat(absolute);
      return { ok: true, absolute, bytes: stats.isFile() ? stats.size : 0 };
    } catch (error) {
      return failed(error);
    }
  }

  private async realRoots(): Promise<string[]> {
    if (this.roots) return this.roots;
    const found: string[] = [];
    for (const root of this.storageRoots) {
      const real = await realpath(resolve(this.baseDir, root)).catch(
        () => null,
      );
      if (real) found.push(real);
    }
    this.roots = found;
    return found;
  }
}

type Checked =
  | { ok: true; absolute: string; bytes: number }
  | {
      ok: false;
      outcome:
        | { outcome: 'missing' }
        | { outcome: 'refused'; reason: string }
        | { outcome: 'failed'; error: string };
    };

function failed(error: unknown): Checked {
  return {
    ok: false,
    outcome: { outcome: 'failed', error: (error as Error).message },
  };
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return (
    rel !== '' &&
    !rel.startsWith(`..${sep}`) &&
    rel !== '..' &&
    !isAbsolute(rel)
  );
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}
