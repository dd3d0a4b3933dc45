/**
 * The `parquet` sink format, encoded by parquet-wasm from the batches' Arrow form (arrow-interop.ts), so DuckDB,
 * Spark and pandas read Sluice's types natively (BIGINT as INT64, TIMESTAMP as microseconds UTC, DECIMAL as
 * decimal). Option `compression`: snappy (default), zstd, gzip, lz4, brotli or none. INTERVAL columns are refused
 * (parquet has no such type; Spark refuses them too).
 */
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { batchesToArrow } from '../../execution/arrow-interop.js';
import type { Batch } from '../../execution/batch.js';
import { typeToString, type DataType } from '../../types/data-type.js';
import { SluiceError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { ConnectorOptions } from '../../sources/source-options.js';
import type { FileFormatWriter } from './file-format-writer.js';

const CODECS = {
  snappy: parquet.Compression.SNAPPY,
  zstd: parquet.Compression.ZSTD,
  gzip: parquet.Compression.GZIP,
  lz4: parquet.Compression.LZ4_RAW,
  brotli: parquet.Compression.BROTLI,
  none: parquet.Compression.UNCOMPRESSED,
} as const;

export class ParquetFormatWriter implements FileFormatWriter {
  readonly format = 'parquet';
  readonly extension: string;

  constructor(private readonly codec: keyof typeof CODECS) {
    this.extension = codec === 'none' ? '.parquet' : `.${codec}.parquet`;
  }

  check(schema: Schema): void {
    for (const f of schema.fields) {
      if (containsInterval(f.type)) {
        throw new SluiceError('ANALYSIS_ERROR', `the parquet format cannot hold column ${f.name} of type ${typeToString(f.type)}`);
      }
    }
  }

  encode(schema: Schema, batches: readonly Batch[]): Uint8Array {
    const ipc = arrow.tableToIPC(batchesToArrow(schema, batches), 'stream');
    // WriterProperties are consumed by writeParquet, so each file gets its own. Dictionary encoding pays off for
    // strings; for numbers and timestamps (mostly distinct) the writer would build a dictionary only to drop it.
    let builder = new parquet.WriterPropertiesBuilder().setCompression(CODECS[this.codec]).setCreatedBy('sluice')
      .setDictionaryEnabled(false).setStatisticsEnabled(parquet.EnabledStatistics.Chunk);
    for (const f of schema.fields) if (f.type.kind === 'string' || f.type.kind === 'binary') builder = builder.setColumnDictionaryEnabled(f.name, true);
    const props = builder.build();
    return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), props);
  }
}

function containsInterval(t: DataType): boolean {
  switch (t.kind) {
    case 'interval': return true;
    case 'array': return containsInterval(t.element);
    case 'map': return containsInterval(t.key) || containsInterval(t.value);
    case 'struct': return t.fields.some((f) => containsInterval(f.type));
    default: return false;
  }
}

export function createParquetFormatWriter(options: ConnectorOptions): ParquetFormatWriter {
  const c = options.string('compression', 'snappy').trim().toLowerCase();
  const codec = c === 'uncompressed' ? 'none' : c;
  if (!(codec in CODECS)) throw options.error(`option 'compression' must be one of ${Object.keys(CODECS).join(', ')}, got ${JSON.stringify(c)}`);
  return new ParquetFormatWriter(codec as keyof typeof CODECS);
}
