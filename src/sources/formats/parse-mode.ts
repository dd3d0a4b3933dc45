/**
 * What a reader does with a record it cannot read (DESIGN.md §8), by Spark's `mode` option:
 * - PERMISSIVE (default): the row is kept with every column null; if the schema has a STRING column named by
 *   `columnNameOfCorruptRecord` (default `_corrupt_record`), that column holds the record's raw text (and is null
 *   for good records). That column is never read from the data itself.
 * - DROPMALFORMED: the row is dropped and counted.
 * - FAILFAST: reading stops with a MALFORMED_RECORD error naming the file and the record's 1-based line.
 */
import { SluiceError } from '../../types/errors.js';
import { fieldIndex, type Schema } from '../../types/schema.js';
import { ConnectorOptions } from '../source-options.js';

export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';

export const DEFAULT_CORRUPT_RECORD_COLUMN = '_corrupt_record';

export interface MalformedRecordPolicy {
  readonly mode: ParseMode;
  /** Index in the schema of the column that receives the raw text of malformed records, or -1. */
  readonly corruptColumn: number;
}

export function malformedRecordPolicy(options: ConnectorOptions, rowSchema: Schema): MalformedRecordPolicy {
  const mode = options.choice('mode', ['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST'] as const, 'PERMISSIVE');
  const name = options.string('columnNameOfCorruptRecord', DEFAULT_CORRUPT_RECORD_COLUMN);
  const corruptColumn = fieldIndex(rowSchema, name);
  if (corruptColumn >= 0 && rowSchema.fields[corruptColumn]!.type.kind !== 'string') {
    throw options.error(`the corrupt-record column '${name}' must be of type STRING`);
  }
  return { mode, corruptColumn };
}

export function malformedRecordError(file: string, line: number, reason: string): SluiceError {
  return new SluiceError('MALFORMED_RECORD',
    `malformed record in ${file} at line ${line}: ${reason} (mode FAILFAST; use PERMISSIVE or DROPMALFORMED to read past it)`);
}

/**
 * Whether a malformed record stays as a row (PERMISSIVE) or is dropped (DROPMALFORMED, and counted by the
 * caller); under FAILFAST it throws the MALFORMED_RECORD error instead.
 */
export function keepsMalformedRecord(policy: MalformedRecordPolicy, file: string, line: number, reason: string): boolean {
  if (policy.mode === 'FAILFAST') throw malformedRecordError(file, line, reason);
  return policy.mode === 'PERMISSIVE';
}

/** A whole file that cannot be read as declared (binary formats: unreadable, or columns of other types). */
export function malformedFileError(file: string, reason: string): SluiceError {
  return new SluiceError('MALFORMED_RECORD',
    `malformed file ${file}: ${reason} (mode FAILFAST; use PERMISSIVE or DROPMALFORMED to read past it)`);
}
