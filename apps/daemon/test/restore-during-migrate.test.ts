import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BackupManager, type BackupEvent } from '@steno/backup';
import { Database } from '@steno/db';
import {
  InitialSchemaMigration,
  MigrationManager,
  SHIPPED_MIGRATIONS,
} from '@steno/migrations';

const INITIAL = 'Migration20261203000000_initial';

/** A migration that fails half-way, after changing a row. */
class BrokenMigration extends InitialSchemaMigration {
  override up(): void {
    this.addSql("update `sessions` set `title` = 'half-written';");
    this.addSql('alter table `no_such_table` add column `x` integer;');
  }
}

let folder: string;
let db: Database;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-restore-migrate-'));
  db = new Database({ path: join(folder, 'steno.db') });
  await db.connect();
  await new MigrationManager(db).applyMigrations();
  await db.executeQuery(
    'insert into sessions (title, start_time, created_at, updated_at) ' +
      "values ('kept', 1, 1, 1)",
  );
});

afterEach(async () => {
  await db.disconnect();
  await rm(folder, { recursive: true, force: true });
});

it('nested migrate during restore: not reported as migrated', async () => {
  const events: BackupEvent[] = [];
  let backups: BackupManager | null = null;
  const migrations = new MigrationManager(db, {
    migrations: [
      ...SHIPPED_MIGRATIONS,
      { name: 'Migration29990101000000_broken', class: BrokenMigration },
    ],
    backupService: {
      createBackup: (description) => backups!.createBackup(description),
      restoreBackup: (backupId) => backups!.restoreBackup(backupId),
    },
  });
  backups = new BackupManager({
    db,
    config: { directory: join(folder, 'backups') },
    migrator: migrations,
    onEvent: (event) => events.push(event),
  });

  const result = await migrations.applyMigrations();

  expect(result).toMatchObject({ success: false, restored: true });
  const restored = events.find((e) => e.type === 'backup.restored');
  expect(restored).toMatchObject({
    backupId: result.backupId,
    migrated: false,
    appliedMigrations: [],
    schemaVersion: INITIAL,
    migrationSkipped: 'restore-in-progress',
  });
  const history = await migrations.getMigrationHistory();
  expect(history.map((entry) => entry.id)).toEqual([INITIAL]);
  const titles = await db.executeQuery<{ title: string }>(
    'select title from sessions',
  );
  expect(titles).toEqual([{ title: 'kept' }]);
});
