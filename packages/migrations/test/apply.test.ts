import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '@steno/db';
import { MigrationManager, SHIPPED_MIGRATIONS } from '../src/index.js';
import {
  BrokenMigration,
  REBUILD,
  TEST_MIGRATIONS,
  TRIGGER,
  withExtra,
} from './fixtures/test-migrations.js';
import {
  ANALYSES_PER_SESSION,
  checksumAll,
  countRows,
  ENTRIES_PER_SESSION,
  FILES_PER_SESSION,
  foreignKeyProblems,
  makeTempDir,
  openDb,
  PARTICIPANTS_PER_SESSION,
  populate,
  schemaOf,
  SESSIONS,
} from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
const open: Database[] = [];

async function dbAt(name: string): Promise<Database> {
  const db = await openDb(`${temp.dir}/${name}.db`);
  open.push(db);
  return db;
}

beforeEach(async () => {
  temp = await makeTempDir();
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.disconnect();
  await temp.remove();
});

describe('applyMigrations', () => {
  it('creates from empty the very schema createTables() builds', async () => {
    const migrated = await dbAt('migrated');
    const result = await new MigrationManager(migrated).applyMigrations();
    expect(result.error).toBeUndefined();
    expect(result.appliedMigrations).toEqual(
      SHIPPED_MIGRATIONS.map((m) => m.name),
    );

    const created = await dbAt('created');
    await created.createTables();
    const schema = await schemaOf(migrated);
    expect(schema).toEqual(await schemaOf(created));
    const kinds = new Set(schema.map((o) => o.type));
    expect(kinds).toEqual(new Set(['table', 'index']));
    expect(schema.filter((o) => o.type === 'table')).toHaveLength(8);
  });

  it('keeps every child row through the sessions rebuild', async () => {
    const db = await dbAt('populated');
    const manager = (migrations = TEST_MIGRATIONS) =>
      new MigrationManager(db, { migrations });
    await manager(SHIPPED_MIGRATIONS).applyMigrations();
    await populate(db);
    const before = await countRows(db);
    expect(before).toMatchObject({
      sessions: SESSIONS,
      transcript_entries: SESSIONS * ENTRIES_PER_SESSION,
      participants: SESSIONS * PARTICIPANTS_PER_SESSION,
      analysis_results: SESSIONS * ANALYSES_PER_SESSION,
      file_infos: SESSIONS * FILES_PER_SESSION,
    });

    const result = await manager().applyMigrations();
    expect(result.error).toBeUndefined();
    expect(result.appliedMigrations).toEqual([TRIGGER.name, REBUILD.name]);
    expect(await countRows(db)).toEqual(before);
    expect(await foreignKeyProblems(db)).toEqual([]);
  });
});

describe('applyMigrations from every version', () => {
  it('reaches the same schema from empty and each step', async () => {
    const fresh = await dbAt('fresh');
    await new MigrationManager(fresh, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();
    const target = await schemaOf(fresh);

    for (let version = 1; version < TEST_MIGRATIONS.length; version++) {
      const db = await dbAt(`from-${version}`);
      const first = TEST_MIGRATIONS.slice(0, version);
      await new MigrationManager(db, { migrations: first }).applyMigrations();
      await populate(db);
      const before = await countRows(db);

      const result = await new MigrationManager(db, {
        migrations: TEST_MIGRATIONS,
      }).applyMigrations();
      expect(result.appliedMigrations).toHaveLength(
        TEST_MIGRATIONS.length - version,
      );
      expect(await schemaOf(db)).toEqual(target);
      expect(await countRows(db)).toEqual(before);
      expect(await foreignKeyProblems(db)).toEqual([]);
    }
  });

  it('adopts a populated createTables() database as the baseline', async () => {
    const db = await dbAt('legacy');
    await db.createTables();
    await populate(db);
    const before = await countRows(db);

    const events: string[] = [];
    const result = await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
      onEvent: (event) => events.push(event.type),
    }).applyMigrations();

    expect(result.appliedMigrations).toEqual([TRIGGER.name, REBUILD.name]);
    expect(result.adoptedBaseline).toBe(SHIPPED_MIGRATIONS[0]?.name);
    expect(events[0]).toBe('migration.baseline');
    expect(await countRows(db)).toEqual(before);
    const [row] = await db.executeQuery<{ name: string }>(
      'select name from mikro_orm_migrations order by id limit 1',
    );
    expect(row?.name).toBe(SHIPPED_MIGRATIONS[0]?.name);
  });

  it('refuses to adopt tables that differ from the initial schema', async () => {
    const db = await dbAt('odd');
    await db.createTables();
    await db.executeQuery('drop index sessions_status_index');
    const before = await checksumAll(db);

    const result = await new MigrationManager(db).applyMigrations();
    expect(result.error?.code).toBe('MIGRATION_FAILED');
    expect(result.error?.message).toContain(
      'index sessions_status_index: missing',
    );
    expect(await checksumAll(db)).toBe(before);
  });
});

