import { describe, expect, it } from 'vitest';
import { diffSchemas, normaliseSql } from './schema-snapshot.js';

describe('normaliseSql', () => {
  it('ignores case, quotes and line wrapping', () => {
    const mikro = 'create table `sessions` (`id` integer, `t` text);';
    const renamed = 'CREATE TABLE "sessions" (\n  "id" integer,\n  "t" text\n)';
    expect(normaliseSql(renamed)).toBe(normaliseSql(mikro));
    expect(normaliseSql(mikro)).toBe(
      'create table sessions(id integer,t text)',
    );
  });

  it('keeps a changed type or default visible', () => {
    expect(normaliseSql('create table a (x double)')).not.toBe(
      normaliseSql('create table a (x integer)'),
    );
  });
});

describe('diffSchemas', () => {
  it('lists missing, differing and unexpected objects', () => {
    const object = (name: string, sql: string) => ({
      type: 'index',
      name,
      table: 't',
      sql,
    });
    const actual = [object('a', '1'), object('b', '2'), object('x', '0')];
    const expected = [object('a', '1'), object('b', '3'), object('c', '4')];
    expect(diffSchemas(actual, expected)).toEqual([
      'index b: differs',
      'index c: missing',
      'index x: unexpected',
    ]);
  });
});
