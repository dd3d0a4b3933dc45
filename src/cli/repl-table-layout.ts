/**
 * The REPL's tables on a terminal: the ASCII frame of Spark's `show()`, but sized to the screen. Columns get
 * the width of their widest cell; when the table is wider than the terminal, the widest columns give up
 * columns first (down to 3) and their cells end with `…`; a table that still does not fit is cut at the right
 * edge. Numbers are right-aligned, everything else left-aligned.
 *
 * ```
 * +-----+---+
 * |word |  n|
 * +-----+---+
 * |to   |  2|
 * |ques…|  1|      (in a 12-column terminal)
 * +-----+---+
 * ```
 */
import { valueAt } from '../execution/column.js';
import type { Batch } from '../execution/batch.js';
import { isNumeric } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';
import { showValue } from '../sinks/show-table-formatter.js';
import { displayWidth, fitCell, fitText, printable } from './repl-text.js';

const MIN_COLUMN_WIDTH = 3;

export interface TableColumn {
  readonly name: string;
  readonly alignRight: boolean;
}

export function tableColumns(s: Schema): TableColumn[] {
  return s.fields.map((f) => ({ name: printable(f.name), alignRight: isNumeric(f.type) }));
}

/** Row `i` of `b` as the strings a table shows (Spark's notation, control characters made visible). */
export function rowCells(b: Batch, i: number): string[] {
  const fields = b.schema.fields;
  const out = new Array<string>(fields.length);
  for (let c = 0; c < fields.length; c++) out[c] = printable(showValue(valueAt(b.columns[c]!, i), fields[c]!.type));
  return out;
}

/**
 * Column widths for `rows` in at most `maxWidth` terminal columns (frame included). `atLeast` keeps widths
 * from shrinking between redraws of a live table.
 */
export function columnWidths(columns: readonly TableColumn[], rows: Iterable<readonly string[]>, maxWidth: number,
  atLeast?: readonly number[]): number[] {
  const widths = columns.map((c, i) => Math.max(MIN_COLUMN_WIDTH, displayWidth(c.name), atLeast?.[i] ?? 0));
  for (const row of rows) {
    for (let c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c]!, displayWidth(row[c] ?? ''));
  }
  return shrinkToFit(widths, maxWidth);
}

/** Takes columns from the widest column until the frame fits `maxWidth` or every column is at the minimum. */
export function shrinkToFit(widths: number[], maxWidth: number): number[] {
  let total = frameWidth(widths);
  while (total > maxWidth) {
    let widest = -1;
    for (let c = 0; c < widths.length; c++) {
      if (widths[c]! > MIN_COLUMN_WIDTH && (widest < 0 || widths[c]! > widths[widest]!)) widest = c;
    }
    if (widest < 0) break;
    // Shrink the widest column to the second widest (or just enough), so wide columns end up equal.
    const others = widths.filter((_, c) => c !== widest);
    const second = Math.max(MIN_COLUMN_WIDTH, ...others);
    const target = Math.max(second, widths[widest]! - (total - maxWidth), MIN_COLUMN_WIDTH);
    const next = target < widths[widest]! ? target : widths[widest]! - 1;
    total -= widths[widest]! - next;
    widths[widest] = next;
  }
  return widths;
}

/** Columns a frame with these column widths takes: one `|` before each column and one at the end. */
export function frameWidth(widths: readonly number[]): number {
  let w = 1;
  for (const x of widths) w += x + 1;
  return w;
}

export function borderLine(widths: readonly number[]): string {
  return `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
}

export function headerLine(columns: readonly TableColumn[], widths: readonly number[]): string {
  return `|${columns.map((c, i) => fitCell(c.name, widths[i]!, c.alignRight)).join('|')}|`;
}

export function rowLine(columns: readonly TableColumn[], cells: readonly string[], widths: readonly number[]): string {
  return `|${columns.map((c, i) => fitCell(cells[i] ?? '', widths[i]!, c.alignRight)).join('|')}|`;
}

/** A static result as a framed table fitted to `maxWidth`, then `(n rows)`; every line ends with `\n`. */
export function formatFittedTable(b: Batch, maxWidth: number): string {
  const columns = tableColumns(b.schema);
  const rows: string[][] = [];
  for (let i = 0; i < b.numRows; i++) rows.push(rowCells(b, i));
  const widths = columnWidths(columns, rows, maxWidth);
  const border = borderLine(widths);
  const lines = [border, headerLine(columns, widths), border];
  for (const r of rows) lines.push(rowLine(columns, r, widths));
  lines.push(border);
  let out = '';
  for (const l of lines) out += fitText(l, maxWidth) + '\n';
  return out + `(${b.numRows} ${b.numRows === 1 ? 'row' : 'rows'})\n`;
}
