/**
 * A static table over files (`CREATE TABLE t (…) WITH (connector = 'file', path = …, format = …)`,
 * `session.read.format(…).load(path)`): every scan lists the path and reads each file, so the table always shows
 * the files present now — for a file sink's output, the files its manifest lists. The schema is settled when the
 * table is created (data-file-reader.ts: declared, from the sink's manifest, or inferred from the files).
 */
import { concatBatches, makeBatch, type Batch } from '../execution/batch.js';
import type { ScanProvider } from '../execution/scan-provider.js';
import { SluiceError } from '../types/errors.js';
import { schema as makeSchema, type Schema } from '../types/schema.js';
import { openDataFiles, type DataFileReader } from './data-file-reader.js';
import { InputPathPattern } from './file-listing.js';
import { ConnectorOptions } from './source-options.js';
import { pathExists } from '../execution/checkpoint/atomic-file.js';

export class FileTable implements ScanProvider {
  private readonly reader: DataFileReader;
  private readonly pattern: InputPathPattern;

  constructor(options: Readonly<Record<string, string>>, declared: Schema | undefined) {
    const opened = openDataFiles(new ConnectorOptions(options, 'file table'), declared, false);
    this.reader = opened.reader;
    this.pattern = opened.pattern;
  }

  get schema(): Schema { return this.reader.schema; }

  async scan(columns: readonly number[]): Promise<Batch> {
    const files = (await this.pattern.list()).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (files.length === 0 && !this.pattern.isGlob && !(await pathExists(this.pattern.pathOrGlob))) {
      throw new SluiceError('IO_ERROR', `Path does not exist: ${this.pattern.pathOrGlob}`);
    }
    const parts: Batch[] = [];
    for (const f of files) parts.push((await this.reader.read(f.path)).batch);
    const all = concatBatches(this.reader.schema, parts);
    return makeBatch(makeSchema(columns.map((c) => all.schema.fields[c]!)), columns.map((c) => all.columns[c]!), all.numRows);
  }
}
