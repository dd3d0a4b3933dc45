/**
 * Reading one data file of a text format (json, csv, text) into a batch. The streaming file source uses it per
 * file; a static table over files (`CREATE TABLE … WITH (connector = 'file')`) can use it the same way:
 *
 * ```ts
 * const reader = createFileFormatReader('csv', new ConnectorOptions({ header: 'true' }, 'file source'), schema);
 * const { batch, dropped } = await readDataFile('dims.csv', reader);
 * ```
 */
import { promises as fsp } from 'node:fs';
import type { Batch } from '../../execution/batch.js';
import { SluiceError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../source-options.js';
import { createCsvFormatReader } from './csv-format-reader.js';
import { createJsonFormatReader } from './json-format-reader.js';
import { createTextFormatReader } from './text-format-reader.js';

export interface FileReadResult {
  readonly batch: Batch;
  /** Malformed records dropped (mode DROPMALFORMED). */
  readonly dropped: number;
}

export interface FileFormatReader {
  readonly name: string;
  /** The rows' schema: the declared one, or the format's own (text). */
  readonly schema: Schema;
  /** Parses a whole file's text; `file` names it in errors. Throws MALFORMED_RECORD under FAILFAST. */
  read(text: string, file: string): FileReadResult;
}

export const FILE_FORMATS = ['json', 'csv', 'text'] as const;
export type FileFormatName = (typeof FILE_FORMATS)[number];

export function createFileFormatReader(format: string, options: ConnectorOptions, declared: Schema | undefined): FileFormatReader {
  switch (format.trim().toLowerCase()) {
    case 'json': return createJsonFormatReader(options, declared);
    case 'csv': return createCsvFormatReader(options, declared);
    case 'text': return createTextFormatReader(options, declared);
    default: throw options.error(`unknown format ${JSON.stringify(format)}; supported: ${FILE_FORMATS.join(', ')}`);
  }
}

/** Reads and parses a file; a file that is missing or unreadable is an IO_ERROR naming it. */
export async function readDataFile(file: string, reader: FileFormatReader): Promise<FileReadResult> {
  return reader.read(await readDataFileText(file), file);
}

/** A data file's text (UTF-8, without a byte-order mark); IO_ERROR naming the file when it cannot be read. */
export async function readDataFileText(file: string): Promise<string> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it no longer exists (input files must not be deleted before they are processed)' : (err as Error).message;
    throw new SluiceError('IO_ERROR', `cannot read input file ${file}: ${why}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
