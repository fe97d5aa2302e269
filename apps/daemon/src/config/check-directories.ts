import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

/** A directory the running system must be able to write. */
export interface WritableDirectory {
  /** The key path that names it, for the problem message. */
  key: string;
  directory: string;
}

const FIX = 'create it, mount its disk, or remove it from the list';

// statfs magic numbers of procfs and sysfs (linux/magic.h).
const KERNEL_FILESYSTEMS = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
]);

/**
 * Checks each directory can be written, or created where it is missing,
 * without creating anything. Returns one problem per directory that
 * cannot, prefixed by its key. Kernel filesystems (/proc, /sys) are
 * refused before anything else: Node's recursive mkdir loops forever
 * on procfs.
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

/**
 * Checks each retention storage root is an existing directory: a root
 * that is missing (a typo, an unmounted disk) would make retention
 * delete nothing there, silently. `exempt` is the database's folder,
 * which is created with the database and checked as such.
 */
export async function checkStorageRoots(
  roots: readonly WritableDirectory[],
  exempt: string | null,
): Promise<string[]> {
  const problems: string[] = [];
  for (const { key, directory } of roots) {
    const path = resolve(directory);
    if (exempt !== null && path === resolve(exempt)) continue;
    const info = await stat(path).catch(() => null);
    const problem = !info
      ? `does not exist; ${FIX}`
      : info.isDirectory()
        ? null
        : 'is not a directory';
    if (problem) problems.push(`${key}: storage root ${path} ${problem}`);
  }
  return problems;
}

async function explainUnwritable(directory: string): Promise<string | null> {
  const kernel = kernelPathOf(directory);
  if (kernel) return refuseKernel(directory, kernel);
  const existing = await nearestExisting(directory);
  const info = await stat(existing);
  if (!info.isDirectory()) {
    return `cannot create ${directory}: ${existing} is not a directory`;
  }

  const filesystem = await kernelFilesystemOf(existing);
  if (filesystem) return refuseKernel(directory, filesystem);
  try {
    await access(existing, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    const verb = existing === directory ? 'write' : 'create';
    const cause = (error as NodeJS.ErrnoException).code ?? 'denied';
    return `cannot ${verb} ${directory}: ${existing} is not writable (${cause})`;
  }
}

function refuseKernel(directory: string, filesystem: string): string {
  return (
    `cannot use ${directory}: it is on ${filesystem}, a kernel ` +
    'filesystem, not storage; choose a folder on a disk'
  );
}

function kernelPathOf(directory: string): string | null {
  for (const root of ['/proc', '/sys']) {
    if (directory === root || directory.startsWith(`${root}${sep}`)) {
      return root === '/proc' ? 'procfs' : 'sysfs';
    }
  }
  return null;
}

async function kernelFilesystemOf(path: string): Promise<string | null> {
  const info = await statfs(path).catch(() => null);
  return info ? (KERNEL_FILESYSTEMS.get(info.type) ?? null) : null;
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
