import { describe, expect, it } from 'vitest';
import { findProblems } from './find-problems.js';
import type { CompiledMigration } from './migration-catalog.js';
import type { AppliedMigration } from './migrations-table.js';

const known = (name: string, checksum = `sum-${name}`): CompiledMigration => ({
  name,
  up: [],
  down: null,
  checksum,
});

const applied = (
  id: number,
  name: string,
  checksum: string | null = `sum-${name}`,
): AppliedMigration => ({
  id,
  name,
  appliedAt: null,
  checksum,
  backupId: null,
  schemaBefore: null,
});

const kinds = (problems: ReturnType<typeof findProblems>) =>
  problems.map((p) => `${p.kind} ${p.migration}`);

describe('findProblems', () => {
  const code = [known('a'), known('b'), known('c')];

  it('finds nothing when the table is a prefix of the code', () => {
    expect(findProblems([applied(1, 'a'), applied(2, 'b')], code)).toEqual([]);
  });

  it('names an edited migration and one without a checksum', () => {
    const rows = [applied(1, 'a', 'other'), applied(2, 'b', null)];
    expect(kinds(findProblems(rows, code))).toEqual([
      'checksum-mismatch a',
      'checksum-missing b',
    ]);
  });

  it('names an applied migration the code does not have', () => {
    const rows = [applied(1, 'a'), applied(2, 'z')];
    expect(kinds(findProblems(rows, code))).toEqual(['missing-from-code z']);
  });

  it('names one applied before an older one, and a skipped one', () => {
    expect(
      kinds(findProblems([applied(1, 'b'), applied(2, 'a')], code)),
    ).toEqual(['out-of-order a']);
    expect(
      kinds(findProblems([applied(1, 'a'), applied(2, 'c')], code)),
    ).toEqual(['out-of-order b']);
  });
});
