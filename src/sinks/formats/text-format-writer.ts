/**
 * The `text` sink format: the rows' single STRING column, one line each (a null row is an empty line). Partition
 * columns do not count: `partitionBy` may add any.
 */
import type { Batch } from '../../execution/batch.js';
import { SluiceError } from '../../types/errors.js';
import { schemaToString, type Schema } from '../../types/schema.js';
import type { FileFormatWriter } from './file-format-writer.js';

export class TextFormatWriter implements FileFormatWriter {
  readonly format = 'text';
  readonly extension = '.txt';

  check(schema: Schema): void {
    if (schema.fields.length !== 1 || schema.fields[0]!.type.kind !== 'string') {
      throw new SluiceError('ANALYSIS_ERROR',
        `the text format writes a single STRING column (besides partition columns), but the query gives (${schemaToString(schema)})`);
    }
  }

  encode(_schema: Schema, batches: readonly Batch[]): Uint8Array {
    const lines: string[] = [];
    for (const b of batches) for (const v of b.columns[0]!.data as unknown[]) lines.push((v as string | null) ?? '');
    return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  }
}

export function createTextFormatWriter(): TextFormatWriter {
  return new TextFormatWriter();
}
