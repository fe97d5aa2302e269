import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import { MigrationManager } from '../src/index.js';
import { TEST_MIGRATIONS } from './fixtures/test-migrations.js';
import { makeTempDir, openDb } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(`${temp.dir}/steno.db`);
});

afterEach(async () => {
  await db.disconnect();
  await temp.remove();
});

describe('generateMigration', () => {
  it('writes nothing when the entities match the database', async () => {
    const manager = new MigrationManager(db);
    await manager.applyMigrations();
    const made = await manager.generateMigration('noop', {
      directory: `${temp.dir}/out`,
    });
    expect(made).toEqual({
      created: false,
      name: null,
      path: null,
      statements: [],
    });
  });

  it('writes the difference as a migration class', async () => {
    const manager = new MigrationManager(db);
    await manager.applyMigrations();
    await db.executeQuery('drop index sessions_status_index');

    const made = await manager.generateMigration('restore status index', {
      directory: `${temp.dir}/out`,
    });
    expect(made.name).toMatch(/^Migration\d{14}_restore_status_index$/);
    expect(made.statements).toEqual([
      'create index `sessions_status_index` on `sessions` (`status`);',
    ]);
    const source = await readFile(made.path as string, 'utf8');
    expect(source).toContain(`export class ${made.name} extends Migration`);
    expect(source).toContain('create index \\`sessions_status_index\\`');
    expect(source).not.toContain('constraint');
  });

  it('refuses while migrations are pending, or a bad name', async () => {
    const manager = new MigrationManager(db, { migrations: TEST_MIGRATIONS });
    await expect(
      manager.generateMigration('x', { directory: temp.dir }),
    ).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
    await manager.applyMigrations();
    await expect(
      manager.generateMigration('../etc', { directory: temp.dir }),
    ).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });
});
