import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { MigrationManager, SHIPPED_MIGRATIONS } from '../src/index.js';
import {
  REBUILD,
  TEST_MIGRATIONS,
  TRIGGER,
} from './fixtures/test-migrations.js';
import {
  ANALYSES_PER_SESSION,
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
