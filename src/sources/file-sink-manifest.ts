/**
 * The file sink's manifest log, `<output>/_sluice_metadata/`: which part files each committed batch wrote. A part
 * file belongs to the output only once the manifest lists it, so readers that go through the manifest (Sluice's
 * static file tables and file sources) never see the files of a batch that crashed half-way. The sink writes it
 * (sinks/file-sink.ts); it lives here because readers are sources, and sinks may import sources but not the reverse.
 *
 * Files (UTF-8, every line ends with `\n`; each written to a hidden temporary name, fsynced, then linked to its
 * name, which fails if the name exists — see execution/checkpoint/atomic-file.ts):
 * - `<b>` — the entry of batch b:
 *   ```
 *   v1
 *   {"format":"parquet","partitionBy":["dt"],"schema":[{"name":"dt","type":{"kind":"date"},"nullable":true},…]}
 *   {"path":"dt=2026-01-01/part-00007-3f0c….parquet","size":1534,"modificationTime":1767268800000,"numRows":100}
 *   ```
 *   a header line (the output's format, partition columns and full schema — partition columns included — with
 *   types as the JSON of data-type.ts), then one line per part file: its path relative to the output directory,
 *   size in bytes, modification time (ms since the epoch) and row count. A batch without rows has no file lines.
 * - `<b>.compact` — written instead of `<b>` when (b + 1) is a multiple of the compaction interval (10): the
 *   header of batch b, then the files of every batch ≤ b, each line with `"batchId":<its batch>`. Once it is
 *   durable the writer deletes the entries and compact files below it.
 *
 * Reading: list the directory, take the newest `<c>.compact` (if any), then `<c+1>`, `<c+2>`, … up to the newest
 * entry. A file that vanishes while being read was compacted away by the writer meanwhile: list again. The
 * writer, when it starts, deletes entries at or below the newest compact file (left by a crash mid-compaction)
 * and temporary files.
 */
import { promises as fsp, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createFileExclusive, ensureDirectory, isCode, readFileIfExists, removeStaleTempFiles } from '../execution/checkpoint/atomic-file.js';
import {
  arrayType, BigIntType, BinaryType, BooleanType, DateType, decimalType, DoubleType, IntervalType, IntType, mapType,
  NullType, StringType, structField, structType, TimestampType, type DataType, type StructField,
} from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { field, schema as makeSchema, type Schema } from '../types/schema.js';

export const SINK_METADATA_DIR = '_sluice_metadata';
const VERSION = 'v1';
const ENTRY = /^(0|[1-9][0-9]*)$/;
const COMPACT = /^(0|[1-9][0-9]*)\.compact$/;
const MAX_READ_ATTEMPTS = 10;

/** What every entry's header line says about the output. */
export interface SinkOutputInfo {
  readonly format: string;
  readonly partitionBy: readonly string[];
  /** The rows' schema, partition columns included (in the query's column order). */
  readonly schema: Schema;
}

export interface SinkFileEntry {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly size: number;
  readonly modificationTime: number;
  readonly numRows: number;
  readonly batchId: number;
}

export interface SinkManifestSnapshot {
  readonly latestBatchId: number;
  /** The newest entry's header; undefined when the log is empty. */
  readonly info: SinkOutputInfo | undefined;
  readonly files: readonly SinkFileEntry[];
}

/** The manifest directory of an output directory. */
export function manifestDir(outputDir: string): string {
  return path.join(outputDir, SINK_METADATA_DIR);
}

