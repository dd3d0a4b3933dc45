/**
 * The file sink (Spark's FileStreamSink): each batch's rows become new part files in the output directory, and the
 * batch is committed by one manifest entry (`_sluice_metadata/<batchId>`, see sources/file-sink-manifest.ts).
 * Options: `path` (required), `format` (parquet (default), json, csv, text, arrow, with the format's options:
 * csv `header`, `sep`, …; parquet `compression`), `partitionBy` (comma-separated columns), `compactInterval`
 * (manifest compaction, default 10 batches).
 *
 * Append output mode only (for an aggregation: with a watermark, so each row is final when it is written).
 *
 * Writing batch b, exactly once across crashes and re-runs:
 * ```
 * on the first batch of a run: load the manifest; delete hidden temporary files and part files of batches
 *                              after the manifest's last one (left by a run that crashed before committing them)
 * if the manifest has batch b:  do nothing (a re-run of a committed batch)
 * for each partition (the distinct values of the partitionBy columns; the whole batch without partitionBy):
 *     encode its rows (without the partition columns) in the format
 *     write <dir>/.part-<b>-<uuid>.<ext>.tmp, fsync, rename to <dir>/part-<b>-<uuid>.<ext>
 *                              (<dir> = the output, or <output>/<col>=<value>/… for partitions)
 * fsync the directories written to
 * write the manifest entry for b, listing the files (atomic: temporary file, fsync, link)
 * ```
 * A crash before the entry leaves orphaned part files that no manifest reader sees and the next run deletes; a
 * tool that lists the directory itself sees at worst such orphans, never a half-written file (those have hidden
 * names until complete).
 *
 * ```sql
 * CREATE SINK out WITH (connector = 'file', path = 'out/', format = 'parquet', partitionBy = 'dt') AS
 *   SELECT to_date(ts) AS dt, word FROM words;
 * ```
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { makeBatch, takeBatch, type Batch } from '../execution/batch.js';
import { fsyncDirectory } from '../execution/checkpoint/atomic-file.js';
import { valueAt } from '../execution/column.js';
import type { Sink, SinkBatchInfo } from '../execution/sink.js';
import { typeToString } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { fieldIndex, schema as makeSchema, type Schema } from '../types/schema.js';
import { FileSinkManifestWriter, SINK_METADATA_DIR, type SinkFileEntry } from '../sources/file-sink-manifest.js';
import { fileFormatName, type FileFormatName } from '../sources/formats/file-format.js';
import { escapePartitionValue, isPartitionable, isPartitionDirName, partitionValueText } from '../sources/hive-partitions.js';
import { ConnectorOptions } from '../sources/source-options.js';
import { createFileFormatWriter, type FileFormatWriter } from './formats/file-format-writer.js';

const PART_FILE = /^part-(\d+)-/;

export interface FileSinkSettings {
  readonly path: string;
  readonly format: FileFormatName;
  readonly partitionBy: readonly string[];
  readonly compactInterval: number;
}

/** How one schema splits into partition and data columns. */
interface Layout {
  readonly schema: Schema;
  readonly partitionIndices: readonly number[];
  readonly dataIndices: readonly number[];
  readonly dataSchema: Schema;
}

export class FileSink implements Sink {
  readonly description: string;
  private readonly outputDir: string;
  private manifest: FileSinkManifestWriter | undefined;
  private layout: Layout | undefined;

  constructor(private readonly settings: FileSinkSettings, private readonly writer: FileFormatWriter) {
    this.outputDir = path.resolve(settings.path);
    this.description = `FileSink[${settings.path}]`;
  }

