/**
 * The file source: streams the files that appear in a directory (or match a glob), each file read once, in the
 * formats json, csv, text, parquet and arrow (formats/). Options (Spark's names, case-insensitive):
 * - `path` (required): a directory, a file, or a glob (see file-listing.ts); `format` (required);
 * - `maxFilesPerTrigger`: at most this many new files per batch (default: all new files);
 * - `maxBytesPerTrigger`: new files per batch up to about this many bytes (at least one file; default: no limit);
 * - `latestFirst` (default false): newest files first — useful with a backlog, when recent data matters most;
 * - `fileNameOnly` (default false): a file counts as seen by its name alone, not its full path;
 * - `maxFileAge` (default `7d`): a file older than the newest file seen minus this age is ignored. The first scan
 *   accepts every file. Ignored when both `latestFirst` and `maxFilesPerTrigger` are set (old files would then be
 *   skipped before their turn), as in Spark.
 * - `cleanSource` (default `off`): `archive` moves each file to `sourceArchiveDir` (under its full original path,
 *   so names never collide; the directory must lie outside `path`), `delete` deletes it — once the batch that read
 *   it is committed. Done when the engine next asks for offsets, so the last batch's files are cleaned when the
 *   query next looks for data (or on restart). Not allowed on a file sink's output.
 * - `fileSettleTime` (default `100 milliseconds`): a file modified less than this long ago may still be being
 *   written; the source waits until it is that old and takes it only if its size and modification time did not
 *   change meanwhile (a file still growing is left for a later batch);
 * - format options (`header`, `sep`, `mode`, `multiLine`, …), see the format readers; partition directories
 *   (`dt=2026-01-01/`) become columns, see data-file-reader.ts.
 *
 * Files are taken in order of modification time, then path (newest first with `latestFirst`). Names starting with
 * `.` or `_` are never read, so a writer can write under a hidden name and rename the finished file into place;
 * files written in place are taken once they have settled (above). A file sink's output is read through its
 * manifest: exactly the files of committed batches.
 *
 * Offsets are `{"logOffset": k}`: everything in this source's log entries 0..k (file-source-log.ts). To hand out a
 * new offset, the source lists the directory, picks the new files, writes them as the next log entry — durably,
 * before returning the offset — and only then marks them seen. So `getBatch(a, b]` reads exactly the files of
 * entries a+1..b, on a re-run too, and a file is never read twice, even across restarts. An entry logged by a run
 * that crashed before writing its batch's offsets is simply the next entry a batch takes.
 *
 * ```ts
 * const source = createFileSource({ path: 'in/', format: 'json', maxFilesPerTrigger: '1' }, schema([field('ts', TimestampType)]));
 * ```
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Batch } from '../execution/batch.js';
import { isCode, pathExists } from '../execution/checkpoint/atomic-file.js';
import type { Offset, Source, SourceContext } from '../execution/source.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { openDataFiles, type DataFileReader } from './data-file-reader.js';
import { hasSinkManifest } from './file-sink-manifest.js';
import { InputPathPattern, type InputFile } from './file-listing.js';
import { FileSourceLog, type LoggedFile } from './file-source-log.js';
import { readDataFileBytes } from './formats/file-format.js';
import { ConnectorOptions } from './source-options.js';

export type CleanSource =
  | { readonly kind: 'off' }
  | { readonly kind: 'delete' }
  | { readonly kind: 'archive'; readonly dir: string };

export interface FileSourceSettings {
  readonly maxFilesPerTrigger?: number;
  readonly maxBytesPerTrigger?: number;
  readonly latestFirst: boolean;
  readonly fileNameOnly: boolean;
  readonly maxFileAgeMs: number;
  readonly cleanSource: CleanSource;
  readonly settleMs: number;
}

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

export class FileSource implements Source {
  readonly replayable = true;
  readonly description: string;
  private log: FileSourceLog | undefined;
  private onDropped: ((count: number) => void) | undefined;
  /** Seen files: key (path, or name with `fileNameOnly`) → modification time. */
  private readonly seen = new Map<string, number>();
  private newestTimestamp = -Infinity;
  /** Files older than this are ignored; -Infinity until the first scan is logged (Spark: the first batch takes all). */
  private ageThreshold = -Infinity;
  private committedUpTo = -1;
  /** New files found by the last listing but not yet logged (maxFilesPerTrigger left them for later). */
  private unread: InputFile[] = [];
  /** With the available-now trigger: the files that existed when it was prepared; others wait. */
  private availableNowFiles: Set<string> | null = null;
  /** Log entries up to this one have had their files cleaned (cleanSource). */
  private cleanedUpTo = -1;

  constructor(
    private readonly pattern: InputPathPattern,
    private readonly reader: DataFileReader,
    private readonly settings: FileSourceSettings,
  ) {
    this.description = `FileStreamSource[${pattern.pathOrGlob}]`;
  }

  schema(): Schema {
    return this.reader.schema;
  }

  async initialize(ctx: SourceContext): Promise<void> {
    this.onDropped = ctx.onMalformedDropped;
    if (!(await pathExists(this.pattern.baseDir))) {
      throw new SluiceError('IO_ERROR', `${this.description}: input path ${this.pattern.baseDir} does not exist`);
    }
    const log = new FileSourceLog(ctx.metadataPath);
    await log.load();
    this.log = log;
    for (const f of log.allFiles()) this.markSeen(f.path, f.timestamp);
    if (log.latestBatchId >= 0) this.advanceAgeThreshold();
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const log = this.requireLog();
    const from = start === null ? -1 : this.toIndex(start);
    if (from > log.latestBatchId) {
      throw new SluiceError('CHECKPOINT_ERROR',
        `${this.description}: the checkpoint's offset ${from} is past the source's log (${log.latestBatchId}) in ${log.dir}`);
    }
    // `start` is the end of the last committed batch: its files (and older ones) may be cleaned now.
    await this.cleanUpTo(from);
    if (log.latestBatchId > from) {
      // Entries already logged and not yet read (a crashed run's, or the once trigger asking again).
      const limited = this.settings.maxFilesPerTrigger !== undefined || this.settings.maxBytesPerTrigger !== undefined;
      return offsetOf(limited ? from + 1 : log.latestBatchId);
    }
    const files = await this.nextFiles();
    if (files.length === 0) return from < 0 ? null : offsetOf(from);
    const batchId = log.latestBatchId + 1;
    await log.add(batchId, files.map((f) => ({ path: f.path, timestamp: f.mtimeMs })), (f) => this.forgettable(f));
    for (const f of files) this.markSeen(f.path, f.mtimeMs);
    this.advanceAgeThreshold();
    return offsetOf(batchId);
  }

  async getBatch(start: Offset | null, end: Offset): Promise<Batch[]> {
    const files = this.requireLog().filesBetween(start === null ? -1 : this.toIndex(start), this.toIndex(end));
    const out: Batch[] = [];
    let dropped = 0;
    // Read the next file while parsing the current one.
    let next = files.length > 0 ? prefetch(files[0]!.path) : undefined;
    for (let i = 0; i < files.length; i++) {
      const bytes = await next!;
      next = i + 1 < files.length ? prefetch(files[i + 1]!.path) : undefined;
      const result = this.reader.parse(bytes, files[i]!.path);
      if (result.batch.numRows > 0) out.push(result.batch);
      dropped += result.dropped;
    }
    if (dropped > 0) this.onDropped?.(dropped);
    return out;
  }

  async commit(end: Offset): Promise<void> {
    this.committedUpTo = Math.max(this.committedUpTo, this.toIndex(end));
  }

  async prepareForAvailableNow(): Promise<void> {
    const now = await this.pattern.list((p) => !this.seen.has(this.keyOf(p)));
    this.availableNowFiles = new Set(now.map((f) => f.path));
    this.unread = [];
  }

  async stop(): Promise<void> {}

  /** The files for the next log entry: new, settled, not too old, in order, within the per-trigger limits. */
  private async nextFiles(): Promise<InputFile[]> {
    const { maxFilesPerTrigger, maxBytesPerTrigger, latestFirst } = this.settings;
    if (this.unread.length === 0 || latestFirst) {
      const listed = await this.pattern.list((p) => !this.seen.has(this.keyOf(p))
        && (this.availableNowFiles === null || this.availableNowFiles.has(p)));
      const fresh = listed.filter((f) => f.mtimeMs >= this.ageThreshold && !this.seen.has(this.keyOf(f.path)));
      this.unread = await this.settled(fresh);
      this.unread.sort(latestFirst
        ? (a, b) => b.mtimeMs - a.mtimeMs || compareText(a.path, b.path)
        : (a, b) => a.mtimeMs - b.mtimeMs || compareText(a.path, b.path));
      if (this.settings.fileNameOnly) this.unread = dropRepeatedNames(this.unread);
    }
    let take = maxFilesPerTrigger === undefined ? this.unread.length : Math.min(maxFilesPerTrigger, this.unread.length);
    if (maxBytesPerTrigger !== undefined) {
      let bytes = 0;
      for (let i = 0; i < take; i++) {
        bytes += this.unread[i]!.size;
        if (bytes > maxBytesPerTrigger) { take = Math.max(1, i); break; }
      }
    }
    const files = this.unread.slice(0, take);
    this.unread = this.unread.slice(take);
    return files;
  }

  /**
   * The files that are done being written: listed through a sink manifest, or unmodified for the settle time. Files
   * modified more recently are waited for (at most the settle time) and checked again; those that changed are left
   * for a later listing.
   */
  private async settled(files: InputFile[]): Promise<InputFile[]> {
    const settleMs = this.settings.settleMs;
    if (settleMs <= 0) return files;
    const now = Date.now();
    let youngest = -Infinity;
    for (const f of files) if (!f.committed && f.mtimeMs > now - settleMs && f.mtimeMs > youngest) youngest = f.mtimeMs;
    if (youngest === -Infinity) return files;
    // A millisecond more: modification times are floored to whole milliseconds and timers may fire a little early.
    await new Promise((r) => setTimeout(r, Math.min(settleMs, Math.max(0, youngest + settleMs - now)) + 1));
    const out: InputFile[] = [];
    for (const f of files) {
      if (f.committed || f.mtimeMs <= now - settleMs) { out.push(f); continue; }
      let st;
      try {
        st = await fsp.stat(f.path);
      } catch {
        continue;
      }
      // Unchanged since the listing, which is at least the settle time after its last modification.
      if (st.size === f.size && Math.floor(st.mtimeMs) === f.mtimeMs) out.push(f);
    }
    return out;
  }

  /** Archives or deletes the files of log entries up to `upTo` (committed batches), once each. */
  private async cleanUpTo(upTo: number): Promise<void> {
    const clean = this.settings.cleanSource;
    if (clean.kind === 'off' || upTo <= this.cleanedUpTo) return;
    for (const f of this.requireLog().filesBetween(this.cleanedUpTo, upTo)) {
      try {
        if (clean.kind === 'delete') {
          await fsp.rm(f.path, { force: true });
        } else {
          const target = path.join(clean.dir, f.path);
          await fsp.mkdir(path.dirname(target), { recursive: true });
          try {
            await fsp.rename(f.path, target);
          } catch (err) {
            if (!isCode(err, 'EXDEV')) throw err;
            await fsp.copyFile(f.path, target);
            await fsp.rm(f.path, { force: true });
          }
        }
      } catch (err) {
        // Already cleaned by an earlier run (the log is read again on restart), or gone: nothing to do.
        if (!isCode(err, 'ENOENT')) {
          throw new SluiceError('IO_ERROR', `${this.description}: cannot ${clean.kind} processed file ${f.path}: ${(err as Error).message}`);
        }
      }
    }
    this.cleanedUpTo = upTo;
  }

  private markSeen(p: string, timestamp: number): void {
    this.seen.set(this.keyOf(p), timestamp);
    if (timestamp > this.newestTimestamp) this.newestTimestamp = timestamp;
  }

  private advanceAgeThreshold(): void {
    if (this.settings.latestFirst && this.settings.maxFilesPerTrigger !== undefined) return;
    const t = this.newestTimestamp - this.settings.maxFileAgeMs;
    if (t > this.ageThreshold) this.ageThreshold = t;
  }

  /**
   * A logged file the compacted log may drop: its batch is committed and it is too old to be taken again. It is
   * forgotten in memory too, which keeps the seen-set as small as the log.
   */
  private forgettable(f: LoggedFile): boolean {
    if (f.batchId > this.committedUpTo || f.timestamp >= this.ageThreshold) return false;
    this.seen.delete(this.keyOf(f.path));
    return true;
  }

  private keyOf(p: string): string {
    return this.settings.fileNameOnly ? path.basename(p) : p;
  }

  private requireLog(): FileSourceLog {
    if (this.log === undefined) throw new SluiceError('RUNTIME_ERROR', `${this.description} was used before initialize()`);
    return this.log;
  }

  private toIndex(o: Offset): number {
    const k = typeof o === 'object' && o !== null && !Array.isArray(o) ? o['logOffset'] : undefined;
    if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0) {
      throw new SluiceError('CHECKPOINT_ERROR', `${this.description} cannot use offset ${JSON.stringify(o)}: it expects {"logOffset": <int>}`);
    }
    return k;
  }
}

