/**
 * The `csv` sink format, with the reader's options (`header` default false, `sep`/`delimiter`, `quote`, `escape`,
 * `nullValue` default empty). A null is written as `nullValue`; a string is quoted when it holds the delimiter,
 * the quote, a line break, or is empty (so it reads back as the empty string, not null) or equal to `nullValue`;
 * inside quotes the quote is doubled and the escape character escaped. Timestamps as value-text.ts writes them,
 * dates `2026-01-01`, doubles as JavaScript prints them (`NaN`, `Infinity`). Columns of types csv cannot hold
 * (binary, interval, arrays, maps, structs) are refused.
 */
import type { Batch } from '../../execution/batch.js';
import { valueAt } from '../../execution/column.js';
import { typeToString, type DataType } from '../../types/data-type.js';
import { SluiceError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import { formatDate } from '../../types/temporal.js';
import { csvReadable, csvSyntax } from '../../sources/formats/csv-format-reader.js';
import type { CsvSyntax } from '../../sources/formats/csv-record-scanner.js';
import type { ConnectorOptions } from '../../sources/source-options.js';
import type { FileFormatWriter } from './file-format-writer.js';
import { timestampText } from './value-text.js';

export class CsvFormatWriter implements FileFormatWriter {
  readonly format = 'csv';
  readonly extension = '.csv';

  constructor(private readonly syntax: CsvSyntax) {}

  check(schema: Schema): void {
    for (const f of schema.fields) {
      if (!csvReadable(f.type)) throw new SluiceError('ANALYSIS_ERROR', `the csv format cannot hold column ${f.name} of type ${typeToString(f.type)}`);
    }
  }

  encode(schema: Schema, batches: readonly Batch[]): Uint8Array {
    const { delimiter, nullValue, header } = this.syntax;
    const texts = schema.fields.map((f) => this.textOf(f.type));
    const lines: string[] = [];
    if (header) lines.push(schema.fields.map((f) => this.quoted(f.name)).join(delimiter));
    for (const b of batches) {
      for (let r = 0; r < b.numRows; r++) {
        let line = '';
        for (let c = 0; c < b.columns.length; c++) {
          const v = valueAt(b.columns[c]!, r);
          if (c > 0) line += delimiter;
          line += v === null ? nullValue : texts[c]!(v);
        }
        lines.push(line);
      }
    }
    return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  }

  private textOf(t: DataType): (v: unknown) => string {
    switch (t.kind) {
      case 'string': return (v) => this.quoted(v as string);
      case 'timestamp': return (v) => timestampText(v as number);
      case 'date': return (v) => formatDate(v as number);
      case 'boolean': return (v) => (v ? 'true' : 'false');
      default: return (v) => String(v);
    }
  }

  private quoted(s: string): string {
    const { delimiter, quote, escape, nullValue } = this.syntax;
    const needs = s === '' || s === nullValue || s.includes(delimiter) || s.includes(quote) || s.includes('\n') || s.includes('\r')
      || (escape !== quote && s.includes(escape));
    if (!needs) return s;
    let body = s;
    if (escape !== quote) body = body.split(escape).join(escape + escape);
    body = body.split(quote).join(quote + quote);
    return quote + body + quote;
  }
}

export function createCsvFormatWriter(options: ConnectorOptions): CsvFormatWriter {
  return new CsvFormatWriter(csvSyntax(options));
}
