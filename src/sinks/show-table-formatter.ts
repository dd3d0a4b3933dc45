/**
 * Renders rows as the ASCII table of Spark's `Dataset.show()`, used by the console sink (and by anything else
 * that prints a result for a person):
 * ```
 * +----+---+
 * |word|  n|
 * +----+---+
 * |  to|  2|
 * +----+---+
 * only showing top 1 row
 * ```
 * Columns are at least 3 characters wide. With truncation (`truncate` > 0, Spark's default 20) a longer cell is cut
 * to `truncate − 3` characters plus `...`, and cells are right-aligned; without it cells are left-aligned.
 * The footer appears only when rows were left out. Values print as Spark casts them to text: `null`, timestamps
 * `2026-01-01 12:00:00`, doubles `1.0` / `1.0E10`, arrays `[a, b]`, maps `{k -> v}`, structs `{a, b}`, binary
 * `[0A FF]`. East Asian wide characters count two columns.
 */
import type { Batch } from '../execution/batch.js';
import { valueAt } from '../execution/column.js';
import type { DataType, Interval } from '../types/data-type.js';
import { formatDate, formatInterval, formatTimestampSql } from '../types/temporal.js';

/** `numRows` rows of `batches` (taken in order across them) as Spark's show() prints them, ending with `\n`. */
export function formatShowTable(fieldNames: readonly string[], types: readonly DataType[], batches: readonly Batch[],
  numRows: number, truncate: number): string {
  const cells: string[][] = [fieldNames.map((n) => cut(n, truncate))];
  let total = 0;
  for (const b of batches) total += b.numRows;
  outer: for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) {
      if (cells.length - 1 >= numRows) break outer;
      cells.push(types.map((t, c) => cut(showValue(valueAt(b.columns[c]!, i), t), truncate)));
    }
  }
  const widths = fieldNames.map((_, c) => Math.max(3, ...cells.map((row) => displayWidth(row[c]!))));
  const border = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  const line = (row: readonly string[]): string =>
    `|${row.map((cell, c) => pad(cell, widths[c]!, truncate > 0)).join('|')}|\n`;
  let out = border + line(cells[0]!) + border;
  for (let r = 1; r < cells.length; r++) out += line(cells[r]!);
  out += border;
  if (total > numRows) out += `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return out;
}

/** A value as `CAST(v AS STRING)` shows it, with Spark's show() notation for nested values. */
export function showValue(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return 'null';
  switch (t.kind) {
    case 'boolean': return v ? 'true' : 'false';
    case 'double': return javaDoubleString(v as number);
    case 'decimal': return (v as number).toFixed(t.scale);
    case 'string': return v as string;
    case 'binary': return `[${Array.from(v as Uint8Array, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ')}]`;
    case 'date': return formatDate(v as number);
    case 'timestamp': return formatTimestampSql(v as number);
    case 'interval': return formatInterval(v as Interval);
    case 'array': return `[${(v as unknown[]).map((x) => showValue(x, t.element)).join(', ')}]`;
    case 'map': return `{${[...(v as Map<unknown, unknown>)].map(([k, x]) => `${showValue(k, t.key)} -> ${showValue(x, t.value)}`).join(', ')}}`;
    case 'struct': return `{${t.fields.map((f) => showValue((v as Record<string, unknown>)[f.name], f.type)).join(', ')}}`;
    default: return String(v);
  }
}

/** Java's `Double.toString`, which Spark uses: `1.0`, `0.001`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`. */
export function javaDoubleString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function cut(s: string, truncate: number): string {
  if (truncate <= 0 || s.length <= truncate) return s;
  return truncate < 4 ? s.slice(0, truncate) : `${s.slice(0, truncate - 3)}...`;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
      || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
      || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000 ? 2 : 1;
  }
  return w;
}
