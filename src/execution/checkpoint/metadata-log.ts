/**
 * A write-once log of one entry per batch id, one file per entry: `<dir>/<batchId>` (a decimal batch id, no
 * padding). The offset log and the commit log are small classes over it that only say how an entry is written
 * and read.
 *
 * Rules every log shares:
 * - An entry is written durably and atomically (see atomic-file.ts), and never replaced: adding an entry whose
 *   file exists is a no-op when the content is byte-for-byte the same, and a CHECKPOINT_ERROR otherwise (another
 *   query is using the checkpoint, or the query changed in a way that would rewrite history).
 * - Files whose name is not a batch id (temporary files, `.crc`-like companions) are ignored.
 * - A file that cannot be decoded is a CHECKPOINT_ERROR naming the file and what is wrong with it; it is never
 *   skipped or reinterpreted.
 * - `purge(minBatchId)` deletes entries below `minBatchId`; the newest entries are what recovery needs.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { SluiceError } from '../../types/errors.js';
import { createFileExclusive, ensureDirectory, isCode, readFileIfExists, removeStaleTempFiles } from './atomic-file.js';

const BATCH_FILE = /^(0|[1-9][0-9]*)$/;

export abstract class MetadataLog<T> {
  private dirReady = false;

  constructor(readonly dir: string) {}

  /** The entry's file content. Must be deterministic: re-adding an entry compares bytes. */
  protected abstract serialize(entry: T): string;
  /** Decodes a file's content; throws via `this.corrupt(...)` when it is malformed. */
  protected abstract deserialize(text: string, file: string): T;

  /** Writes the entry for `batchId` unless the same entry is already there. */
  async add(batchId: number, entry: T): Promise<void> {
    if (!this.dirReady) {
      await ensureDirectory(this.dir);
      this.dirReady = true;
    }
    const file = this.fileFor(batchId);
    const content = this.serialize(entry);
    if ((await createFileExclusive(file, content)) === 'created') return;
    const existing = await readFileIfExists(file);
    if (existing === content) return;
    throw new SluiceError('CHECKPOINT_ERROR',
      `${file} already exists with different content; the checkpoint is in use by another query run, ` +
      `or was written by a different query. Existing: ${JSON.stringify(existing)}, new: ${JSON.stringify(content)}`);
  }

  async get(batchId: number): Promise<T | undefined> {
    const file = this.fileFor(batchId);
    const text = await readFileIfExists(file);
    return text === undefined ? undefined : this.deserialize(text, file);
  }

  /** The entry with the largest batch id, or undefined when the log is empty. */
  async getLatest(): Promise<{ readonly batchId: number; readonly entry: T } | undefined> {
    const ids = await this.listBatchIds();
    if (ids.length === 0) return undefined;
    const batchId = ids[ids.length - 1]!;
    const entry = await this.get(batchId);
    if (entry === undefined) throw this.corrupt(this.fileFor(batchId), 'the file vanished while being read');
    return { batchId, entry };
  }

  /** Batch ids present in the log, ascending. */
  async listBatchIds(): Promise<number[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return [];
      throw new SluiceError('IO_ERROR', `cannot list ${this.dir}: ${(err as Error).message}`);
    }
    const ids: number[] = [];
    for (const n of names) if (BATCH_FILE.test(n)) ids.push(Number(n));
    return ids.sort((a, b) => a - b);
  }

  /** Deletes entries with a batch id below `minBatchId`. */
  async purge(minBatchId: number): Promise<void> {
    for (const id of await this.listBatchIds()) {
      if (id >= minBatchId) break;
      await fsp.rm(this.fileFor(id), { force: true });
    }
  }

  /** Removes temporary files a crashed run left behind; call when the query (the only writer) starts. */
  async removeStaleTempFiles(): Promise<void> {
    await removeStaleTempFiles(this.dir);
  }

  protected fileFor(batchId: number): string {
    if (!Number.isSafeInteger(batchId) || batchId < 0) {
      throw new SluiceError('CHECKPOINT_ERROR', `invalid batch id ${batchId} for ${this.dir}`);
    }
    return path.join(this.dir, String(batchId));
  }

  protected corrupt(file: string, what: string): SluiceError {
    return new SluiceError('CHECKPOINT_ERROR', `corrupt checkpoint file ${file}: ${what}`);
  }
}

/** Splits a log file into lines; a file must end with a newline, so a final empty piece is dropped. */
export function splitLogLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Parses one line of JSON, or returns the reason it is not JSON. */
export function parseJsonLine(line: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
