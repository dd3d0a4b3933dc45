/**
 * The `arrow` sink format: Arrow IPC files (random-access format, `ARROW1` magic; readable as Feather v2 by pandas
 * and polars), one record batch per input batch, types as arrow-interop.ts maps them.
 */
import * as arrow from 'apache-arrow';
import { batchesToArrow } from '../../execution/arrow-interop.js';
import type { Batch } from '../../execution/batch.js';
import type { Schema } from '../../types/schema.js';
import type { FileFormatWriter } from './file-format-writer.js';

export class ArrowFormatWriter implements FileFormatWriter {
  readonly format = 'arrow';
  readonly extension = '.arrow';

  check(): void {}

  encode(schema: Schema, batches: readonly Batch[]): Uint8Array {
    return arrow.tableToIPC(batchesToArrow(schema, batches), 'file');
  }
}

export function createArrowFormatWriter(): ArrowFormatWriter {
  return new ArrowFormatWriter();
}
