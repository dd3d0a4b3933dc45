/**
 * The `arrow` format: Arrow IPC files (the random-access file format, `ARROW1` magic, also called Feather v2) and
 * Arrow IPC streams, read by apache-arrow. Options: `mode`, `columnNameOfCorruptRecord` (see
 * columnar-format-reader.ts).
 */
import * as arrow from 'apache-arrow';
import type { Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../source-options.js';
import { ColumnarFormatReader, type ColumnarDecoder } from './columnar-format-reader.js';
import { malformedRecordPolicy } from './parse-mode.js';

export const arrowDecoder: ColumnarDecoder = {
  open(bytes) {
    const t = decodeAll(bytes);
    return { schema: t.schema, read: (columns) => (columns.length === t.schema.fields.length ? t : t.select(columns as string[])) };
  },
};

/** The whole table, reading every record batch (so a truncated file fails here rather than half-read). */
function decodeAll(bytes: Uint8Array): arrow.Table {
  const t = arrow.tableFromIPC(bytes);
  if (t.schema.fields.length === 0 && t.numRows === 0) throw new Error('no Arrow schema found');
  return t;
}

export function createArrowFormatReader(options: ConnectorOptions, declared: Schema | undefined): ColumnarFormatReader {
  if (declared === undefined) throw options.error('the arrow format needs a schema: declare the columns or read files that exist');
  return new ColumnarFormatReader('arrow', declared, malformedRecordPolicy(options, declared), arrowDecoder);
}
