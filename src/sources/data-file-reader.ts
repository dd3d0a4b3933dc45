/**
 * Reads data files for the file source and static file tables: the format's reader for the data, plus partition
 * columns taken from the file's Hive-style directories below the input's base directory (hive-partitions.ts).
 *
 * The row schema is settled once, when the table or source is created:
 * - declared columns are used as they are; a declared column named like a partition directory key is filled from
 *   the path, not from the data (and is not expected in the data — a csv file then holds one field less);
 * - otherwise, for a file sink's output, the schema its manifest records (partition columns included);
 * - otherwise it is inferred from the files present: the format's own schema (text: `value STRING`; parquet and
 *   Arrow: the first file's; csv and json: schema-inference.ts, for static reads only — a stream must declare its
 *   columns), then the partition columns found in the directory names, with types inferred from their values.
 *
 * ```ts
 * const { reader, pattern } = openDataFiles(new ConnectorOptions({ path: 'out/', format: 'parquet' }, 'file table'), undefined, false);
 * const { batch } = await reader.read((await pattern.list())[0].path);
 * ```
 */
import { readFileSync } from 'node:fs';
import { makeBatch } from '../execution/batch.js';
import { schemaFromArrow } from '../execution/arrow-interop.js';
import { constantColumn, type Column } from '../execution/column.js';
import { SluiceError } from '../types/errors.js';
import { field, schema as makeSchema, type Schema } from '../types/schema.js';
import { hasSinkManifest, readSinkManifestSync } from './file-sink-manifest.js';
import { InputPathPattern, type InputFile } from './file-listing.js';
import { arrowDecoder } from './formats/arrow-format-reader.js';
import { csvSyntax } from './formats/csv-format-reader.js';
import {
  createFileFormatReader, decodeUtf8, fileFormatName, parseDataFile, readDataFileBytes, type FileFormatName,
  type FileFormatReader, type FileReadResult,
} from './formats/file-format.js';
import { parquetDecoder } from './formats/parquet-format-reader.js';
import { inferCsvSchema, inferJsonSchema } from './formats/schema-inference.js';
import { TEXT_SCHEMA } from './formats/text-format-reader.js';
import { inferPartitionType, isPartitionable, parsePartitionValue, partitionSegments } from './hive-partitions.js';
import type { ConnectorOptions } from './source-options.js';

interface FilePlan {
  readonly reader: FileFormatReader;
  /** Schema indices filled from the path, with the segment (by key) each comes from. */
  readonly partitionIndices: readonly number[];
}

export class DataFileReader {
  private readonly plans = new Map<string, FilePlan>();
  private readonly lowerNames: readonly string[];

  constructor(
    readonly format: FileFormatName, readonly schema: Schema, private readonly baseDir: string,
    private readonly options: ConnectorOptions, partitionColumns: readonly string[],
  ) {
    this.lowerNames = schema.fields.map((f) => f.name.toLowerCase());
    // Build the plan for the partitions known now, so option and type errors surface when the input is declared.
    this.planFor(partitionColumns.map((c) => this.lowerNames.indexOf(c.toLowerCase())).filter((i) => i >= 0));
  }

  async read(file: string): Promise<FileReadResult> {
    return this.parse(await readDataFileBytes(file), file);
  }

  /** One file's rows: its data read by the format, then the partition columns its path gives. */
  parse(bytes: Uint8Array, file: string): FileReadResult {
    const segments = partitionSegments(this.baseDir, file);
    const indices: number[] = [];
    const values: (string | null)[] = [];
    for (const [key, value] of segments) {
      const i = this.lowerNames.indexOf(key.toLowerCase());
      if (i >= 0 && !indices.includes(i)) { indices.push(i); values.push(value); }
    }
    const plan = this.planFor(indices);
    const result = parseDataFile(bytes, file, plan.reader);
    if (plan.partitionIndices.length === 0) return result;
    const data = result.batch;
    const n = data.numRows;
    const columns: Column[] = [];
    let d = 0;
    this.schema.fields.forEach((f, i) => {
      const k = indices.indexOf(i);
      columns.push(k >= 0 ? constantColumn(f.type, parsePartitionValue(values[k]!, f.type), n) : data.columns[d++]!);
    });
    return { batch: makeBatch(this.schema, columns, n), dropped: result.dropped };
  }

