import { StenoError } from '@steno/models';

/** A value a preserve filter compares with; booleans are stored as 1/0. */
export type FilterValue = string | number | boolean | null;

/**
 * A declarative preserve condition, evaluated in SQL. `field` is a
 * property (`status`), a path into a JSON property (`metadata.keep`), or,
 * on rows that belong to a session, a field of that session
 * (`session.metadata.keep`).
 */
export type PreserveFilter =
  | { field: string; equals: FilterValue }
  | { field: string; in: FilterValue[] }
  | { all: PreserveFilter[] }
  | { any: PreserveFilter[] };

/** SQL text with its bound parameters; values are never interpolated. */
export interface BoundSql {
  sql: string;
  params: unknown[];
}

/** What the compiler knows about the tables a filter may name. */
export interface FilterScope {
  /** Alias of the rule's table, and the columns it has. */
  alias: string;
  columns: ReadonlySet<string>;
  /** Alias and columns of the owning session, when rows have one. */
  session?: { alias: string; columns: ReadonlySet<string> };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Compiles `filter` to a bound SQL condition over `scope`. Throws an
 * INVALID_CONFIG StenoError naming the field when it does not exist.
 */
export function compilePreserveFilter(
  filter: PreserveFilter,
  scope: FilterScope,
  key = 'preserve',
): BoundSql {
  if ('all' in filter || 'any' in filter) {
    const parts = 'all' in filter ? filter.all : filter.any;
    const joiner = 'all' in filter ? ' and ' : ' or ';
    if (!Array.isArray(parts) || parts.length === 0) {
      throw invalid(key, 'all/any must list at least one filter');
    }
    const compiled = parts.map((part, i) =>
      compilePreserveFilter(part, scope, `${key}[${i}]`),
    );
    return {
      sql: `(${compiled.map((c) => c.sql).join(joiner)})`,
      params: compiled.flatMap((c) => c.params),
    };
  }
  return compileComparison(filter, scope, key);
}

function compileComparison(
  filter: Extract<PreserveFilter, { field: string }>,
  scope: FilterScope,
  key: string,
): BoundSql {
  const operand = resolveField(filter.field, scope, key);
  if ('equals' in filter) {
    if (filter.equals === null) {
      return { sql: `${operand.sql} is null`, params: operand.params };
    }
    return {
      sql: `${operand.sql} = ?`,
      params: [...operand.params, toSql(filter.equals, key)],
    };
  }
  if (!Array.isArray(filter.in) || filter.in.length === 0) {
    throw invalid(key, `"in" of ${filter.field} must list values`);
  }
  const marks = filter.in.map(() => '?').join(', ');
  return {
    sql: `${operand.sql} in (${marks})`,
    params: [...operand.params, ...filter.in.map((v) => toSql(v, key))],
  };
}

/** Turns `a.b.c` into a column, or a json_extract over one. */
function resolveField(
  field: string,
  scope: FilterScope,
  key: string,
): BoundSql {
  const parts = typeof field === 'string' ? field.split('.') : [];
  if (parts.length === 0 || !parts.every((p) => NAME.test(p))) {
    throw invalid(key, `field ${JSON.stringify(field)} is not a field path`);
  }
  let table = { alias: scope.alias, columns: scope.columns };
  if (parts[0] === 'session' && parts.length > 1 && scope.session) {
    table = scope.session;
    parts.shift();
  }

  const column = snakeCase(parts[0] ?? '');
  if (!table.columns.has(column)) {
    throw invalid(key, `field ${field} does not exist (no column ${column})`);
  }
  const sql = `${table.alias}."${column}"`;
  if (parts.length === 1) return { sql, params: [] };
  return {
    sql: `json_extract(${sql}, ?)`,
    params: [`$.${parts.slice(1).join('.')}`],
  };
}

function toSql(value: FilterValue, key: string): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw invalid(key, `value ${JSON.stringify(value)} is not comparable`);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function invalid(key: string, problem: string): StenoError {
  return new StenoError('INVALID_CONFIG', `${key}: ${problem}`, {
    details: { key },
  });
}
