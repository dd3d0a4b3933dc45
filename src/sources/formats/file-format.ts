/**
 * Reading one data file into a batch, in the formats json, csv, text (text formats: the file is decoded as UTF-8)
 * and parquet, arrow (binary formats: the reader gets the bytes). The streaming file source and static file tables
 * read through data-file-reader.ts, which adds partition columns; a reader on its own reads one file's content:
 *
 * ```ts
 * const reader = createFileFormatReader('csv', new ConnectorOptions({ header: 'true' }, 'file source'), schema);
 * const { batch, dropped } = await readDataFile('dims.csv', reader);
 * ```
 *
 * Invalid UTF-8 in a text format is a malformed record of the line (or csv record) that holds it: the mode option
 * decides (the record is read with U+FFFD in place of the bad bytes under PERMISSIVE). An empty file has no rows in
 * every format.
 */
import { promises as fsp } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Batch } from '../../execution/batch.js';
import { SluiceError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../source-options.js';
import { createArrowFormatReader } from './arrow-format-reader.js';
import { createCsvFormatReader } from './csv-format-reader.js';
import { createJsonFormatReader } from './json-format-reader.js';
import { createParquetFormatReader } from './parquet-format-reader.js';
import { createTextFormatReader } from './text-format-reader.js';

export interface FileReadResult {
  readonly batch: Batch;
  /** Malformed records dropped (mode DROPMALFORMED). */
  readonly dropped: number;
}

/** A reader of a text format: gets the file decoded as UTF-8. */
export interface TextFileFormatReader {
  readonly name: string;
  readonly input: 'text';
  /** The rows' schema: the declared one, or the format's own (text). */
  readonly schema: Schema;
  /**
   * Parses a whole file's text; `file` names it in errors, `invalidUtf8Lines` (1-based) are lines whose bytes were
   * not valid UTF-8. Throws MALFORMED_RECORD under FAILFAST.
   */
  read(text: string, file: string, invalidUtf8Lines?: ReadonlySet<number>): FileReadResult;
  /**
   * Parses a whole file's bytes without decoding them first, when the reader can; undefined when it wants the
   * text instead (`read` then gets it). Same results and errors as `read` on the decoded text.
   */
  readBytes?(bytes: Uint8Array, file: string): FileReadResult | undefined;
}

/** A reader of a binary format: gets the file's bytes. */
export interface BinaryFileFormatReader {
  readonly name: string;
  readonly input: 'binary';
  readonly schema: Schema;
  read(bytes: Uint8Array, file: string): FileReadResult;
}

export type FileFormatReader = TextFileFormatReader | BinaryFileFormatReader;

export const FILE_FORMATS = ['json', 'csv', 'text', 'parquet', 'arrow'] as const;
export type FileFormatName = (typeof FILE_FORMATS)[number];

/** The format name as the user wrote it, checked: `FILE_FORMATS` (`ipc` and `feather` also mean arrow). */
export function fileFormatName(format: string, options: ConnectorOptions): FileFormatName {
  const f = format.trim().toLowerCase();
  if (f === 'ipc' || f === 'feather') return 'arrow';
  if ((FILE_FORMATS as readonly string[]).includes(f)) return f as FileFormatName;
  throw options.error(`unknown format ${JSON.stringify(format)}; supported: ${FILE_FORMATS.join(', ')}`);
}

/**
 * A reader for `format` with the declared schema. json, csv, parquet and arrow need one (schema inference is
 * file-schema-inference.ts's job); text has its own.
 */
export function createFileFormatReader(format: string, options: ConnectorOptions, declared: Schema | undefined): FileFormatReader {
  switch (fileFormatName(format, options)) {
    case 'json': return createJsonFormatReader(options, declared);
    case 'csv': return createCsvFormatReader(options, declared);
    case 'text': return createTextFormatReader(options, declared);
    case 'parquet': return createParquetFormatReader(options, declared);
    case 'arrow': return createArrowFormatReader(options, declared);
  }
}

/** Reads and parses a file; a file that is missing or unreadable is an IO_ERROR naming it. */
export async function readDataFile(file: string, reader: FileFormatReader): Promise<FileReadResult> {
  return parseDataFile(await readDataFileBytes(file), file, reader);
}

/** Parses a file's bytes with `reader` (decoding them first for a text format). */
export function parseDataFile(bytes: Uint8Array, file: string, reader: FileFormatReader): FileReadResult {
  if (reader.input === 'binary') return reader.read(bytes, file);
  const direct = reader.readBytes?.(bytes, file);
  if (direct !== undefined) return direct;
  const { text, invalidLines } = decodeUtf8(bytes);
  return reader.read(text, file, invalidLines);
}

/** A data file's bytes; IO_ERROR naming the file when it cannot be read. */
export async function readDataFileBytes(file: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it no longer exists (input files must not be deleted before they are processed)' : (err as Error).message;
    throw new SluiceError('IO_ERROR', `cannot read input file ${file}: ${why}`);
  }
}

/** A data file's text (UTF-8, without a byte-order mark); IO_ERROR naming the file when it cannot be read. */
export async function readDataFileText(file: string): Promise<string> {
  return decodeUtf8(await readDataFileBytes(file)).text;
}

/**
 * UTF-8 bytes → text without a byte-order mark, invalid sequences replaced by U+FFFD, and the (1-based) lines
 * that held invalid bytes — undefined when there are none, which is checked with one scan of the text.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalidLines: ReadonlySet<number> | undefined } {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const text = buf.toString('utf8', bom);
  // U+FFFD in the text is either a replacement or a literal (valid) character; only bytes tell them apart.
  if (!text.includes('\uFFFD') || isUtf8(buf)) return { text, invalidLines: undefined };
  const invalidLines = new Set<number>();
  let line = 1;
  let start = bom;
  for (;;) {
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end))) invalidLines.add(line);
    if (nl < 0) break;
    start = nl + 1;
    line++;
  }
  return { text, invalidLines };
}
