/**
 * The `json` sink format: JSON Lines, one object per row, keys in column order; null values are left out (as
 * Spark's `ignoreNullFields`), which the json reader reads back as null. Values as value-text.ts writes them.
 */
import type { Batch } from '../../execution/batch.js';
import { valueAt } from '../../execution/column.js';
import type { DataType } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../../sources/source-options.js';
import type { FileFormatWriter } from './file-format-writer.js';
import { jsonValue, timestampText } from './value-text.js';

type Render = (v: unknown) => string;

export class JsonFormatWriter implements FileFormatWriter {
  readonly format = 'json';
  readonly extension = '.json';

  check(): void {}

  encode(schema: Schema, batches: readonly Batch[]): Uint8Array {
    const keys = schema.fields.map((f) => `${JSON.stringify(f.name)}:`);
    const renders = schema.fields.map((f) => renderer(f.type));
    const lines: string[] = [];
    for (const b of batches) {
      const cols = b.columns;
      for (let r = 0; r < b.numRows; r++) {
        let line = '{';
        let first = true;
        for (let c = 0; c < cols.length; c++) {
          const v = valueAt(cols[c]!, r);
          if (v === null) continue;
          line += (first ? '' : ',') + keys[c]! + renders[c]!(v);
          first = false;
        }
        lines.push(`${line}}`);
      }
    }
    return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  }
}

function renderer(t: DataType): Render {
  switch (t.kind) {
    case 'string': return (v) => JSON.stringify(v);
    case 'int': case 'bigint': return (v) => String(v);
    case 'boolean': return (v) => (v ? 'true' : 'false');
    case 'timestamp': return (v) => `"${timestampText(v as number)}"`;
    default: return (v) => JSON.stringify(jsonValue(v, t));
  }
}

export function createJsonFormatWriter(_options: ConnectorOptions): JsonFormatWriter {
  return new JsonFormatWriter();
}
