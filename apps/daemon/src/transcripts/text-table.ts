/**
 * Lays rows out in columns two spaces apart; columns listed in
 * `rightAligned` (numbers) are padded on the left.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly number[] = [],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    all.reduce((width, row) => Math.max(width, (row[column] ?? '').length), 0),
  );
  return all
    .map((row) =>
      row
        .map((cell, column) => {
          const width = widths[column] ?? 0;
          return rightAligned.includes(column)
            ? cell.padStart(width)
            : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
