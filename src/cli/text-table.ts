/** The subset of SfCommand's `table` options our offline commands use. */
export type TableOptions<R extends Record<string, unknown>> = {
  data: R[];
  columns: Array<{ key: keyof R & string; name: string }>;
};

/**
 * A boxed text table like the one SfCommand prints through @oclif/table, without loading it: @oclif/table renders
 * with ink and react, a few hundred milliseconds of module loading for five rows.
 */
export function formatTable<R extends Record<string, unknown>>({ data, columns }: TableOptions<R>): string {
  const cells = data.map((row) => columns.map((column) => String(row[column.key] ?? '')));
  const widths = columns.map((column, i) => Math.max(column.name.length, ...cells.map((row) => row[i].length)));
  const rule = (left: string, middle: string, right: string): string => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (row: string[]): string => `│${row.map((cell, i) => ` ${cell.padEnd(widths[i])} `).join('│')}│`;
  return [rule('┌', '┬', '┐'), line(columns.map((column) => column.name)), rule('├', '┼', '┤'), ...cells.map(line), rule('└', '┴', '┘')].join('\n');
}
