/**
 * The `text` format: one row per line, in a single STRING column (`value` unless the schema names it otherwise).
 * Lines end at `\n`, and a `\r` before it is dropped; a final line without a newline is a line, an empty file has
 * no rows. With `wholetext = true` each file is one row holding its whole content.
 *
 * Text is malformed only where its bytes are not valid UTF-8. The `mode` option decides: PERMISSIVE (default)
 * keeps the line with U+FFFD in place of the bad bytes, DROPMALFORMED drops it, FAILFAST stops naming file and line.
 */
import { makeBatch, type Batch } from '../../execution/batch.js';
import { makeColumn } from '../../execution/column.js';
import { StringType } from '../../types/data-type.js';
import { field, schema, type Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../source-options.js';
import type { FileReadResult, TextFileFormatReader } from './file-format.js';
import { malformedRecordError, type ParseMode } from './parse-mode.js';

export const TEXT_SCHEMA: Schema = schema([field('value', StringType)]);

export class TextFormatReader implements TextFileFormatReader {
  readonly name = 'text';
  readonly input = 'text';

  constructor(readonly schema: Schema, private readonly wholeText: boolean, private readonly mode: ParseMode = 'PERMISSIVE') {}

  read(text: string, file: string, invalidUtf8Lines?: ReadonlySet<number>): FileReadResult {
    const lines: string[] = [];
    let dropped = 0;
    const bad = this.mode === 'PERMISSIVE' ? undefined : invalidUtf8Lines;
    if (this.wholeText) {
      if (bad !== undefined && bad.size > 0) {
        if (this.mode === 'FAILFAST') throw malformedRecordError(file, Math.min(...bad), 'the text is not valid UTF-8');
        dropped++;
      } else {
        lines.push(text);
      }
    } else {
      let at = 0;
      let lineNo = 0;
      const n = text.length;
      while (at < n) {
        let nl = text.indexOf('\n', at);
        if (nl === -1) nl = n;
        lineNo++;
        const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (bad !== undefined && bad.has(lineNo)) {
          if (this.mode === 'FAILFAST') throw malformedRecordError(file, lineNo, 'the line is not valid UTF-8');
          dropped++;
        } else {
          lines.push(text.slice(at, end));
        }
        at = nl + 1;
      }
    }
    const batch: Batch = makeBatch(this.schema, [makeColumn(StringType, lines)], lines.length);
    return { batch, dropped };
  }
}

export function createTextFormatReader(options: ConnectorOptions, declared: Schema | undefined): TextFormatReader {
  if (declared !== undefined && declared.fields.length > 0
    && (declared.fields.length !== 1 || declared.fields[0]!.type.kind !== 'string')) {
    throw options.error('the text format produces a single STRING column (value); declare one STRING column or none');
  }
  const rowSchema = declared !== undefined && declared.fields.length > 0 ? declared : TEXT_SCHEMA;
  const mode = options.choice('mode', ['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST'] as const, 'PERMISSIVE');
  return new TextFormatReader(rowSchema, options.bool('wholetext', false), mode);
}
