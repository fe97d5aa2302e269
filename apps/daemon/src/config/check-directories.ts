import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** A directory the running system must be able to write. */
export interface WritableDirectory {
  /** The key path that names it, for the problem message. */
  key: string;
  directory: string;
}

/**
 * Checks each directory can be written, or created where it is missing,
 * without creating anything. Returns one problem per directory that
 * cannot, prefixed by its key.
 */
export async function checkDirectories(
  directories: readonly WritableDirectory[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const { key, directory } of directories) {
    const problem = await explainUnwritable(resolve(directory));
    if (problem) problems.push(`${key}: ${problem}`);
  }
  return problems;
}

async function explainUnwritable(directory: string): Promise<string | null> {
  const existing = await nearestExisting(directory);
  const info = await stat(existing);
  if (!info.isDirectory()) {
    return `cannot create ${directory}: ${existing} is not a directory`;
  }

  try {
    await access(existing, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    const verb = existing === directory ? 'write' : 'create';
    const cause = (error as NodeJS.ErrnoException).code ?? 'denied';
    return `cannot ${verb} ${directory}: ${existing} is not writable (${cause})`;
  }
}

/** The directory itself, or the closest ancestor that exists. */
async function nearestExisting(directory: string): Promise<string> {
  let current = directory;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}
