/**
 * Joins the lines of one SQL statement the way MikroORM prints it: no
 * space after an opening parenthesis, one space after each comma.
 */
export function joinStatement(lines: readonly string[]): string {
  return lines.reduce((sql, line) =>
    sql.endsWith('(') ? sql + line : `${sql} ${line}`,
  );
}
