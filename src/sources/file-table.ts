/**
 * A static table over files (`CREATE TABLE t (…) WITH (connector = 'file', path = …, format = …)`): every scan
 * lists the path and reads each file with the format's reader, so the table always shows the files present now.
 */
import { concatBatches, type Batch } from '../execution/batch.js';
import type { ScanProvider } from '../execution/scan-provider.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { InputPathPattern } from './file-listing.js';
import { createFileFormatReader, readDataFile, type FileFormatReader } from './formats/file-format.js';
import { ConnectorOptions } from './source-options.js';

export class FileTable implements ScanProvider {
  private readonly reader: FileFormatReader;
  private readonly pattern: InputPathPattern;

  constructor(options: Readonly<Record<string, string>>, declared: Schema | undefined) {
    const opts = new ConnectorOptions(options, 'file table');
    this.reader = createFileFormatReader(opts.string('format', 'json'), opts, declared);
    this.pattern = new InputPathPattern(opts.required('path'));
  }

  get schema(): Schema { return this.reader.schema; }

  async scan(columns: readonly number[]): Promise<Batch> {
    const files = (await this.pattern.list()).sort((a, b) => a.path.localeCompare(b.path));
    if (files.length === 0 && !this.pattern.isGlob) {
      const exists = await import('node:fs/promises').then((f) => f.stat(this.pattern.pathOrGlob).then(() => true, () => false));
      if (!exists) throw new SluiceError('IO_ERROR', `Path does not exist: ${this.pattern.pathOrGlob}`);
    }
    const parts: Batch[] = [];
    for (const f of files) parts.push((await readDataFile(f.path, this.reader)).batch);
    const all = concatBatches(this.reader.schema, parts);
    return { schema: all.schema, columns: columns.map((c) => all.columns[c]!), numRows: all.numRows };
  }
}
