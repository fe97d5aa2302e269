import type { z } from 'zod';
import type { KeyOrigins } from './normalize-keys.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns schema issues into one line each, `key.path: what is wrong`,
 * naming each key as the operator wrote it (file key, variable or flag).
 */
export function describeIssues(
  issues: readonly Issue[],
  origins: KeyOrigins,
): string[] {
  const problems: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const name = nameOf(path ? `${path}.${key}` : key, origins);
        problems.push(`${name}: unknown key`);
      }
      continue;
    }
    problems.push(`${nameOf(path, origins)}: ${messageOf(issue)}`);
  }
  return problems;
}

/**
 * The name a key path had where it was set: the longest recorded prefix
 * is swapped for its origin, so `retention.storageRoots.0` set by
 * `STENO_STORAGE_ROOTS` reads `STENO_STORAGE_ROOTS.0`.
 */
export function nameOf(path: string, origins: KeyOrigins): string {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const prefix = parts.slice(0, length).join('.');
    const origin = origins.get(prefix);
    if (origin) return [origin, ...parts.slice(length)].join('.');
  }
  return path || '(config)';
}

/** Prefers the message of the branch of a union that nearly matched. */
function messageOf(issue: Issue): string {
  if (issue.code !== 'invalid_union') return issue.message;
  const refined = issue.errors.flat().find((inner) => inner.code === 'custom');
  return refined?.message ?? issue.message;
}