/** Whether `dir` is the output of a file sink (it has a manifest directory). */
export function hasSinkManifest(dir: string): boolean {
  try {
    return statSync(manifestDir(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** The writer's side: the sink appends one entry per batch. */
export class FileSinkManifestWriter {
  private latest = -1;
  /** Files of batches since the newest compact file, and (when compacting) of everything before. */
  private files: SinkFileEntry[] = [];

  constructor(readonly outputDir: string, private readonly compactInterval = 10) {}

  get latestBatchId(): number {
    return this.latest;
  }

  /** Reads the log, removing what a crashed writer left behind. */
  async load(): Promise<void> {
    const dir = manifestDir(this.outputDir);
    await ensureDirectory(dir);
    await removeStaleTempFiles(dir);
    const snapshot = await readSinkManifest(this.outputDir);
    this.latest = snapshot.latestBatchId;
    this.files = [...snapshot.files];
    const names = await fsp.readdir(dir);
    const newestCompact = Math.max(-1, ...names.map((n) => COMPACT.exec(n)).filter((m) => m !== null).map((m) => Number(m![1])));
    if (newestCompact >= 0) await this.removeBelow(newestCompact);
  }

  /**
   * Records batch `batchId`'s files. Returns false, writing nothing, when the batch is already recorded with the
   * same files (a re-run after the entry was written); an entry with other files is a CHECKPOINT_ERROR.
   */
  async add(batchId: number, info: SinkOutputInfo, files: readonly Omit<SinkFileEntry, 'batchId'>[]): Promise<boolean> {
    const entry = files.map((f) => ({ ...f, batchId }));
    const isCompaction = (batchId + 1) % this.compactInterval === 0;
    const dir = manifestDir(this.outputDir);
    let content = `${VERSION}\n${headerLine(info)}\n`;
    let name: string;
    if (isCompaction) {
      for (const f of [...this.files, ...entry]) content += `${JSON.stringify(fileLine(f, true))}\n`;
      name = `${batchId}.compact`;
    } else {
      for (const f of entry) content += `${JSON.stringify(fileLine(f, false))}\n`;
      name = String(batchId);
    }
    const file = path.join(dir, name);
    if ((await createFileExclusive(file, content)) === 'exists') {
      if ((await readFileIfExists(file)) === content) return false;
      throw new SluiceError('CHECKPOINT_ERROR',
        `${file} already records batch ${batchId} with other files; is another query writing to ${this.outputDir}?`);
    }
    this.files.push(...entry);
    this.latest = Math.max(this.latest, batchId);
    if (isCompaction) await this.removeBelow(batchId);
    return true;
  }

  /** Deletes entry and compact files below compact file `upTo`: it holds all they held. */
  private async removeBelow(upTo: number): Promise<void> {
    const dir = manifestDir(this.outputDir);
    for (const n of await fsp.readdir(dir)) {
      const m = COMPACT.exec(n) ?? ENTRY.exec(n);
      if (m && Number(m[1]) <= upTo && n !== `${upTo}.compact`) await fsp.rm(path.join(dir, n), { force: true });
    }
  }
}

/**
 * Reads the manifest of `outputDir`: every committed part file and the newest header. An output directory
 * without a manifest reads as empty.
 */
export async function readSinkManifest(outputDir: string): Promise<SinkManifestSnapshot> {
  const dir = manifestDir(outputDir);
  for (let attempt = 0; ; attempt++) {
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return { latestBatchId: -1, info: undefined, files: [] };
      throw new SluiceError('IO_ERROR', `cannot list ${dir}: ${(err as Error).message}`);
    }
    const result = await readListed(dir, names, async (f) => readFileIfExists(f));
    if (result !== 'vanished') return result;
    if (attempt >= MAX_READ_ATTEMPTS) throw new SluiceError('IO_ERROR', `the manifest in ${dir} keeps changing while it is read`);
  }
}

/** The same, synchronously (schema inference at table and source creation). */
export function readSinkManifestSync(outputDir: string): SinkManifestSnapshot {
  const dir = manifestDir(outputDir);
  for (let attempt = 0; ; attempt++) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return { latestBatchId: -1, info: undefined, files: [] };
      throw new SluiceError('IO_ERROR', `cannot list ${dir}: ${(err as Error).message}`);
    }
    const { compact, entries } = plan(names);
    const texts = new Map<string, string | undefined>();
    for (const n of [...(compact >= 0 ? [`${compact}.compact`] : []), ...entries.map(String)]) {
      try {
        texts.set(n, readFileSync(path.join(dir, n), 'utf8'));
      } catch (err) {
        if (!isCode(err, 'ENOENT')) throw new SluiceError('IO_ERROR', `cannot read ${path.join(dir, n)}: ${(err as Error).message}`);
        texts.set(n, undefined);
      }
    }
    const result = parseListed(dir, names, (n) => texts.get(n));
    if (result !== 'vanished') return result;
    if (attempt >= MAX_READ_ATTEMPTS) throw new SluiceError('IO_ERROR', `the manifest in ${dir} keeps changing while it is read`);
  }
}

async function readListed(dir: string, names: readonly string[], read: (file: string) => Promise<string | undefined>): Promise<SinkManifestSnapshot | 'vanished'> {
  const { compact, entries } = plan(names);
  const texts = new Map<string, string | undefined>();
  const wanted = [...(compact >= 0 ? [`${compact}.compact`] : []), ...entries.map(String)];
  for (const n of wanted) texts.set(n, await read(path.join(dir, n)));
  return parseListed(dir, names, (n) => texts.get(n));
}

function plan(names: readonly string[]): { compact: number; entries: number[] } {
  let compact = -1;
  for (const n of names) { const m = COMPACT.exec(n); if (m) compact = Math.max(compact, Number(m[1])); }
  const entries = names.map((n) => ENTRY.exec(n)).filter((m) => m !== null).map((m) => Number(m![1]))
    .filter((b) => b > compact).sort((a, b) => a - b);
  return { compact, entries };
}

function parseListed(dir: string, names: readonly string[], text: (name: string) => string | undefined): SinkManifestSnapshot | 'vanished' {
  const { compact, entries } = plan(names);
  const files: SinkFileEntry[] = [];
  let info: SinkOutputInfo | undefined;
  let latest = -1;
  if (compact >= 0) {
    const t = text(`${compact}.compact`);
    if (t === undefined) return 'vanished';
    const parsed = parseEntry(path.join(dir, `${compact}.compact`), t, null);
    files.push(...parsed.files);
    info = parsed.info;
    latest = compact;
  }
  let expected = compact + 1;
  for (const b of entries) {
    if (b !== expected) {
      throw new SluiceError('CHECKPOINT_ERROR', `the file sink manifest in ${dir} is incomplete: batch ${expected} is missing but batch ${b} exists`);
    }
    const t = text(String(b));
    if (t === undefined) return 'vanished';
    const parsed = parseEntry(path.join(dir, String(b)), t, b);
    files.push(...parsed.files);
    info = parsed.info;
    latest = b;
    expected = b + 1;
  }
  return { latestBatchId: latest, info, files };
}

function headerLine(info: SinkOutputInfo): string {
  return JSON.stringify({
    format: info.format,
    partitionBy: info.partitionBy,
    schema: info.schema.fields.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable })),
  });
}