export function createFileSource(options: Readonly<Record<string, string>>, schema?: Schema): FileSource {
  const o = new ConnectorOptions(options, 'file source');
  o.required('format');
  const { reader, pattern } = openDataFiles(o, schema, true);
  return new FileSource(pattern, reader, {
    maxFilesPerTrigger: o.positiveInt('maxFilesPerTrigger'),
    maxBytesPerTrigger: o.positiveInt('maxBytesPerTrigger'),
    latestFirst: o.bool('latestFirst', false),
    fileNameOnly: o.bool('fileNameOnly', false),
    maxFileAgeMs: o.durationMs('maxFileAge', SEVEN_DAYS_MS),
    cleanSource: cleanSourceOption(o, pattern),
    settleMs: o.durationMs('fileSettleTime', 100, 'milliseconds'),
  });
}

function cleanSourceOption(o: ConnectorOptions, pattern: InputPathPattern): CleanSource {
  const kind = o.choice('cleanSource', ['off', 'archive', 'delete'] as const, 'off');
  if (kind === 'off') return { kind };
  if (!pattern.isGlob && hasSinkManifest(pattern.baseDir)) {
    throw o.error(`cleanSource = ${kind} would take files away from the file sink output ${pattern.pathOrGlob}; read it without cleanSource`);
  }
  if (kind === 'delete') return { kind };
  const dir = path.resolve(o.required('sourceArchiveDir'));
  const base = pattern.baseDir.endsWith(path.sep) ? pattern.baseDir : pattern.baseDir + path.sep;
  if (dir === pattern.baseDir || dir.startsWith(base)) {
    throw o.error(`sourceArchiveDir ${dir} lies inside the source path ${pattern.pathOrGlob}: archived files would be read again`);
  }
  return { kind, dir };
}

function offsetOf(k: number): Offset {
  return { logOffset: k };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** With `fileNameOnly`, two new files of the same name are one file: the first in order wins. */
function dropRepeatedNames(files: InputFile[]): InputFile[] {
  const names = new Set<string>();
  return files.filter((f) => {
    const n = path.basename(f.path);
    if (names.has(n)) return false;
    names.add(n);
    return true;
  });
}

function prefetch(file: string): Promise<Buffer> {
  const p = readDataFileBytes(file);
  // The rejection is observed when the text is awaited; this only keeps an abandoned prefetch from being reported.
  p.catch(() => undefined);
  return p;
}
