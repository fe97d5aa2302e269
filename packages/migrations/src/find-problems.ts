import type { CompiledMigration } from './migration-catalog.js';
import type { AppliedMigration } from './migrations-table.js';
import type { MigrationProblem } from './migration-types.js';

/**
 * Compares the migrations table with the code: edited after apply,
 * applied but missing from the code, applied out of the code's order,
 * and pending ones older than something already applied.
 */
export function findProblems(
  applied: readonly AppliedMigration[],
  known: readonly CompiledMigration[],
): MigrationProblem[] {
  const problems: MigrationProblem[] = [];
  const byName = new Map(known.map((m, index) => [m.name, { m, index }]));
  let latest: { name: string; index: number } | null = null;

  for (const row of applied) {
    const entry = byName.get(row.name);
    if (!entry) {
      problems.push(missingFromCode(row.name));
      continue;
    }
    const checksum = checkChecksum(row, entry.m);
    if (checksum) problems.push(checksum);
    if (latest && entry.index < latest.index) {
      problems.push(appliedAfter(row.name, latest.name));
    }
    if (!latest || entry.index > latest.index) {
      latest = { name: row.name, index: entry.index };
    }
  }

  const done = new Set(applied.map((row) => row.name));
  for (const [index, migration] of known.entries()) {
    if (latest && index < latest.index && !done.has(migration.name)) {
      problems.push(skipped(migration.name, latest.name));
    }
  }
  return problems;
}

function checkChecksum(
  row: AppliedMigration,
  migration: CompiledMigration,
): MigrationProblem | null {
  if (row.checksum === null) {
    return {
      kind: 'checksum-missing',
      migration: row.name,
      message:
        `${row.name} was applied without a checksum (by another tool), ` +
        'so edits to it cannot be detected',
    };
  }
  if (row.checksum === migration.checksum) return null;
  return {
    kind: 'checksum-mismatch',
    migration: row.name,
    message:
      `${row.name} was edited after it was applied: its SQL no longer ` +
      'matches the recorded checksum; revert the edit and add a new ' +
      'migration instead',
  };
}

function missingFromCode(name: string): MigrationProblem {
  return {
    kind: 'missing-from-code',
    migration: name,
    message:
      `${name} is applied but this software does not know it: the ` +
      'database was migrated by a newer version',
  };
}

function appliedAfter(name: string, later: string): MigrationProblem {
  return {
    kind: 'out-of-order',
    migration: name,
    message: `${name} was applied after ${later}, which the code orders later`,
  };
}

function skipped(name: string, later: string): MigrationProblem {
  return {
    kind: 'out-of-order',
    migration: name,
    message: `${name} is pending though the later ${later} is applied`,
  };
}