function fileLine(f: SinkFileEntry, withBatch: boolean): Record<string, unknown> {
  const line: Record<string, unknown> = { path: f.path, size: f.size, modificationTime: f.modificationTime, numRows: f.numRows };
  if (withBatch) line['batchId'] = f.batchId;
  return line;
}

function parseEntry(file: string, text: string, batchId: number | null): { info: SinkOutputInfo; files: SinkFileEntry[] } {
  const corrupt = (what: string): SluiceError => new SluiceError('CHECKPOINT_ERROR', `corrupt file sink manifest ${file}: ${what}`);
  if (!text.endsWith('\n')) throw corrupt('the file does not end with a newline (truncated?)');
  const lines = text.split('\n');
  lines.pop();
  if (lines[0] !== VERSION) throw corrupt(`bad version line ${JSON.stringify(lines[0] ?? '')}, expected ${JSON.stringify(VERSION)}`);
  const json = (i: number): Record<string, unknown> => {
    try {
      const v = JSON.parse(lines[i] ?? '') as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw corrupt(`line ${i + 1} is not a JSON object`);
  };
  const h = json(1);
  const partitionBy = h['partitionBy'];
  const fields = h['schema'];
  if (typeof h['format'] !== 'string' || !Array.isArray(partitionBy) || !partitionBy.every((p) => typeof p === 'string') || !Array.isArray(fields)) {
    throw corrupt('line 2 is not {"format":…,"partitionBy":[…],"schema":[…]}');
  }
  const info: SinkOutputInfo = {
    format: h['format'],
    partitionBy: partitionBy as string[],
    schema: makeSchema(fields.map((f: unknown) => {
      const o = f as { name?: unknown; type?: unknown; nullable?: unknown };
      const t = typeFromJson(o?.type);
      if (typeof o?.name !== 'string' || t === undefined) throw corrupt(`line 2 has a bad schema field ${JSON.stringify(f)}`);
      return field(o.name, t, o.nullable !== false);
    })),
  };
  const files: SinkFileEntry[] = [];
  for (let i = 2; i < lines.length; i++) {
    const v = json(i);
    const b = batchId ?? v['batchId'];
    if (typeof v['path'] !== 'string' || !Number.isSafeInteger(v['size']) || !Number.isSafeInteger(v['modificationTime'])
      || !Number.isSafeInteger(v['numRows']) || !Number.isSafeInteger(b)) {
      throw corrupt(`line ${i + 1} is not {"path":…,"size":…,"modificationTime":…,"numRows":…${batchId === null ? ',"batchId":…' : ''}}`);
    }
    files.push({ path: v['path'], size: v['size'] as number, modificationTime: v['modificationTime'] as number, numRows: v['numRows'] as number, batchId: b as number });
  }
  return { info, files };
}

const scalarTypes: Record<string, DataType> = {
  null: NullType, boolean: BooleanType, int: IntType, bigint: BigIntType, double: DoubleType, string: StringType,
  binary: BinaryType, date: DateType, timestamp: TimestampType, interval: IntervalType,
};

/** A DataType from its JSON (the objects of data-type.ts as JSON.stringify writes them), or undefined. */
export function typeFromJson(v: unknown): DataType | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const kind = o['kind'];
  if (typeof kind !== 'string') return undefined;
  if (kind in scalarTypes) return scalarTypes[kind];
  switch (kind) {
    case 'decimal':
      return Number.isInteger(o['precision']) && Number.isInteger(o['scale']) ? decimalType(o['precision'] as number, o['scale'] as number) : undefined;
    case 'array': {
      const e = typeFromJson(o['element']);
      return e && arrayType(e);
    }
    case 'map': {
      const k = typeFromJson(o['key']), x = typeFromJson(o['value']);
      return k && x && mapType(k, x);
    }
    case 'struct': {
      if (!Array.isArray(o['fields'])) return undefined;
      const fields: StructField[] = [];
      for (const f of o['fields'] as unknown[]) {
        const fo = f as { name?: unknown; type?: unknown; nullable?: unknown };
        const t = typeFromJson(fo?.type);
        if (typeof fo?.name !== 'string' || t === undefined) return undefined;
        fields.push(structField(fo.name, t, fo.nullable !== false));
      }
      return structType(fields);
    }
    default:
      return undefined;
  }
}
