import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migration } from '@mikro-orm/migrations';
import type { Database } from '@steno/db';
import {
  MigrationManager,
  SHIPPED_MIGRATIONS,
  type MigrationEntry,
} from '../src/index.js';
import {
  REBUILD,
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
} from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
const open: Database[] = [];

async function dbAt(name: string, migrations: readonly MigrationEntry[]) {
  const db = await openDb(`${temp.dir}/${name}.db`);
  open.push(db);
  await new MigrationManager(db, {
    migrations: SHIPPED_MIGRATIONS,
  }).applyMigrations();
  await populate(db);
  await new MigrationManager(db, { migrations }).applyMigrations();
  return db;
}

const names = async (manager: MigrationManager) =>
  (await manager.getMigrationHistory()).map((entry) => entry.id);

beforeEach(async () => {
  temp = await makeTempDir();
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.disconnect();
  await temp.remove();
});

describe('rollbackMigration', () => {
  it('undoes the rebuild back to the previous schema and data', async () => {
    const expected = await dbAt('v2', [...SHIPPED_MIGRATIONS, TRIGGER]);
    const db = await dbAt('v3', TEST_MIGRATIONS);
    const manager = new MigrationManager(db, { migrations: TEST_MIGRATIONS });

    const result = await manager.rollbackMigration();
    expect(result.rolledBack).toEqual([REBUILD.name]);
    expect(await schemaOf(db)).toEqual(await schemaOf(expected));
    expect(await countRows(db)).toEqual(await countRows(expected));
    expect(await foreignKeyProblems(db)).toEqual([]);
    const [row] = await db.executeQuery<Record<string, unknown>>(
      'select duration, audio_file_path from sessions where id = 1',
    );
    expect(row).toEqual({
      duration: 1800,
      audio_file_path: '/data/audio/1.wav',
    });
    expect(await names(manager)).not.toContain(REBUILD.name);
  });

  it('undoes two steps, newest first', async () => {
    const expected = await dbAt('v1', SHIPPED_MIGRATIONS);
    const db = await dbAt('v3', TEST_MIGRATIONS);
    const manager = new MigrationManager(db, { migrations: TEST_MIGRATIONS });

    const result = await manager.rollbackMigration(2);
    expect(result.rolledBack).toEqual([REBUILD.name, TRIGGER.name]);
    expect(await schemaOf(db)).toEqual(await schemaOf(expected));
    expect(await names(manager)).toEqual([SHIPPED_MIGRATIONS[0]?.name]);
  });

  it('refuses the initial migration and points to the backup', async () => {
    const db = await dbAt('v1', SHIPPED_MIGRATIONS);
    const manager = new MigrationManager(db);
    const before = await checksumAll(db);

    const error = await manager.rollbackMigration().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ROLLBACK_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/no down step.*backup/);
    expect(await checksumAll(db)).toBe(before);
    const [entry] = await manager.getMigrationHistory();
    expect(entry?.rollbackAvailable).toBe(false);
  });

  it('keeps the history when a down step fails its schema check', async () => {
    class ForgetfulDown extends Migration {
      override up(): void {
        this.addSql('create table `notes` (`id` integer primary key);');
      }
      override down(): void {
        this.addSql('select 1;');
      }
    }
    const forgetful = {
      name: 'Migration20261203000500_notes',
      class: ForgetfulDown,
    };
    const migrations = [...TEST_MIGRATIONS, forgetful];
    const db = await dbAt('v4', migrations);
    const manager = new MigrationManager(db, { migrations });
    const before = await checksumAll(db);

    await expect(manager.rollbackMigration()).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
    expect(await checksumAll(db)).toBe(before);
    expect((await names(manager)).at(-1)).toBe(forgetful.name);
  });

  it('rejects a step count outside the applied range', async () => {
    const db = await dbAt('v3', TEST_MIGRATIONS);
    const manager = new MigrationManager(db, { migrations: TEST_MIGRATIONS });
    for (const steps of [0, 4, 1.5]) {
      await expect(manager.rollbackMigration(steps)).rejects.toMatchObject({
        code: 'INVALID_VALUE',
      });
    }
  });
});
