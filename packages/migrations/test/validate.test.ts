import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migration } from '@mikro-orm/migrations';
import type { Database } from '@steno/db';
import { MigrationManager, SHIPPED_MIGRATIONS } from '../src/index.js';
import {
  REBUILD,
  TEST_MIGRATIONS,
  TRIGGER,
} from './fixtures/test-migrations.js';
import { makeTempDir, openDb } from './helpers.js';

/** The trigger migration as someone edited it after it shipped. */
class EditedTrigger extends Migration {
  override up(): void {
    this.addSql(
      'create trigger `sessions_touch_on_title` after update on `sessions` ' +
        'begin select 1; end;',
    );
  }
  override down(): void {
    this.addSql('drop trigger `sessions_touch_on_title`;');
  }
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(`${temp.dir}/steno.db`);
  await new MigrationManager(db, {
    migrations: TEST_MIGRATIONS,
  }).applyMigrations();
});

afterEach(async () => {
  await db.disconnect();
  await temp.remove();
});

describe('validateMigration', () => {
  it('passes when the code matches what was applied', async () => {
    const report = await new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
    }).validateMigration();
    expect(report).toEqual({
      valid: true,
      checked: TEST_MIGRATIONS.map((m) => m.name),
      problems: [],
    });
  });

  it('reports a migration edited after it was applied', async () => {
    const edited = [
      ...SHIPPED_MIGRATIONS,
      { name: TRIGGER.name, class: EditedTrigger },
      REBUILD,
    ];
    const report = await new MigrationManager(db, {
      migrations: edited,
    }).validateMigration();
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'checksum-mismatch',
        migration: TRIGGER.name,
      }),
    ]);
  });

  it('reports applied migrations the code no longer has', async () => {
    const report = await new MigrationManager(db).validateMigration();
    expect(report.problems.map((p) => [p.kind, p.migration])).toEqual([
      ['missing-from-code', TRIGGER.name],
      ['missing-from-code', REBUILD.name],
    ]);
  });

  it('reports a migration applied out of the code order', async () => {
    const reordered = [...SHIPPED_MIGRATIONS, REBUILD, TRIGGER];
    const report = await new MigrationManager(db, {
      migrations: reordered,
    }).validateMigration();
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'out-of-order',
        migration: REBUILD.name,
      }),
    ]);
  });

  it('checks one migration by name, and refuses an unknown one', async () => {
    const manager = new MigrationManager(db, { migrations: TEST_MIGRATIONS });
    const report = await manager.validateMigration(TRIGGER.name);
    expect(report.checked).toEqual([TRIGGER.name]);
    await expect(manager.validateMigration('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
