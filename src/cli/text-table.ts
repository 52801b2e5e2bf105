/**
 * Rows as a plain-text table for a terminal: a header, a rule, the rows (cells cut at 60
 * characters), and the row count.
 * @param headers - the column names.
 * @param rows - the cells, one array per row.
 * @returns the table.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join(' │ ');
  return [fmt(headers), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(fmt), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}
