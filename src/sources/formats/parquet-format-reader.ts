/**
 * The `parquet` format, decoded by parquet-wasm (the Rust `parquet` crate compiled to WebAssembly, producing Arrow
 * data): only the columns the schema asks for are decoded, in batches of up to 2^20 rows, and handed to JavaScript
 * as an Arrow IPC stream that arrow-interop.ts turns into columns. Options: `mode`, `columnNameOfCorruptRecord`
 * (see columnar-format-reader.ts).
 */
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import type { Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../source-options.js';
import { ColumnarFormatReader, type ColumnarDecoder } from './columnar-format-reader.js';
import { malformedRecordPolicy } from './parse-mode.js';

const BATCH_ROWS = 1 << 20;

export const parquetDecoder: ColumnarDecoder = {
  open(bytes) {
    return {
      schema: arrow.tableFromIPC(parquet.readSchema(bytes).intoIPCStream()).schema,
      read(columns) {
        const table = parquet.readParquet(bytes, { batchSize: BATCH_ROWS, columns: [...columns] });
        return arrow.tableFromIPC(table.intoIPCStream());
      },
    };
  },
};

export function createParquetFormatReader(options: ConnectorOptions, declared: Schema | undefined): ColumnarFormatReader {
  if (declared === undefined) throw options.error('the parquet format needs a schema: declare the columns or read files that exist');
  return new ColumnarFormatReader('parquet', declared, malformedRecordPolicy(options, declared), parquetDecoder);
}