describe('applyMigrations when something is wrong', () => {
  it('leaves every row as it was when a migration fails', async () => {
    const db = await dbAt('broken');
    await new MigrationManager(db, {
      migrations: SHIPPED_MIGRATIONS,
    }).applyMigrations();
    await populate(db);
    const before = await checksumAll(db);

    const migrations = withExtra(
      'Migration20261203000900_broken',
      BrokenMigration,
    );
    const result = await new MigrationManager(db, {
      migrations,
    }).applyMigrations();

    expect(result.success).toBe(false);
    expect(result.appliedMigrations).toEqual([]);
    expect(result.error?.message).toContain('no_such_table');
    expect(result.results.map((r) => r.status)).toEqual([
      'discarded',
      'discarded',
      'failed',
    ]);
    expect(await checksumAll(db)).toBe(before);
  });

  it('refuses a database migrated by newer software', async () => {
    const db = await dbAt('newer');
    await new MigrationManager(db).applyMigrations();
    await populate(db);
    await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();
    const before = await checksumAll(db);

    const result = await new MigrationManager(db).applyMigrations();
    expect(result.success).toBe(false);
    expect(result.error?.code).toBe('SCHEMA_TOO_NEW');
    expect(result.error?.message).toContain(TRIGGER.name);
    expect(result.error?.message).toContain('newer software');
    expect(await checksumAll(db)).toBe(before);
  });

  it('records a checksum for each applied migration', async () => {
    const db = await dbAt('checksums');
    await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();
    const rows = await db.executeQuery<{ checksum: string }>(
      'select checksum from mikro_orm_migrations order by id',
    );
    expect(rows).toHaveLength(TEST_MIGRATIONS.length);
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(rows.map((r) => r.checksum)).size).toBe(rows.length);
  });
});

describe('two processes starting at once', () => {
  it('apply each migration once and both succeed', async () => {
    const first = await dbAt('shared');
    await new MigrationManager(first).applyMigrations();
    await populate(first);
    const before = await countRows(first);
    const second = await openDb(first.config.path);
    open.push(second);

    const [a, b] = await Promise.all(
      [first, second].map((db) =>
        new MigrationManager(db, {
          migrations: TEST_MIGRATIONS,
        }).applyMigrations(),
      ),
    );
    expect(a?.success && b?.success).toBe(true);
    const applied = [
      ...(a?.appliedMigrations ?? []),
      ...(b?.appliedMigrations ?? []),
    ];
    expect(applied.sort()).toEqual([REBUILD.name, TRIGGER.name].sort());
    const skipped = [...(a?.results ?? []), ...(b?.results ?? [])].filter(
      (step) => step.status === 'already-applied',
    );
    expect(skipped).toHaveLength(2);
    const rows = await first.executeQuery(
      'select name from mikro_orm_migrations',
    );
    expect(rows).toHaveLength(TEST_MIGRATIONS.length);
    expect(await countRows(first)).toEqual(before);
  });
});

describe('a pool of several connections', () => {
  it('still rebuilds on one pinned connection without losing rows', async () => {
    const db = new Database({ path: `${temp.dir}/pool.db`, poolSize: 3 });
    await db.connect();
    open.push(db);
    await new MigrationManager(db).applyMigrations();
    await populate(db);
    const before = await countRows(db);

    const result = await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).applyMigrations();
    expect(result.error).toBeUndefined();
    expect(await countRows(db)).toEqual(before);
    expect(await foreignKeyProblems(db)).toEqual([]);
  });
});
