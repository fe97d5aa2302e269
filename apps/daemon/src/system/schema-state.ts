import type { Database } from '@steno/db';

/** Where the database schema stands against the code's migrations. */
export interface SchemaState {
  /** The last applied migration; null when none is recorded. */
  version: string | null;
  applied: number;
  /** Known to the code, not applied yet, oldest first. */
  pending: string[];
  /** Applied to the database, unknown to the code. */
  unknown: string[];
  state: 'current' | 'pending' | 'too_new' | 'unmanaged';
}

/**
 * Reads the applied migrations from `mikro_orm_migrations` and compares
 * them with the names the code knows. Changes nothing.
 */
export async function readSchemaState(
  db: Database,
  known: readonly string[],
): Promise<SchemaState> {
  const applied = await readAppliedNames(db);
  if (applied === null) {
    return {
      version: null,
      applied: 0,
      pending: [...known],
      unknown: [],
      state: 'unmanaged',
    };
  }

  const pending = known.filter((name) => !applied.includes(name));
  const unknown = applied.filter((name) => !known.includes(name));
  const state =
    unknown.length > 0 ? 'too_new' : pending.length > 0 ? 'pending' : 'current';
  const version = applied.at(-1) ?? null;
  return { version, applied: applied.length, pending, unknown, state };
}

/** Applied migration names, oldest first; null without the table. */
async function readAppliedNames(db: Database): Promise<string[] | null> {
  const tables = await db.executeQuery<{ n: number }>(
    "select count(*) as n from sqlite_master where type = 'table' " +
      "and name = 'mikro_orm_migrations'",
  );
  if ((tables[0]?.n ?? 0) === 0) return null;
  const rows = await db.executeQuery<{ name: string }>(
    'select name from mikro_orm_migrations order by id',
  );
  return rows.map((row) => row.name);
}