  async addBatch(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void> {
    if (info.outputMode !== 'append') {
      throw new SluiceError('UNSUPPORTED',
        `the file sink writes in append output mode only, not ${info.outputMode}: files are never rewritten. ` +
        'Use outputMode append (for an aggregation, with a watermark on its event time)');
    }
    const layout = this.layoutFor(info.schema);
    const manifest = await this.open();
    if (batchId <= manifest.latestBatchId) return;

    const groups = this.partition(layout, data);
    const files: Omit<SinkFileEntry, 'batchId'>[] = [];
    const dirs = new Set<string>();
    for (const [relDir, batches] of groups) {
      const dir = relDir === '' ? this.outputDir : path.join(this.outputDir, ...relDir.split('/'));
      if (!dirs.has(dir)) { await fsp.mkdir(dir, { recursive: true }); dirs.add(dir); }
      const name = `part-${String(batchId).padStart(5, '0')}-${randomUUID()}${this.writer.extension}`;
      const bytes = this.writer.encode(layout.dataSchema, batches);
      const stat = await writeDurably(path.join(dir, name), bytes);
      let numRows = 0;
      for (const b of batches) numRows += b.numRows;
      files.push({ path: relDir === '' ? name : `${relDir}/${name}`, size: stat.size, modificationTime: Math.floor(stat.mtimeMs), numRows });
    }
    for (const dir of dirs) await fsyncDirectory(dir);
    // Partition directories made now must survive a crash too.
    if (dirs.size > 0 && layout.partitionIndices.length > 0) await fsyncTree(this.outputDir, dirs);
    await manifest.add(batchId, { format: this.settings.format, partitionBy: this.settings.partitionBy, schema: info.schema }, files);
  }

  /** Loads the manifest on first use and removes what a crashed run left behind. */
  private async open(): Promise<FileSinkManifestWriter> {
    if (this.manifest !== undefined) return this.manifest;
    await fsp.mkdir(this.outputDir, { recursive: true });
    const m = new FileSinkManifestWriter(this.outputDir, this.settings.compactInterval);
    await m.load();
    await removeOrphans(this.outputDir, m.latestBatchId);
    this.manifest = m;
    return m;
  }

  private layoutFor(s: Schema): Layout {
    if (this.layout !== undefined && this.layout.schema === s) return this.layout;
    const partitionIndices = this.settings.partitionBy.map((c) => {
      const i = fieldIndex(s, c);
      if (i < 0) {
        throw new SluiceError('ANALYSIS_ERROR',
          `${this.description}: partitionBy column '${c}' is not in the query's output (${s.fields.map((f) => f.name).join(', ')})`);
      }
      const t = s.fields[i]!.type;
      if (!isPartitionable(t)) {
        throw new SluiceError('ANALYSIS_ERROR', `${this.description}: cannot partition by column ${s.fields[i]!.name} of type ${typeToString(t)}`);
      }
      return i;
    });
    const dataIndices = s.fields.map((_, i) => i).filter((i) => !partitionIndices.includes(i));
    if (dataIndices.length === 0) throw new SluiceError('ANALYSIS_ERROR', `${this.description}: every column is a partition column; no data would be written`);
    const dataSchema = makeSchema(dataIndices.map((i) => s.fields[i]!));
    this.writer.check(dataSchema);
    this.layout = { schema: s, partitionIndices, dataIndices, dataSchema };
    return this.layout;
  }

  /** The batches' rows grouped by partition directory (relative, `/`-separated; '' without partitionBy). */
  private partition(layout: Layout, data: readonly Batch[]): Map<string, Batch[]> {
    const groups = new Map<string, Batch[]>();
    const { partitionIndices, dataIndices, dataSchema, schema } = layout;
    for (const b of data) {
      if (b.numRows === 0) continue;
      const projected = makeBatch(dataSchema, dataIndices.map((i) => b.columns[i]!), b.numRows);
      if (partitionIndices.length === 0) {
        const list = groups.get('');
        if (list === undefined) groups.set('', [projected]); else list.push(projected);
        continue;
      }
      // Each distinct value is rendered once; rows are grouped by their directory path.
      const rendered = partitionIndices.map(() => new Map<unknown, string>());
      const rowsByDir = new Map<string, number[]>();
      for (let r = 0; r < b.numRows; r++) {
        let dir = '';
        for (let k = 0; k < partitionIndices.length; k++) {
          const i = partitionIndices[k]!;
          const v = valueAt(b.columns[i]!, r);
          let seg = rendered[k]!.get(v);
          if (seg === undefined) {
            const f = schema.fields[i]!;
            seg = `${escapePartitionValue(f.name)}=${escapePartitionValue(partitionValueText(v, f.type))}`;
            rendered[k]!.set(v, seg);
          }
          dir = k === 0 ? seg : `${dir}/${seg}`;
        }
        const rows = rowsByDir.get(dir);
        if (rows === undefined) rowsByDir.set(dir, [r]); else rows.push(r);
      }
      for (const [dir, rows] of rowsByDir) {
        const part = takeBatch(projected, rows);
        const list = groups.get(dir);
        if (list === undefined) groups.set(dir, [part]); else list.push(part);
      }
    }
    return groups;
  }
}

export function createFileSink(options: Readonly<Record<string, string>>): FileSink {
  const o = new ConnectorOptions(options, 'file sink');
  const format = fileFormatName(o.string('format', 'parquet'), o);
  const partitionBy = (o.string('partitionBy') ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (new Set(partitionBy.map((c) => c.toLowerCase())).size !== partitionBy.length) throw o.error(`partitionBy names a column twice: ${partitionBy.join(', ')}`);
  const settings: FileSinkSettings = {
    path: o.required('path'), format, partitionBy, compactInterval: o.positiveInt('compactInterval') ?? 10,
  };
  return new FileSink(settings, createFileFormatWriter(format, o));
}

/** Writes `bytes` under a hidden temporary name, fsyncs, and renames it to `file`; returns the final file's stat. */
async function writeDurably(file: string, bytes: Uint8Array): Promise<import('node:fs').Stats> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, file);
  return fsp.stat(file);
}

/** Fsyncs every directory between the output directory and the partition directories written (made just now). */
async function fsyncTree(root: string, dirs: ReadonlySet<string>): Promise<void> {
  const parents = new Set<string>();
  for (const d of dirs) {
    for (let p = path.dirname(d); p.length >= root.length; p = path.dirname(p)) {
      if (parents.has(p)) break;
      parents.add(p);
      if (p === root) break;
    }
  }
  for (const p of parents) await fsyncDirectory(p);
}

/**
 * Deletes hidden temporary files and the part files of batches after `latestBatchId` in the output directory and
 * its partition directories: no manifest entry lists them, and the batch they belonged to will be written anew.
 */
async function removeOrphans(dir: string, latestBatchId: number): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== SINK_METADATA_DIR && isPartitionDirName(e.name)) await removeOrphans(full, latestBatchId);
      continue;
    }
    const tempPart = e.name.startsWith('.part-') && e.name.endsWith('.tmp');
    const m = PART_FILE.exec(e.name);
    if (tempPart || (m !== null && Number(m[1]) > latestBatchId)) await fsp.rm(full, { force: true });
  }
}
