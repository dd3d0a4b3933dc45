/**
 * The file source's own log, in `<checkpoint>/sources/<n>/`: which files each of its offsets covers. An entry is
 * written before the offset is handed to the engine, so a batch re-run after a crash reads exactly the same files,
 * and every file ever logged counts as seen, so no file is read twice across restarts.
 *
 * Files (UTF-8, every line ends with `\n`; written durably and never replaced, see atomic-file.ts):
 * - `<k>` — log entry k (k = 0, 1, 2, …), the files first seen by offset k:
 *   ```
 *   v1
 *   {"path":"/abs/in/a.json","timestamp":1767268800000}
 *   ```
 *   one line per file: its absolute path and modification time (ms since the epoch).
 * - `<k>.compact` — written instead of `<k>` for every k with (k + 1) a multiple of the compaction interval (10):
 *   all retained files of entries 0..k, entry k's included, each line with its entry: `{"path":…,"timestamp":…,
 *   "batchId":<entry>}`. Once it is durable, the entry files and older compact files below it are deleted, so the
 *   directory holds at most one compact file and fewer than 10 entry files.
 * While compacting, files the source no longer needs to know are left out: entries already committed whose
 * file is older than the source's age threshold (see `maxFileAge` in file-source.ts); those files would be
 * ignored as too old anyway.
 *
 * Loading: take the newest `<c>.compact` (if any), then `<c+1>`, `<c+2>`, … up to the newest entry; a gap or an
 * unreadable file is a CHECKPOINT_ERROR. Files at or below `c` are leftovers of an interrupted compaction and are
 * removed.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { createFileExclusive, ensureDirectory, readFileIfExists, removeStaleTempFiles } from '../execution/checkpoint/atomic-file.js';
import { SluiceError } from '../types/errors.js';

export interface LoggedFile {
  readonly path: string;
  readonly timestamp: number;
  readonly batchId: number;
}

const VERSION = 'v1';
const ENTRY = /^(0|[1-9][0-9]*)$/;
const COMPACT = /^(0|[1-9][0-9]*)\.compact$/;

export class FileSourceLog {
  private readonly byBatch = new Map<number, LoggedFile[]>();
  private latest = -1;

  constructor(readonly dir: string, private readonly compactInterval = 10) {}

  /** The newest entry's id, -1 when the log is empty. */
  get latestBatchId(): number {
    return this.latest;
  }

  async load(): Promise<void> {
    await ensureDirectory(this.dir);
    await removeStaleTempFiles(this.dir);
    const names = await fsp.readdir(this.dir);
    let compact = -1;
    let newestEntry = -1;
    for (const n of names) {
      const c = COMPACT.exec(n);
      if (c) compact = Math.max(compact, Number(c[1]));
      const e = ENTRY.exec(n);
      if (e) newestEntry = Math.max(newestEntry, Number(e[1]));
    }
    this.byBatch.clear();
    if (compact >= 0) {
      const file = path.join(this.dir, `${compact}.compact`);
      for (const f of this.parse(await this.readLogFile(file), file, null)) this.remember(f);
    }
    for (let k = compact + 1; k <= newestEntry; k++) {
      const file = path.join(this.dir, String(k));
      const text = await readFileIfExists(file);
      if (text === undefined) {
        throw new SluiceError('CHECKPOINT_ERROR',
          `the file source log in ${this.dir} is incomplete: entry ${k} is missing but entry ${newestEntry} exists`);
      }
      for (const f of this.parse(text, file, k)) this.remember(f);
    }
    this.latest = Math.max(compact, newestEntry);
    await this.removeCompacted(compact);
  }

  /** Files of entries (from, to], in entry order and, within an entry, in the order they were logged. */
  filesBetween(fromExclusive: number, toInclusive: number): LoggedFile[] {
    const out: LoggedFile[] = [];
    for (let k = fromExclusive + 1; k <= toInclusive; k++) {
      const files = this.byBatch.get(k);
      if (files !== undefined) out.push(...files);
      else if (k > this.latest) {
        throw new SluiceError('CHECKPOINT_ERROR', `the file source log in ${this.dir} has no entry ${k} (it ends at ${this.latest})`);
      }
    }
    return out;
  }

  /** Every retained logged file. */
  *allFiles(): Iterable<LoggedFile> {
    for (const files of this.byBatch.values()) yield* files;
  }

  /**
   * Logs entry `batchId` (which must be the next one). `forgettable(f)` says which older files a compaction may
   * leave out.
   */
  async add(batchId: number, files: readonly { path: string; timestamp: number }[], forgettable: (f: LoggedFile) => boolean): Promise<void> {
    if (batchId !== this.latest + 1) {
      throw new SluiceError('CHECKPOINT_ERROR', `file source log in ${this.dir}: entry ${batchId} cannot follow entry ${this.latest}`);
    }
    const entry: LoggedFile[] = files.map((f) => ({ path: f.path, timestamp: f.timestamp, batchId }));
    const isCompaction = (batchId + 1) % this.compactInterval === 0;
    if (isCompaction) {
      for (const [k, logged] of this.byBatch) {
        const kept = logged.filter((f) => !forgettable(f));
        if (kept.length === 0) this.byBatch.delete(k);
        else if (kept.length !== logged.length) this.byBatch.set(k, kept);
      }
      let content = `${VERSION}\n`;
      const keys = [...this.byBatch.keys()].sort((a, b) => a - b);
      for (const k of keys) for (const f of this.byBatch.get(k)!) content += `${JSON.stringify({ path: f.path, timestamp: f.timestamp, batchId: f.batchId })}\n`;
      for (const f of entry) content += `${JSON.stringify({ path: f.path, timestamp: f.timestamp, batchId: f.batchId })}\n`;
      await this.write(path.join(this.dir, `${batchId}.compact`), content);
    } else {
      let content = `${VERSION}\n`;
      for (const f of entry) content += `${JSON.stringify({ path: f.path, timestamp: f.timestamp })}\n`;
      await this.write(path.join(this.dir, String(batchId)), content);
    }
    this.byBatch.set(batchId, entry);
    this.latest = batchId;
    if (isCompaction) await this.removeCompacted(batchId);
  }

  private async write(file: string, content: string): Promise<void> {
    if ((await createFileExclusive(file, content)) === 'created') return;
    if ((await readFileIfExists(file)) === content) return;
    throw new SluiceError('CHECKPOINT_ERROR',
      `${file} already exists with different content; is another query run using checkpoint directory ${path.dirname(path.dirname(this.dir))}?`);
  }

  private remember(f: LoggedFile): void {
    const list = this.byBatch.get(f.batchId);
    if (list === undefined) this.byBatch.set(f.batchId, [f]);
    else list.push(f);
  }

  /** Deletes entry files and compact files older than compact file `upTo` (it holds everything they held). */
  private async removeCompacted(upTo: number): Promise<void> {
    if (upTo < 0) return;
    for (const n of await fsp.readdir(this.dir)) {
      const c = COMPACT.exec(n) ?? ENTRY.exec(n);
      if (c && Number(c[1]) <= upTo && n !== `${upTo}.compact`) await fsp.rm(path.join(this.dir, n), { force: true });
    }
  }

  private async readLogFile(file: string): Promise<string> {
    const text = await readFileIfExists(file);
    if (text === undefined) throw new SluiceError('CHECKPOINT_ERROR', `${file} vanished while the file source log was loading`);
    return text;
  }

  /** `entryId` is the entry a plain entry file belongs to; null for a compact file, whose lines say it. */
  private parse(text: string, file: string, entryId: number | null): LoggedFile[] {
    const corrupt = (what: string): SluiceError => new SluiceError('CHECKPOINT_ERROR', `corrupt checkpoint file ${file}: ${what}`);
    if (!text.endsWith('\n')) throw corrupt('the file does not end with a newline (truncated?)');
    const lines = text.split('\n');
    lines.pop();
    if (lines[0] !== VERSION) throw corrupt(`bad version line ${JSON.stringify(lines[0] ?? '')}, expected ${JSON.stringify(VERSION)}`);
    const out: LoggedFile[] = [];
    for (let i = 1; i < lines.length; i++) {
      let v: { path?: unknown; timestamp?: unknown; batchId?: unknown };
      try {
        v = JSON.parse(lines[i]!) as typeof v;
      } catch (err) {
        throw corrupt(`line ${i + 1} is not JSON (${(err as Error).message})`);
      }
      const batchId = entryId ?? v?.batchId;
      if (typeof v !== 'object' || v === null || typeof v.path !== 'string' || !Number.isSafeInteger(v.timestamp)
        || !Number.isSafeInteger(batchId)) {
        throw corrupt(`line ${i + 1} is not {"path":<string>,"timestamp":<int>${entryId === null ? ',"batchId":<int>' : ''}}`);
      }
      out.push({ path: v.path, timestamp: v.timestamp as number, batchId: batchId as number });
    }
    return out;
  }
}
