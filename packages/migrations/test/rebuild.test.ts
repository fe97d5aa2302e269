import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migration } from '@mikro-orm/migrations';
import type { Database } from '@steno/db';
import {
  MigrationManager,
  SHIPPED_MIGRATIONS,
  type MigrationEntry,
} from '../src/index.js';
import {
  OrphanParticipant,
  REBUILD,
  SessionsRebuild,
  SessionsRebuildLosingIndexes,
  TEST_MIGRATIONS,
  TRIGGER,
} from './fixtures/test-migrations.js';
import {
  checksumAll,
  countRows,
  foreignKeyProblems,
  makeTempDir,
  openDb,
  populate,
  schemaOf,
  SESSIONS,
} from './helpers.js';

/** The history up to the trigger, then one migration of `klass`. */
function next(klass: MigrationEntry['class']): MigrationEntry[] {
  const name = 'Migration20261203000300_under_test';
  return [...SHIPPED_MIGRATIONS, TRIGGER, { name, class: klass }];
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;

/** A populated database at the trigger migration, one before the rebuild. */
beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(`${temp.dir}/steno.db`);
  const upToTrigger = [...SHIPPED_MIGRATIONS, TRIGGER];
  await new MigrationManager(db, { migrations: upToTrigger }).applyMigrations();
  await populate(db);
});

afterEach(async () => {
  await db.disconnect();
  await temp.remove();
});

describe('the sessions rebuild', () => {
  it('converts every session and keeps its id counter', async () => {
    const result = await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();
    expect(result.appliedMigrations).toEqual([REBUILD.name]);

    const rows = await db.executeQuery<Record<string, unknown>>(
      'select * from sessions order by id',
    );
    expect(rows).toHaveLength(SESSIONS);
    expect(rows[0]).toMatchObject({
      id: 1,
      duration: 1800,
      recording_path: '/data/audio/1.wav',
      language: 'en',
    });
    expect(rows[0]).not.toHaveProperty('audio_file_path');
    const [seq] = await db.executeQuery<{ seq: number }>(
      "select seq from sqlite_sequence where name = 'sessions'",
    );
    expect(seq?.seq).toBe(SESSIONS + 1);
  });

  it('recreates the indexes and the trigger, which still fires', async () => {
    await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();

    const names = (await schemaOf(db))
      .filter((o) => o.table === 'sessions' && o.type !== 'table')
      .map((o) => o.name)
      .sort();
    expect(names).toEqual([
      'sessions_created_at_index',
      'sessions_start_time_index',
      'sessions_status_index',
      'sessions_touch_on_title',
    ]);
    await db.executeQuery("update sessions set title = 'x' where id = 1");
    const [row] = await db.executeQuery<{ updated_at: number }>(
      'select updated_at from sessions where id = 1',
    );
    expect(row?.updated_at).toBeGreaterThan(Date.UTC(2026, 0, 6));
  });

  it('would have lost every child row with foreign keys on', async () => {
    const statements: string[] = [];
    const probe = new SessionsRebuild(db.orm.em.getDriver(), db.orm.config);
    probe.up();
    for (const sql of probe.getQueries()) statements.push(String(sql));
    await db.withConnection(async (connection) => {
      const exec = (sql: string) =>
        new Promise<void>((resolve, reject) =>
          connection.exec(sql, (e) => (e ? reject(e) : resolve())),
        );
      await exec('begin');
      await exec('pragma foreign_keys = off');
      for (const sql of statements) await exec(sql);
      await exec('commit');
    });
    expect((await countRows(db)).transcript_entries).toBe(0);
  });

  it('refuses a rebuild that loses indexes, changing nothing', async () => {
    const before = await checksumAll(db);
    const result = await new MigrationManager(db, {
      migrations: next(SessionsRebuildLosingIndexes),
    }).applyMigrations();

    expect(result.success).toBe(false);
    expect(result.error?.code).toBe('MIGRATION_FAILED');
    expect(result.error?.message).toContain('index sessions_status_index');
    expect(await checksumAll(db)).toBe(before);
  });

  it('refuses a migration that leaves a dangling reference', async () => {
    const before = await checksumAll(db);
    const result = await new MigrationManager(db, {
      migrations: next(OrphanParticipant),
    }).applyMigrations();

    expect(result.error?.message).toContain('violating foreign keys');
    expect(result.results.map((r) => r.status)).toEqual(['failed']);
    expect(await checksumAll(db)).toBe(before);
    expect(await foreignKeyProblems(db)).toEqual([]);
  });

  it('leaves foreign keys enforced on the connection afterwards', async () => {
    await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();
    await expect(
      db.executeQuery(
        "insert into participants (session_id, name) values (424242, 'x')",
      ),
    ).rejects.toThrow(/FOREIGN KEY/i);
  });
});

describe('dropping a table on purpose', () => {
  it('is not mistaken for losing its indexes', async () => {
    class DropMetrics extends Migration {
      override up(): void {
        this.addSql('drop table `system_metrics`;');
      }
    }
    const result = await new MigrationManager(db, {
      migrations: next(DropMetrics),
    }).applyMigrations();
    expect(result.error).toBeUndefined();
    const left = await db.executeQuery(
      "select name from sqlite_master where tbl_name = 'system_metrics'",
    );
    expect(left).toEqual([]);
  });
});
