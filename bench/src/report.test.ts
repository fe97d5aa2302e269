import { describe, expect, it } from 'vitest';
import { formatTable, formatValue } from './report.js';
import { compareRow, missingRow } from './result.js';
import { summarize } from './stats.js';

describe('formatValue', () => {
  it('writes times over a second in seconds', () => {
    expect(formatValue(1234, 'ms')).toBe('1.23 s');
    expect(formatValue(45.6, 'ms')).toBe('46 ms');
    expect(formatValue(2.25, 'ms')).toBe('2.3 ms');
  });

  it('writes throughput in thousands of rows', () => {
    expect(formatValue(245_600, 'rows/s')).toBe('246k rows/s');
  });
});

describe('formatTable', () => {
  it('shows the ratio of medians and whether the target is met', () => {
    const row = compareRow(
      'read.orm',
      'read: ORM',
      { label: 'orm', unit: 'ms', summary: summarize([30, 10, 20]) },
      { label: 'raw SELECT', unit: 'ms', summary: summarize([8, 4]) },
      { op: '<=', value: 3 },
    );
    expect(row.ratio).toBeCloseTo(20 / 6, 10);
    expect(row.met).toBe(false);
    const line =
      '| read: ORM | 20 ms (10 ms–30 ms) | 6.0 ms raw SELECT | 3.33× ' +
      '| <= 3× MISSED |';
    expect(formatTable([row])).toContain(line);
  });

  it('prints the reason of a row that could not run', () => {
    const row = missingRow('b', 'backup', 'unavailable', 'no BackupManager');
    expect(formatTable([row])).toContain(
      '| backup | unavailable: no BackupManager | | | |',
    );
  });
});

describe('absolute targets', () => {
  it('checks the subject median, not the ratio, against a bound in MB', () => {
    const row = compareRow(
      'memory.backup',
      'memory: backup',
      { label: 'backup', unit: 'MB', summary: summarize([120, 160, 140]) },
      { label: 'node -e 0', unit: 'MB', summary: summarize([40]) },
      { op: '<=', value: 150, on: 'subject' },
    );
    expect(row.ratio).toBe(3.5);
    expect(row.met).toBe(true);
    expect(formatTable([row])).toContain('| 3.50× | <= 150.0 MB met |');
    expect(formatTable([row])).not.toContain('- memory: backup:');
  });

  it('misses an absolute bound even when the ratio is small', () => {
    const row = compareRow(
      'memory.backup',
      'memory: backup',
      { label: 'backup', unit: 'MB', summary: summarize([160, 180, 170]) },
      { label: 'node -e 0', unit: 'MB', summary: summarize([100]) },
      { op: '<=', value: 150, on: 'subject' },
    );
    expect(row.ratio).toBe(1.7);
    expect(row.met).toBe(false);
    row.notes = ['grows with the database', 'measured once'];
    expect(formatTable([row])).toContain(
      '\n\n- memory: backup: grows with the database; measured once',
    );
  });
});
