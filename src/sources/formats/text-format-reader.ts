/**
 * The `text` format: one row per line, in a single STRING column (`value` unless the schema names it otherwise).
 * Lines end at `\n`, and a `\r` before it is dropped; a final line without a newline is a line, an empty file has
 * no rows. With `wholetext = true` each file is one row holding its whole content. Text cannot be malformed.
 */
import { makeBatch, type Batch } from '../../execution/batch.js';
import { makeColumn } from '../../execution/column.js';
import { StringType } from '../../types/data-type.js';
import { field, schema, type Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../source-options.js';
import type { FileFormatReader, FileReadResult } from './file-format.js';

export const TEXT_SCHEMA: Schema = schema([field('value', StringType)]);

export class TextFormatReader implements FileFormatReader {
  readonly name = 'text';

  constructor(readonly schema: Schema, private readonly wholeText: boolean) {}

  read(text: string): FileReadResult {
    const lines: string[] = [];
    if (this.wholeText) {
      lines.push(text);
    } else {
      let at = 0;
      const n = text.length;
      while (at < n) {
        let nl = text.indexOf('\n', at);
        if (nl === -1) nl = n;
        const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        lines.push(text.slice(at, end));
        at = nl + 1;
      }
    }
    const batch: Batch = makeBatch(this.schema, [makeColumn(StringType, lines)], lines.length);
    return { batch, dropped: 0 };
  }
}

export function createTextFormatReader(options: ConnectorOptions, declared: Schema | undefined): TextFormatReader {
  if (declared !== undefined && declared.fields.length > 0
    && (declared.fields.length !== 1 || declared.fields[0]!.type.kind !== 'string')) {
    throw options.error('the text format produces a single STRING column (value); declare one STRING column or none');
  }
  const rowSchema = declared !== undefined && declared.fields.length > 0 ? declared : TEXT_SCHEMA;
  return new TextFormatReader(rowSchema, options.bool('wholetext', false));
}
