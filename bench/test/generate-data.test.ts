import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatabase, type GeneratedData } from '../src/generate-data.js';
import { buildVocabulary, TextGenerator } from '../src/vocabulary.js';

const MB = 1024 * 1024;

describe('generateDatabase', () => {
  let dir: string;
  let data: GeneratedData;
  let sqlite: BetterSqlite3.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'steno-bench-test-'));
    const text = new TextGenerator(buildVocabulary(''), 5);
    data = await generateDatabase(join(dir, 'meetings.db'), text, {
      dbBytes: 3 * MB,
      readEntries: 1_234,
    });
    sqlite = new BetterSqlite3(data.path, { readonly: true });
  });

  afterAll(() => {
    sqlite?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (sql: string, ...params: unknown[]) =>
    (sqlite.prepare(sql).get(...params) as { n: number }).n;

  it('grows the file to at least the size asked for', () => {
    expect(statSync(data.path).size).toBeGreaterThanOrEqual(3 * MB);
  });

  it('gives the read session exactly the entries asked for', () => {
    const sql =
      'select count(*) as n from transcript_entries where session_id = ?';
    expect(count(sql, data.readSessionId)).toBe(1_234);
  });

  it('reports the counts SQLite holds', () => {
    expect(count('select count(*) as n from sessions')).toBe(data.sessions);
    expect(count('select count(*) as n from transcript_entries')).toBe(
      data.entries,
    );
  });

  it('stores one participant per distinct speaker of each session', () => {
    const mismatched = count(
      'select count(*) as n from sessions s where s.participant_count != ' +
        '(select count(*) from participants p where p.session_id = s.id) ' +
        'or s.participant_count != (select count(distinct speaker) ' +
        'from transcript_entries e where e.session_id = s.id)',
    );
    expect(mismatched).toBe(0);
  });

  it('adds four analyses and four metrics per session', () => {
    expect(count('select count(*) as n from analysis_results')).toBe(
      4 * data.sessions,
    );
    expect(count('select count(*) as n from system_metrics')).toBe(
      4 * data.sessions,
    );
  });

  it('passes SQLite integrity and foreign key checks', () => {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('stamps later sessions later, so older means lower ids', () => {
    const disorder = count(
      'select count(*) as n from sessions a join sessions b ' +
        'on b.id = a.id + 1 where b.start_time <= a.start_time',
    );
    expect(disorder).toBe(0);
  });
});
