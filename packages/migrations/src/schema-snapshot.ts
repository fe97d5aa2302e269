import { createHash } from 'node:crypto';
import type { SqliteConnection } from '@steno/db';
import { MIGRATIONS_TABLE } from './migrations-table.js';
import { allRows } from './sqlite-connection.js';

/** One table, index, trigger or view, with its SQL normalised. */
export interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string;
}

/**
 * Reads the schema as `sqlite_master` holds it, minus SQLite's own
 * objects and the migrations table, in a stable order.
 */
export async function readSchema(
  connection: SqliteConnection,
): Promise<SchemaObject[]> {
  const rows = await allRows<{
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }>(
    connection,
    `select type, name, tbl_name, sql from sqlite_master
     where name not like 'sqlite_%' and tbl_name <> ?
     order by type, name`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((row) => ({
    type: row.type,
    name: row.name,
    table: row.tbl_name,
    sql: normaliseSql(row.sql ?? ''),
  }));
}

/**
 * Makes two spellings of the same DDL equal: case, identifier quotes and
 * whitespace do not count. `ALTER TABLE … RENAME` re-quotes names, and
 * hand-written rebuilds wrap lines differently from MikroORM.
 */
export function normaliseSql(sql: string): string {
  return sql
    .toLowerCase()
    .replace(/[`"[\]]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .replace(/;$/, '')
    .trim();
}

/** A short fingerprint of a schema, stored before each migration. */
export function hashSchema(schema: readonly SchemaObject[]): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/** Names what differs between two schemas, for error messages. */
export function diffSchemas(
  actual: readonly SchemaObject[],
  expected: readonly SchemaObject[],
): string[] {
  const key = (o: SchemaObject): string => `${o.type} ${o.name}`;
  const want = new Map(expected.map((o) => [key(o), o.sql]));
  const have = new Map(actual.map((o) => [key(o), o.sql]));
  const problems: string[] = [];
  for (const [name, sql] of want) {
    if (!have.has(name)) problems.push(`${name}: missing`);
    else if (have.get(name) !== sql) problems.push(`${name}: differs`);
  }
  for (const name of have.keys()) {
    if (!want.has(name)) problems.push(`${name}: unexpected`);
  }
  return problems;
}
