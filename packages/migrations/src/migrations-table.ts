import type { SqliteConnection } from '@steno/db';
import { allRows, execSql } from './sqlite-connection.js';

/** MikroORM's migrations table; its last `name` is the schema version. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** One row of the migrations table. */
export interface AppliedMigration {
  id: number;
  name: string;
  appliedAt: Date | null;
  checksum: string | null;
  backupId: string | null;
  /** Fingerprint of the schema just before it ran. */
  schemaBefore: string | null;
}

/** What we record when a migration is applied. */
export interface MigrationRecord {
  name: string;
  checksum: string;
  backupId: string | null;
  schemaBefore: string;
}

/** The columns we add to MikroORM's table; its own tools ignore them. */
const EXTRA_COLUMNS = ['checksum', 'backup_id', 'schema_before'];

/** True when `table` exists in the main schema. */
export async function hasTable(
  connection: SqliteConnection,
  table: string,
): Promise<boolean> {
  const rows = await allRows(
    connection,
    "select 1 from sqlite_master where type = 'table' and name = ?",
    [table],
  );
  return rows.length > 0;
}

/** Creates the table as MikroORM does, then adds our columns. */
export async function ensureMigrationsTable(
  connection: SqliteConnection,
): Promise<void> {
  await execSql(
    connection,
    `create table if not exists \`${MIGRATIONS_TABLE}\` (` +
      '`id` integer not null primary key autoincrement, ' +
      '`name` varchar(255), ' +
      '`executed_at` datetime default CURRENT_TIMESTAMP)',
  );
  const columns = await allRows<{ name: string }>(
    connection,
    `pragma table_info(\`${MIGRATIONS_TABLE}\`)`,
  );
  const present = new Set(columns.map((column) => column.name));
  for (const column of EXTRA_COLUMNS.filter((c) => !present.has(c))) {
    await execSql(
      connection,
      `alter table \`${MIGRATIONS_TABLE}\` add column \`${column}\` text`,
    );
  }
}

/** Every applied migration, oldest first; empty without the table. */
export async function readApplied(
  connection: SqliteConnection,
): Promise<AppliedMigration[]> {
  if (!(await hasTable(connection, MIGRATIONS_TABLE))) return [];
  const rows = await allRows<Record<string, unknown>>(
    connection,
    `select * from \`${MIGRATIONS_TABLE}\` order by id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    name: stripExtension(String(row.name)),
    appliedAt: parseAppliedAt(row.executed_at),
    checksum: (row.checksum as string | undefined) ?? null,
    backupId: (row.backup_id as string | undefined) ?? null,
    schemaBefore: (row.schema_before as string | undefined) ?? null,
  }));
}

/** Records one applied migration, inside the caller's transaction. */
export async function recordApplied(
  connection: SqliteConnection,
  record: MigrationRecord,
): Promise<void> {
  await allRows(
    connection,
    `insert into \`${MIGRATIONS_TABLE}\`
       (name, executed_at, checksum, backup_id, schema_before)
     values (?, ?, ?, ?, ?)`,
    [
      record.name,
      new Date().toISOString(),
      record.checksum,
      record.backupId,
      record.schemaBefore,
    ],
  );
}

/** Forgets one migration, inside the transaction that undid it. */
export async function removeApplied(
  connection: SqliteConnection,
  name: string,
): Promise<void> {
  await allRows(
    connection,
    `delete from \`${MIGRATIONS_TABLE}\` where name in (?, ?, ?)`,
    [name, `${name}.js`, `${name}.ts`],
  );
}

/** MikroORM's CLI may have stored a name with its file extension. */
function stripExtension(name: string): string {
  return name.replace(/\.[jt]s$/, '');
}

/** ISO text from us, `YYYY-MM-DD HH:MM:SS` (UTC) from the SQL default. */
function parseAppliedAt(value: unknown): Date | null {
  if (value == null) return null;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
