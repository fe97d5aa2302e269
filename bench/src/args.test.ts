import { describe, expect, it } from 'vitest';
import { parseBenchArgs, parseSize } from './args.js';

describe('parseSize', () => {
  it('reads binary units', () => {
    expect(parseSize('1GB')).toBe(1_073_741_824);
    expect(parseSize('200mb')).toBe(209_715_200);
    expect(parseSize('1.5GB')).toBe(1_610_612_736);
  });

  it('rejects sizes under 1MB and junk, naming the flag', () => {
    expect(() => parseSize('10kb')).toThrow(/--size "10kb"/);
    expect(() => parseSize('big')).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE' }),
    );
  });
});

describe('parseBenchArgs', () => {
  it('defaults to the 1 GiB database and a million ingested entries', () => {
    const options = parseBenchArgs([], '/out');
    expect(options.dbBytes).toBe(1024 ** 3);
    expect(options.ingestRows).toBe(1_000_000);
    expect(options.outDir).toBe('/out');
  });

  it('takes the quick sizes and still honours --size and --only', () => {
    const options = parseBenchArgs(
      ['--', '--quick', '--size', '20MB', '--only', 'read, ingest'],
      '/out',
    );
    expect(options.quick).toBe(true);
    expect(options.dbBytes).toBe(20 * 1024 * 1024);
    expect(options.only).toEqual(['read', 'ingest']);
  });

  it('rejects a run count of zero and unknown flags', () => {
    expect(() => parseBenchArgs(['--runs', '0'], '/o')).toThrow(
      /--runs "0": expected a whole number of at least 1/,
    );
    expect(() => parseBenchArgs(['--fast'], '/o')).toThrow(/--fast/);
  });
});
