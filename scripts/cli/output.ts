/** Prints rows as JSON (for scripts) or as an aligned table (for people). */
export function printRows(rows: Record<string, unknown>[], options: { json: boolean; empty: string }): void {
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log(options.empty);
    return;
  }
  const columns = Object.keys(rows[0]);
  const text = (v: unknown) =>
    v === null || v === undefined ? "-" : v instanceof Date ? v.toISOString() : String(v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => text(row[c]))));
}
