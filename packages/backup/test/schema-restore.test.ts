import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '@steno/db';
import {
  BackupManager,
  type BackupEvent,
  type SchemaMigrator,
} from '../src/index.js';
import {
  fileHash,
  insertSessions,
  makeTempDir,
  openDb,
  readTitles,
} from './helpers.js';

/** A real, tiny migrator over the MikroORM migrations table. */
class TinyMigrator implements SchemaMigrator {
  constructor(
    private readonly db: Database,
    private readonly steps: Array<[string, string]>,
  ) {}

  getKnownMigrations(): string[] {
    return this.steps.map(([name]) => name);
  }

  async applyMigrations(): Promise<{ success: boolean; error?: unknown }> {
    await this.db.executeQuery(
      'create table if not exists mikro_orm_migrations (id integer ' +
        'primary key autoincrement, name text, executed_at datetime)',
    );
    const rows = await this.db.executeQuery<{ name: string }>(
      'select name from mikro_orm_migrations',
    );
    const done = new Set(rows.map((row) => row.name));
    for (const [name, sql] of this.steps) {
      if (done.has(name)) continue;
      await this.db.executeQuery(sql);
      await this.db.executeQuery(
        'insert into mikro_orm_migrations (name, executed_at) values (?, ?)',
        [name, Date.now()],
      );
    }
    return { success: true };
  }
}

const M1: [string, string] = ['m1-tags', 'create table tags (name text)'];
const M2: [string, string] = [
  'm2-notes',
  'alter table sessions add column notes text',
];

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(join(temp.dir, 'live.db'));
  await insertSessions(db, 4, 'snap');
});

afterEach(async () => {
  await db.disconnect();
  await temp.cleanup();
});

function managerWith(steps: Array<[string, string]>): BackupManager {
  return new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups') },
    migrator: new TinyMigrator(db, steps),
  });
}

async function columnsOfSessions(): Promise<string[]> {
  const rows = await db.executeQuery<{ name: string }>(
    'select name from pragma_table_info(?)',
    ['sessions'],
  );
  return rows.map((row) => row.name);
}

it('restores an older-schema backup and migrates it', async () => {
  await new TinyMigrator(db, [M1]).applyMigrations();
  const old = await managerWith([M1]).createBackup('schema m1');
  expect(old.schemaVersion).toBe('m1-tags');

  const current = managerWith([M1, M2]);
  await new TinyMigrator(db, [M1, M2]).applyMigrations();
  await insertSessions(db, 2, 'later');
  const result = await current.restoreBackup(old.backupId);

  expect(result).toMatchObject({
    migrated: true,
    appliedMigrations: ['m2-notes'],
    schemaVersion: 'm2-notes',
  });
  expect(await readTitles(db)).toEqual([
    'snap-0',
    'snap-1',
    'snap-2',
    'snap-3',
  ]);
  expect(await columnsOfSessions()).toContain('notes');
  const [last] = await db.executeQuery<{ name: string }>(
    'select name from mikro_orm_migrations order by id desc limit 1',
  );
  expect(last?.name).toBe('m2-notes');
});

it('refuses a newer-schema backup before touching anything', async () => {
  await new TinyMigrator(db, [M1, M2]).applyMigrations();
  const newer = await managerWith([M1, M2]).createBackup('schema m2');
  const older = managerWith([M1]);
  await db.executeQuery('pragma wal_checkpoint(TRUNCATE)');
  const live = join(temp.dir, 'live.db');
  const before = [await fileHash(live), await fileHash(`${live}-wal`)];

  await expect(older.restoreBackup(newer.backupId)).rejects.toMatchObject({
    code: 'SCHEMA_TOO_NEW',
  });
  expect([await fileHash(live), await fileHash(`${live}-wal`)]).toEqual(before);
  expect(await older.listBackups()).toHaveLength(1);
});

it('reports migrated only when migrations ran, not when skipped', async () => {
  await new TinyMigrator(db, [M1]).applyMigrations();
  const old = await managerWith([M1]).createBackup('schema m1');
  await new TinyMigrator(db, [M1, M2]).applyMigrations();
  // As MigrationManager answers when called from inside its own restore.
  const skipping: SchemaMigrator = {
    getKnownMigrations: () => ['m1-tags', 'm2-notes'],
    applyMigrations: () =>
      Promise.resolve({
        success: true,
        appliedMigrations: [],
        skipped: 'restore-in-progress',
      }),
  };
  const events: BackupEvent[] = [];
  const manager = new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups') },
    migrator: skipping,
    onEvent: (event) => events.push(event),
  });

  const result = await manager.restoreBackup(old.backupId);

  const expected = {
    migrated: false,
    appliedMigrations: [],
    schemaVersion: 'm1-tags',
    migrationSkipped: 'restore-in-progress',
  };
  expect(result).toMatchObject(expected);
  expect(events.at(-1)).toMatchObject({ type: 'backup.restored', ...expected });
  expect(await columnsOfSessions()).not.toContain('notes');
});

it('a migrator that silently did nothing: not migrated', async () => {
  await new TinyMigrator(db, [M1]).applyMigrations();
  const old = await managerWith([M1]).createBackup('schema m1');
  const silent: SchemaMigrator = {
    getKnownMigrations: () => ['m1-tags', 'm2-notes'],
    applyMigrations: () => Promise.resolve({ success: true }),
  };
  const manager = new BackupManager({
    db,
    config: { directory: join(temp.dir, 'backups') },
    migrator: silent,
  });

  const result = await manager.restoreBackup(old.backupId);

  expect(result).toMatchObject({
    migrated: false,
    appliedMigrations: [],
    schemaVersion: 'm1-tags',
  });
});
