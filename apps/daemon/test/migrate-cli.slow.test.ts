import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@steno/db';
import { SHIPPED_MIGRATIONS } from '@steno/migrations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  runCli,
  withDatabase,
  useBundledCli,
  type CliRun,
} from './helpers/index.js';

const INITIAL = SHIPPED_MIGRATIONS[0]?.name;

const cli = useBundledCli('migrate-cli');
let folder: string;
let dbPath: string;

/** Runs the real CLI in a child process against the test database. */
function steno(...args: string[]): Promise<CliRun> {
  return runCli(['--db', dbPath, ...args], folder, { cli: cli() });
}

function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  return withDatabase(dbPath, work);
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-migrate-cli-'));
  dbPath = join(folder, 'steno.db');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('steno migrate', () => {
  it('shows pending, applies, then shows up to date', async () => {
    const before = await steno('--json', 'migrate', 'status');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      version: null,
      pending: [{ id: INITIAL }],
    });

    const up = await steno('migrate', 'up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`applied   ${INITIAL}`);
    expect(up.stdout).toMatch(/backup taken: \S+/);
    expect(await readdir(join(folder, 'backups'))).not.toEqual([]);

    const after = await steno('--json', 'migrate', 'status');
    expect(JSON.parse(after.stdout)).toMatchObject({
      version: INITIAL,
      pending: [],
    });
    const valid = await steno('migrate', 'validate');
    expect(valid).toMatchObject({ code: 0 });
    expect(valid.stdout).toContain('valid: 1 applied migration(s) match');
  });

  it('refuses to roll back the initial schema, exit 1', async () => {
    await steno('migrate', 'up', '--no-backup');
    const down = await steno('--json', 'migrate', 'down');
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stderr).error).toMatchObject({
      code: 'ROLLBACK_UNAVAILABLE',
    });
    const bad = await steno('migrate', 'down', '--steps', '0');
    expect(bad.code).toBe(2);
  });

  it('refuses a database migrated by newer software', async () => {
    await steno('migrate', 'up', '--no-backup');
    await withDb((db) =>
      db.executeQuery(
        "insert into mikro_orm_migrations (name) values ('Migration20991231000000_future')",
      ),
    );
    const up = await steno('--json', 'migrate', 'up');
    expect(up.code).toBe(1);
    expect(JSON.parse(up.stdout).error.code).toBe('SCHEMA_TOO_NEW');

    const validate = await steno('--json', 'migrate', 'validate');
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout).problems).toEqual([
      expect.objectContaining({ kind: 'missing-from-code' }),
    ]);
  });

  it('adopts a database that createTables() built', async () => {
    await withDb(async (db) => {
      await db.createTables();
      await db.executeQuery(
        "insert into users (username, created_at) values ('ada', 0)",
      );
    });
    const up = await steno('migrate', 'up');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`adopted the existing schema as ${INITIAL}`);
    const rows = await withDb((db) =>
      db.executeQuery<{ name: string }>(
        'select name from mikro_orm_migrations',
      ),
    );
    expect(rows.map((r) => r.name)).toEqual([INITIAL]);
    const users = await withDb((db) => db.countRows());
    expect(users.users).toBe(1);
  });
});
