/** How the CLI prints statement results: JSON lines (rows only, on stdout) or Spark-style tables. */
import type { Batch } from '../execution/batch.js';
import { valueAt } from '../execution/column.js';
import { toJsonValue } from '../types/values.js';
import { formatShowTable } from '../sinks/show-table-formatter.js';

export type OutputFormat = 'table' | 'jsonl';

export function formatRows(b: Batch, format: OutputFormat): string {
  if (format === 'table') return formatShowTable(b.schema.fields.map((f) => f.name), b.schema.fields.map((f) => f.type), [b], b.numRows, 0);
  const fields = b.schema.fields;
  let out = '';
  for (let i = 0; i < b.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) row[fields[c]!.name] = toJsonValue(valueAt(b.columns[c]!, i), fields[c]!.type);
    out += JSON.stringify(row) + '\n';
  }
  return out;
}