  private planFor(partitionIndices: readonly number[]): FilePlan {
    const sorted = [...partitionIndices].sort((a, b) => a - b);
    const key = sorted.join(',');
    let plan = this.plans.get(key);
    if (plan === undefined) {
      for (const i of sorted) {
        const f = this.schema.fields[i]!;
        if (!isPartitionable(f.type)) throw this.options.error(`column ${f.name} is a partition directory but of type ${f.type.kind}, which a path cannot hold`);
      }
      const dataSchema = makeSchema(this.schema.fields.filter((_, i) => !sorted.includes(i)));
      plan = { reader: createFileFormatReader(this.format, this.options, dataSchema), partitionIndices: sorted };
      this.plans.set(key, plan);
    }
    return plan;
  }
}

/**
 * The input `options` name (`path`, `format`) with its row schema settled (see the file comment). `streaming`
 * refuses to infer csv and json schemas.
 */
export function openDataFiles(options: ConnectorOptions, declared: Schema | undefined, streaming: boolean): { reader: DataFileReader; pattern: InputPathPattern } {
  const pattern = new InputPathPattern(options.required('path'));
  const format = fileFormatName(options.string('format', 'json'), options);
  const given = declared !== undefined && declared.fields.length > 0 ? declared : undefined;
  const { schema, partitionColumns } = resolveSchema(pattern, format, options, given, streaming);
  return { reader: new DataFileReader(format, schema, pattern.baseDir, options, partitionColumns), pattern };
}

function resolveSchema(
  pattern: InputPathPattern, format: FileFormatName, options: ConnectorOptions, declared: Schema | undefined, streaming: boolean,
): { schema: Schema; partitionColumns: readonly string[] } {
  if (!pattern.isGlob && hasSinkManifest(pattern.baseDir)) {
    const { info } = readSinkManifestSync(pattern.baseDir);
    if (declared !== undefined) return { schema: declared, partitionColumns: info?.partitionBy ?? [] };
    if (info === undefined) {
      throw options.error(`${pattern.pathOrGlob} is a file sink's output without committed batches yet: declare the columns to read it`);
    }
    return { schema: info.schema, partitionColumns: info.partitionBy };
  }
  const needFiles = declared === undefined || !streaming;
  const files = needFiles ? pattern.listSync().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) : [];
  const partitions = discoverPartitions(pattern.baseDir, files);
  if (declared !== undefined) {
    const names = new Set(declared.fields.map((f) => f.name.toLowerCase()));
    return { schema: declared, partitionColumns: [...partitions.keys()].filter((k) => names.has(k.toLowerCase())) };
  }
  let data: Schema;
  switch (format) {
    case 'text':
      data = TEXT_SCHEMA;
      break;
    case 'parquet': case 'arrow':
      data = columnarSchema(format, files, options, pattern.pathOrGlob);
      break;
    case 'csv': case 'json': {
      if (streaming) throw options.error(`the ${format} format needs the columns declared (a streaming source does not infer its schema)`);
      const texts = files.map((f) => decodeUtf8(readFileSync(f.path)).text);
      data = format === 'csv'
        ? inferCsvSchema(texts, csvSyntax(options), options.bool('inferSchema', false))
        : inferJsonSchema(texts, options.bool('multiLine', false));
      if (data.fields.length === 0) {
        throw options.error(`cannot infer the ${format} schema of ${pattern.pathOrGlob}: no records found; declare the columns`);
      }
      break;
    }
  }
  const partitionNames = new Set([...partitions.keys()].map((k) => k.toLowerCase()));
  const fields = data.fields.filter((f) => !partitionNames.has(f.name.toLowerCase()));
  for (const [key, values] of partitions) fields.push(field(key, inferPartitionType(values)));
  return { schema: makeSchema(fields), partitionColumns: [...partitions.keys()] };
}

/** Partition keys in the order of the first file's directories (then new keys as met), with every value seen. */
function discoverPartitions(baseDir: string, files: readonly InputFile[]): Map<string, (string | null)[]> {
  const out = new Map<string, (string | null)[]>();
  for (const f of files) {
    for (const [k, v] of partitionSegments(baseDir, f.path)) {
      const list = out.get(k);
      if (list === undefined) out.set(k, [v]);
      else list.push(v);
    }
  }
  return out;
}

function columnarSchema(format: 'parquet' | 'arrow', files: readonly InputFile[], options: ConnectorOptions, where: string): Schema {
  const decoder = format === 'parquet' ? parquetDecoder : arrowDecoder;
  for (const f of files) {
    if (f.size === 0) continue;
    try {
      return schemaFromArrow(decoder.open(readFileSync(f.path)).schema, `${format} file ${f.path}`);
    } catch (err) {
      if (err instanceof SluiceError) throw err;
      throw new SluiceError('IO_ERROR', `cannot read the schema of ${format} file ${f.path}: ${(err as Error).message}`);
    }
  }
  throw options.error(`cannot infer the ${format} schema of ${where}: it holds no ${format} files yet; declare the columns`);
}
