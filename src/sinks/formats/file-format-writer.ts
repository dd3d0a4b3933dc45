/**
 * Encoding a file sink's part file: the rows of one batch (one partition of it) in one format. Writers refuse, when
 * the sink sees its first batch, a schema the format cannot hold, naming the column.
 */
import type { Batch } from '../../execution/batch.js';
import type { Schema } from '../../types/schema.js';
import type { FileFormatName } from '../../sources/formats/file-format.js';
import type { ConnectorOptions } from '../../sources/source-options.js';
import { createArrowFormatWriter } from './arrow-format-writer.js';
import { createCsvFormatWriter } from './csv-format-writer.js';
import { createJsonFormatWriter } from './json-format-writer.js';
import { createParquetFormatWriter } from './parquet-format-writer.js';
import { createTextFormatWriter } from './text-format-writer.js';

export interface FileFormatWriter {
  readonly format: FileFormatName;
  /** The part files' name ending, e.g. `.snappy.parquet`. */
  readonly extension: string;
  /** Throws ANALYSIS_ERROR when the format cannot hold a column of the schema. */
  check(schema: Schema): void;
  /** The bytes of one part file holding the batches' rows (all of `schema`). */
  encode(schema: Schema, batches: readonly Batch[]): Uint8Array;
}

export function createFileFormatWriter(format: FileFormatName, options: ConnectorOptions): FileFormatWriter {
  switch (format) {
    case 'json': return createJsonFormatWriter(options);
    case 'csv': return createCsvFormatWriter(options);
    case 'text': return createTextFormatWriter();
    case 'parquet': return createParquetFormatWriter(options);
    case 'arrow': return createArrowFormatWriter();
  }
}
