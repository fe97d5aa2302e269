import {
  JsonType,
  type EntityMetadata,
  type EntityProperty,
} from '@mikro-orm/core';
import { ValidationError } from '@steno/models';
import type { SqliteConnection, SqliteStatement } from './database-types.js';

/** What one bulk insert wrote. Ids are contiguous within a call. */
export interface BulkInsertResult {
  count: number;
  firstId: number | null;
  lastId: number | null;
}

/** SQLite's default cap on bound parameters in one statement. */
const MAX_PARAMETERS = 32_766;

/**
 * Writes plain rows straight through the driver inside one transaction
 * that the caller opened: multi-row INSERTs from one prepared statement,
 * with values converted the way the ORM stores them.
 */
// Entity hooks and constructors do not run here (no derived word counts);
// the schema's CHECK constraints are the range guard on this path.
export class BulkWriter {
  constructor(
    private readonly connection: SqliteConnection,
    private readonly metadataOf: (entity: string) => EntityMetadata,
    private readonly batchSize: number,
  ) {}

  /** Inserts `rows` (entity property names as keys) into `entity`. */
  async insert(
    entity: string,
    rows: readonly Record<string, unknown>[],
  ): Promise<BulkInsertResult> {
    if (rows.length === 0) return { count: 0, firstId: null, lastId: null };
    const meta = this.metadataOf(entity);
    checkKeys(meta, rows);
    const props = insertableProps(meta, rows[0] ?? {});
    const perStatement = Math.max(
      1,
      Math.min(this.batchSize, Math.floor(MAX_PARAMETERS / props.length)),
    );

    const sqlFor = (size: number): string => insertSql(meta, props, size);
    const batches = new BatchRunner(this.connection, perStatement, sqlFor);
    let lastId = 0;
    try {
      for (let at = 0; at < rows.length; at += perStatement) {
        const batch = rows.slice(at, at + perStatement);
        const params = batch.flatMap((row) =>
          props.map((p) => toColumn(p, row)),
        );
        lastId = await batches.run(batch.length, params);
      }
    } finally {
      batches.close();
    }
    return { count: rows.length, firstId: lastId - rows.length + 1, lastId };
  }

  /**
   * Reads rows inside the caller's transaction, so a check (is this file
   * already stored?) and the writes that depend on it see the same data.
   */
  select<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.connection.all(sql, params, (error, rows) => {
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  }

  /** Updates rows by primary key; each row names the columns it sets. */
  async update(
    entity: string,
    rows: readonly Record<string, unknown>[],
  ): Promise<number> {
    const meta = this.metadataOf(entity);
    const pk = meta.properties[meta.primaryKeys[0] as never] as EntityProperty;
    checkKeys(meta, rows);
    let changed = 0;
    for (const row of rows) {
      const props = Object.keys(row)
        .filter((key) => key !== pk.name)
        .map((key) => propertyOf(meta, key, 0));
      if (props.length === 0) continue;
      const sets = props.map((p) => `"${p.fieldNames[0]}" = ?`).join(', ');
      const where = `"${pk.fieldNames[0]}" = ?`;
      const sql = `update "${meta.tableName}" set ${sets} where ${where}`;
      const params = [...props.map((p) => toColumn(p, row)), row[pk.name]];
      changed += (await runSql(this.connection, sql, params)).changes;
    }
    return changed;
  }
}

/**
 * Runs INSERT batches: full ones on one statement prepared on first use,
 * the shorter tail as its own statement.
 */
class BatchRunner {
  private full: SqliteStatement | null = null;

  constructor(
    private readonly connection: SqliteConnection,
    private readonly fullSize: number,
    private readonly sqlFor: (rows: number) => string,
  ) {}

  /** Inserts one batch; returns the rowid of its last row. */
  async run(rows: number, params: unknown[]): Promise<number> {
    if (rows !== this.fullSize) {
      return (await runSql(this.connection, this.sqlFor(rows), params)).lastID;
    }
    this.full ??= this.connection.prepare(this.sqlFor(rows));
    return (await runStatement(this.full, params)).lastID;
  }

  close(): void {
    this.full?.finalize();
  }
}

function insertableProps(
  meta: EntityMetadata,
  sample: Record<string, unknown>,
): EntityProperty[] {
  return meta.props.filter((prop) => {
    if (prop.kind === '1:m' || prop.kind === 'm:n') return false;
    if (prop.persist === false) return false;
    if (prop.primary && prop.autoincrement !== false) {
      return sample[prop.name] !== undefined;
    }
    return true;
  });
}

/** Refuses a row key that is no column, so a typo never drops data. */
function checkKeys(
  meta: EntityMetadata,
  rows: readonly Record<string, unknown>[],
): void {
  rows.forEach((row, index) => {
    for (const key of Object.keys(row)) propertyOf(meta, key, index);
  });
}

function propertyOf(
  meta: EntityMetadata,
  key: string,
  index: number,
): EntityProperty {
  const prop = meta.properties[key as never] as EntityProperty | undefined;
  if (!prop || prop.kind === '1:m' || prop.kind === 'm:n') {
    throw new ValidationError(
      key,
      `is not a column of ${meta.className} (row ${index})`,
    );
  }
  return prop;
}

function insertSql(
  meta: EntityMetadata,
  props: EntityProperty[],
  rows: number,
): string {
  const columns = props.map((p) => `"${p.fieldNames[0]}"`).join(', ');
  const tuple = `(${props.map(() => '?').join(', ')})`;
  const values = Array.from({ length: rows }, () => tuple).join(', ');
  return `insert into "${meta.tableName}" (${columns}) values ${values}`;
}

/** Converts one property of a plain row to what the column stores. */
function toColumn(prop: EntityProperty, row: Record<string, unknown>): unknown {
  let value = row[prop.name];
  if (value === undefined) value = defaultOf(prop);
  if (value === undefined || value === null) return null;

  if (prop.kind === 'm:1' || prop.kind === '1:1') {
    return typeof value === 'object' ? (value as { id: unknown }).id : value;
  }
  if (isJson(prop)) return JSON.stringify(value);
  if (value instanceof Date) return value.getTime();
  if (prop.runtimeType === 'Date' && typeof value === 'string') {
    return new Date(value).getTime();
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function isJson(prop: EntityProperty): boolean {
  return prop.type === 'json' || prop.customType instanceof JsonType;
}

function defaultOf(prop: EntityProperty): unknown {
  if (prop.onCreate) return prop.onCreate({} as never, {} as never);
  if (prop.default === undefined) return undefined;
  const quoted = /^'(.*)'$/.exec(String(prop.default));
  return quoted ? quoted[1] : prop.default;
}

interface RunResult {
  lastID: number;
  changes: number;
}

function runStatement(
  statement: SqliteStatement,
  params: unknown[],
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    statement.run(params, function (error) {
      if (error) reject(error);
      else resolve({ lastID: this.lastID, changes: this.changes });
    });
  });
}

/** Runs one statement on a raw connection. */
export function runSql(
  connection: SqliteConnection,
  sql: string,
  params: unknown[] = [],
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    connection.run(sql, params, function (error) {
      if (error) reject(error);
      else resolve({ lastID: this.lastID, changes: this.changes });
    });
  });
}
