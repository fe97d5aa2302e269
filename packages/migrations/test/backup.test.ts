import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '@steno/db';
import {
  MigrationManager,
  SHIPPED_MIGRATIONS,
  type ApplyMigrationsResult,
} from '../src/index.js';
import {
  BrokenMigration,
  TEST_MIGRATIONS,
  withExtra,
} from './fixtures/test-migrations.js';
import { VacuumBackupService } from './fixtures/vacuum-backup.js';
import { checksumAll, makeTempDir, openDb, populate } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Database;
let backups: VacuumBackupService;

beforeEach(async () => {
  temp = await makeTempDir();
  db = await openDb(`${temp.dir}/steno.db`);
  await new MigrationManager(db).applyMigrations();
  await populate(db);
  backups = new VacuumBackupService(db, temp.dir);
});

afterEach(async () => {
  await db.disconnect();
  await temp.remove();
});

const broken = withExtra('Migration20261203000900_broken', BrokenMigration);

describe('applyMigrations with a backup service', () => {
  it('backs up the old schema first and records the backup', async () => {
    const manager = new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
      backupService: backups,
    });
    const result = await manager.applyMigrations();

    expect(result).toMatchObject({ success: true, backupId: 'backup-1' });
    expect(backups.calls).toEqual(['create backup-1']);
    const history = await manager.getMigrationHistory();
    expect(history.slice(1).map((h) => h.backupId)).toEqual([
      'backup-1',
      'backup-1',
    ]);

    const copy = new Database({ path: backups.pathOf('backup-1') });
    await copy.connect();
    const applied = await copy.executeQuery<{ name: string }>(
      'select name from mikro_orm_migrations',
    );
    await copy.disconnect();
    expect(applied.map((row) => row.name)).toEqual([
      SHIPPED_MIGRATIONS[0]?.name,
    ]);
  });

  it('restores the backup after a failure and reports both', async () => {
    const before = await checksumAll(db);
    const orm = db.orm;
    const result = await new MigrationManager(db, {
      migrations: broken,
      backupService: backups,
    }).applyMigrations();

    expect(result).toMatchObject({
      success: false,
      backupId: 'backup-1',
      restored: true,
    });
    expect(result.error?.code).toBe('MIGRATION_FAILED');
    expect(backups.calls).toEqual(['create backup-1', 'restore backup-1']);
    expect(db.orm).not.toBe(orm);
    expect(await checksumAll(db)).toBe(before);
  });

  it('reports a restore that fails as well as the failure', async () => {
    backups.failRestore = true;
    const result = await new MigrationManager(db, {
      migrations: broken,
      backupService: backups,
    }).applyMigrations();

    expect(result.restored).toBe(false);
    expect(result.error?.message).toContain('no_such_table');
    expect(result.restoreError).toMatchObject({ code: 'RESTORE_FAILED' });
    expect(result.restoreError?.message).toContain('disk unplugged');
  });

  it('applies nothing when the backup cannot be taken', async () => {
    const before = await checksumAll(db);
    const manager = new MigrationManager(db, {
      migrations: TEST_MIGRATIONS,
      backupService: {
        createBackup: () => Promise.reject(new Error('backup dir is full')),
        restoreBackup: () => Promise.resolve(),
      },
    });
    const result = await manager.applyMigrations();

    expect(result.success).toBe(false);
    expect(result.error?.code).toBe('BACKUP_FAILED');
    expect(await checksumAll(db)).toBe(before);
  });
});

describe('a backup service that migrates what it restores', () => {
  it('nested migrate during restore says skipped, not that it ran', async () => {
    const before = await checksumAll(db);
    const nested: ApplyMigrationsResult[] = [];
    let manager: MigrationManager | null = null;
    const service = {
      createBackup: () => backups.createBackup(),
      restoreBackup: async (backupId: string) => {
        await backups.restoreBackup(backupId);
        const again = await manager?.applyMigrations();
        if (again) nested.push(again);
      },
    };
    manager = new MigrationManager(db, {
      migrations: broken,
      backupService: service,
    });

    const result = await manager.applyMigrations();
    expect(result).toMatchObject({ success: false, restored: true });
    expect(nested).toEqual([
      {
        success: true,
        appliedMigrations: [],
        results: [],
        skipped: 'restore-in-progress',
      },
    ]);
    expect(backups.calls).toEqual(['create backup-1', 'restore backup-1']);
    expect(await checksumAll(db)).toBe(before);
  });
});
