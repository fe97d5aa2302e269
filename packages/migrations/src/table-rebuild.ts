import { joinStatement } from './migrations/join-statement.js';

/** Options of {@link rebuildTable}. */
export interface RebuildTableOptions {
  table: string;
  /**
   * The new `CREATE TABLE` body, one column or constraint per line,
   * without the surrounding parentheses.
   */
  definition: readonly string[];
  /** Each new column to fill, mapped to an SQL expression over the old. */
  copy: Readonly<Record<string, string>>;
  /** Indexes and triggers to create again once the new table is in place. */
  recreate?: readonly string[];
}

/**
 * The statements of SQLite's documented table rebuild: create the new
 * table, copy every row, drop the old one, rename the new one into its
 * place, recreate its indexes and triggers. The AUTOINCREMENT counter is
 * carried over so ids of deleted rows are never handed out again. Run it
 * only through MigrationManager, which switches foreign keys off before
 * the transaction; with them on, the DROP deletes every child row.
 */
export function rebuildTable(options: RebuildTableOptions): string[] {
  const { table } = options;
  const temporary = `${table}__rebuild`;
  const columns = Object.keys(options.copy);
  const body = joinStatement([`(`, ...options.definition]);

  const statements = [
    `create table \`${temporary}\` ${body});`,
    `insert into \`${temporary}\` (${columns.map(quote).join(', ')}) ` +
      `select ${Object.values(options.copy).join(', ')} from \`${table}\`;`,
  ];
  if (/\bautoincrement\b/i.test(body)) {
    statements.push(
      `delete from sqlite_sequence where name = '${temporary}';`,
      `insert into sqlite_sequence (name, seq) select '${temporary}', seq ` +
        `from sqlite_sequence where name = '${table}';`,
    );
  }
  statements.push(
    `drop table \`${table}\`;`,
    `alter table \`${temporary}\` rename to \`${table}\`;`,
    ...(options.recreate ?? []),
  );
  return statements;
}

function quote(column: string): string {
  return `\`${column}\``;
}
