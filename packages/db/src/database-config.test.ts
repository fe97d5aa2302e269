import { StenoError } from '@steno/models';
import { describe, expect, it } from 'vitest';
import {
  createDatabaseConfig,
  type DatabaseConfigInput,
} from './database-config.js';

function problemsOf(input: unknown): string[] {
  try {
    createDatabaseConfig(input as DatabaseConfigInput);
  } catch (error) {
    expect(error).toBeInstanceOf(StenoError);
    expect((error as StenoError).code).toBe('INVALID_CONFIG');
    return (error as StenoError).details.problems as string[];
  }
  throw new Error('expected the config to be refused');
}

describe('createDatabaseConfig', () => {
  it('fills safe defaults', () => {
    expect(createDatabaseConfig()).toEqual({
      path: './data/steno.db',
      poolSize: 1,
      timeout: 30_000,
      enableWal: true,
      foreignKeys: true,
      journalMode: 'wal',
      synchronous: 'normal',
      cacheSize: -16_000,
      mmapSize: 0,
      busyTimeout: 5_000,
    });
  });

  it('derives the journal mode from enableWal', () => {
    expect(createDatabaseConfig({ enableWal: false }).journalMode).toBe(
      'delete',
    );
    const truncate = { enableWal: false, journalMode: 'truncate' } as const;
    expect(createDatabaseConfig(truncate).journalMode).toBe('truncate');
  });

  it('reports every bad key at once, each with what is allowed', () => {
    const problems = problemsOf({
      path: '',
      poolSize: 0,
      timeout: -1,
      enableWal: 'yes',
      foreignKeys: 1,
      journalMode: 'fast',
      synchronous: 'sometimes',
      cacheSize: 1.5,
      mmapSize: -4096,
      busyTimeout: 'soon',
      poolsize: 2,
    });

    expect(problems).toEqual([
      'poolsize: unknown option',
      'path: must be a non-empty file path or ":memory:"',
      'poolSize: must be an integer >= 1, got 0',
      'timeout: must be an integer >= 0, got -1',
      'busyTimeout: must be an integer >= 0, got "soon"',
      'mmapSize: must be an integer >= 0, got -4096',
      'cacheSize: must be an integer >= -2147483648, got 1.5',
      'enableWal: must be true or false, got "yes"',
      'foreignKeys: must be true or false, got 1',
      'journalMode: must be one of wal, delete, truncate, persist, memory,' +
        ' off, got "fast"',
      'synchronous: must be one of off, normal, full, extra, got' +
        ' "sometimes"',
    ]);
  });

  it('puts every problem in the message, one per line', () => {
    try {
      createDatabaseConfig({ poolSize: 65, synchronous: 'x' as never });
    } catch (error) {
      expect((error as Error).message).toBe(
        'invalid database config:\n' +
          '  - poolSize: must be at most 64, got 65\n' +
          '  - synchronous: must be one of off, normal, full, extra,' +
          ' got "x"',
      );
      return;
    }
    throw new Error('expected the config to be refused');
  });

  it('refuses settings that contradict each other', () => {
    expect(problemsOf({ enableWal: true, journalMode: 'delete' })).toEqual([
      'journalMode: "delete" contradicts enableWal: true',
    ]);
    expect(problemsOf({ path: ':memory:', poolSize: 2 })).toEqual([
      'poolSize: must be 1 for an in-memory database',
    ]);
  });
});
