import type { SqliteConnection } from '@steno/db';
import { StenoError } from '@steno/models';
import { allRows, execSql } from './sqlite-connection.js';

interface SchemaName {
  type: string;
  name: string;
  table: string;
}

interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
}

/**
 * Runs the statements of one migration step inside the caller's
 * transaction, then refuses the step when a foreign key dangles or when
 * an index, trigger or view vanished without an explicit DROP (what a
 * table rebuild that forgot to recreate them leaves behind).
 */
export async function runStepStatements(
  connection: SqliteConnection,
  name: string,
  statements: readonly string[],
): Promise<void> {
  const before = await readDependentObjects(connection);
  for (const sql of statements) {
    try {
      await execSql(connection, sql);
    } catch (error) {
      throw stepError(name, `${(error as Error).message} in: ${clip(sql)}`, {
        cause: error,
      });
    }
  }

  await checkForeignKeys(connection, name);
  const lost = await findLost(connection, before, statements);
  if (lost.length > 0) {
    const names = lost.map((o) => `${o.type} ${o.name}`).join(', ');
    throw stepError(
      name,
      `it lost ${names}; a table rebuild must recreate the indexes, ` +
        'triggers and views of the table it replaces',
    );
  }
}

/**
 * Objects that are gone although their table is still there (or is there
 * again, after a rebuild) and no statement dropped them by name.
 */
async function findLost(
  connection: SqliteConnection,
  before: SchemaName[],
  statements: readonly string[],
): Promise<SchemaName[]> {
  const after = await readDependentObjects(connection);
  const names = new Set(after.map((o) => o.name));
  const tables = await allRows<{ name: string }>(
    connection,
    "select name from sqlite_master where type in ('table', 'view')",
  );
  const present = new Set(tables.map((t) => t.name));
  const dropped = explicitlyDropped(statements);
  return before.filter(
    (o) =>
      !names.has(o.name) &&
      present.has(o.table) &&
      !dropped.has(o.name.toLowerCase()),
  );
}

/** `PRAGMA foreign_key_check` must come back empty before commit. */
async function checkForeignKeys(
  connection: SqliteConnection,
  name: string,
): Promise<void> {
  const rows = await allRows<ForeignKeyViolation>(
    connection,
    'pragma foreign_key_check',
  );
  if (rows.length === 0) return;
  const first = rows[0] as ForeignKeyViolation;
  throw stepError(
    name,
    `it leaves ${rows.length} row(s) violating foreign keys ` +
      `(first: ${first.table} rowid ${first.rowid} → ${first.parent})`,
    { details: { violations: rows.slice(0, 20) } },
  );
}

async function readDependentObjects(
  connection: SqliteConnection,
): Promise<SchemaName[]> {
  return allRows<SchemaName>(
    connection,
    `select type, name, tbl_name as "table" from sqlite_master
     where type in ('index', 'trigger', 'view') and sql is not null`,
  );
}

function explicitlyDropped(statements: readonly string[]): Set<string> {
  const pattern =
    /\bdrop\s+(?:index|trigger|view)\s+(?:if\s+exists\s+)?[`"[]?(\w+)/gi;
  const names = new Set<string>();
  for (const sql of statements) {
    for (const match of sql.matchAll(pattern)) {
      names.add((match[1] as string).toLowerCase());
    }
  }
  return names;
}

function stepError(
  name: string,
  reason: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): StenoError {
  return new StenoError('MIGRATION_FAILED', `migration ${name}: ${reason}`, {
    cause: options.cause,
    details: { migration: name, ...options.details },
  });
}

function clip(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
