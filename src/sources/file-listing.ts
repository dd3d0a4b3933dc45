/**
 * Which files a file source's `path` names: a directory (its files, and those of its Hive-style partition
 * subdirectories `key=value/`, at any depth; other subdirectories are not read), a single file, or a glob. Glob syntax, per path segment: `*` (any run of characters), `?` (one character), `[abc]` / `[a-z]` /
 * `[!a]` (a character class), `{a,b}` (alternatives); a segment without these matches itself.
 *
 * Files whose name starts with `.` or `_` are never data (Spark's rule: `_SUCCESS`, `.part.crc`, and the hidden
 * temporary name a writer uses before renaming a finished file into place), unless a glob segment asks for such
 * names explicitly by starting with `.` or `_`.
 *
 * A directory that is the output of a file sink (it has `_sluice_metadata/`, see file-sink-manifest.ts) is listed
 * through its manifest instead: exactly the part files of committed batches, never those a crashed batch left.
 */
import { promises as fsp, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { SluiceError } from '../types/errors.js';
import { hasSinkManifest, readSinkManifest, readSinkManifestSync, type SinkManifestSnapshot } from './file-sink-manifest.js';
import { isPartitionDirName } from './hive-partitions.js';

export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
  /** Listed through a file sink's manifest: known to be complete. */
  readonly committed?: boolean;
}

const GLOB_CHARS = /[*?[\]{}]/;

export class InputPathPattern {
  /** The deepest directory without glob characters: it must exist for the path to name anything. */
  readonly baseDir: string;
  readonly isGlob: boolean;
  private readonly segments: readonly RegExp[];
  private readonly absolute: string;

  constructor(readonly pathOrGlob: string) {
    this.absolute = path.resolve(pathOrGlob);
    const parts = this.absolute.split(path.sep);
    const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
    this.isGlob = firstGlob >= 0;
    if (!this.isGlob) {
      this.baseDir = this.absolute;
      this.segments = [];
    } else {
      this.baseDir = parts.slice(0, firstGlob).join(path.sep) || path.sep;
      this.segments = parts.slice(firstGlob).map((p) => globSegmentToRegExp(p, pathOrGlob));
    }
  }

  /**
   * The files the path names now. `wanted(path)` is asked before a file is stat-ed, so files already known can be
   * skipped cheaply.
   */
  async list(wanted: (file: string) => boolean = () => true): Promise<InputFile[]> {
    if (!this.isGlob) {
      const st = await statOrUndefined(this.absolute);
      if (st === undefined) return [];
      if (st.isFile()) return wanted(this.absolute) ? [{ path: this.absolute, mtimeMs: Math.floor(st.mtimeMs), size: st.size }] : [];
      if (hasSinkManifest(this.absolute)) return this.fromManifest(await readSinkManifest(this.absolute), wanted);
      return this.filesIn(this.absolute, null, wanted);
    }
    let dirs = [this.baseDir];
    for (let i = 0; i < this.segments.length - 1; i++) {
      const next: string[] = [];
      for (const dir of dirs) {
        for (const e of await readDirOrEmpty(dir)) {
          if (!this.segments[i]!.test(e.name) || !visible(e.name, this.segments[i]!)) continue;
          const full = path.join(dir, e.name);
          if (e.isDirectory() || (e.isSymbolicLink() && (await statOrUndefined(full))?.isDirectory())) next.push(full);
        }
      }
      dirs = next.sort();
    }
    const last = this.segments[this.segments.length - 1]!;
    const out: InputFile[] = [];
    for (const dir of dirs) out.push(...await this.filesIn(dir, last, wanted));
    return out;
  }

  /** The same, synchronously, for schema inference when a table or source is created. */
  listSync(): InputFile[] {
    const out: InputFile[] = [];
    const visit = (dir: string, pattern: RegExp | null, depth: number): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = path.join(dir, e.name);
        if (pattern === null && e.isDirectory() && isPartitionDirName(e.name)) { visit(full, null, depth + 1); continue; }
        if (depth === 0 && pattern !== null ? !pattern.test(e.name) || !visible(e.name, pattern) : !visible(e.name, null)) continue;
        try {
          const st = statSync(full);
          if (st.isFile()) out.push({ path: full, mtimeMs: Math.floor(st.mtimeMs), size: st.size });
        } catch {
          // vanished meanwhile
        }
      }
    };
    if (!this.isGlob) {
      let st;
      try { st = statSync(this.absolute); } catch { return []; }
      if (st.isFile()) return [{ path: this.absolute, mtimeMs: Math.floor(st.mtimeMs), size: st.size }];
      if (hasSinkManifest(this.absolute)) return this.fromManifest(readSinkManifestSync(this.absolute), () => true);
      visit(this.absolute, null, 0);
      return out;
    }
    let dirs = [this.baseDir];
    for (let i = 0; i < this.segments.length - 1; i++) {
      const next: string[] = [];
      for (const dir of dirs) {
        let entries: Dirent[];
        try { entries = readdirSync(dir, { withFileTypes: true }); } catch { continue; }
        for (const e of entries) {
          if (this.segments[i]!.test(e.name) && visible(e.name, this.segments[i]!) && e.isDirectory()) next.push(path.join(dir, e.name));
        }
      }
      dirs = next.sort();
    }
    for (const dir of dirs) visit(dir, this.segments[this.segments.length - 1]!, 0);
    return out;
  }

  private fromManifest(m: SinkManifestSnapshot, wanted: (file: string) => boolean): InputFile[] {
    const out: InputFile[] = [];
    for (const f of m.files) {
      const full = path.join(this.absolute, ...f.path.split('/'));
      if (wanted(full)) out.push({ path: full, mtimeMs: f.modificationTime, size: f.size, committed: true });
    }
    return out;
  }

  private async filesIn(dir: string, pattern: RegExp | null, wanted: (file: string) => boolean): Promise<InputFile[]> {
    const out: InputFile[] = [];
    for (const e of await readDirOrEmpty(dir)) {
      if (pattern === null && e.isDirectory() && isPartitionDirName(e.name)) {
        out.push(...await this.filesIn(path.join(dir, e.name), null, wanted));
        continue;
      }
      if (pattern !== null ? !pattern.test(e.name) || !visible(e.name, pattern) : !visible(e.name, null)) continue;
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      const full = path.join(dir, e.name);
      if (!wanted(full)) continue;
      const st = await statOrUndefined(full);
      // A file can vanish between listing and stat; it is simply not there.
      if (st === undefined || !st.isFile()) continue;
      out.push({ path: full, mtimeMs: Math.floor(st.mtimeMs), size: st.size });
    }
    return out;
  }
}

function visible(name: string, pattern: RegExp | null): boolean {
  if (!name.startsWith('.') && !name.startsWith('_')) return true;
  return pattern !== null && (pattern.source.startsWith('^\\.') || pattern.source.startsWith('^_'));
}

async function readDirOrEmpty(dir: string): Promise<Dirent[]> {
  try {
    return await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new SluiceError('IO_ERROR', `cannot list input directory ${dir}: ${(err as Error).message}`);
  }
}

async function statOrUndefined(p: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fsp.stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new SluiceError('IO_ERROR', `cannot access input path ${p}: ${(err as Error).message}`);
  }
}

function globSegmentToRegExp(segment: string, whole: string): RegExp {
  let re = '^';
  let inBraces = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    switch (c) {
      case '*': re += '.*'; break;
      case '?': re += '.'; break;
      case '[': {
        const close = segment.indexOf(']', i + 2);
        if (close < 0) throw badGlob(whole, 'a "[" has no closing "]"');
        let body = segment.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
        i = close;
        break;
      }
      case '{':
        if (inBraces) throw badGlob(whole, 'nested "{" is not supported');
        inBraces = true;
        re += '(?:';
        break;
      case '}':
        if (!inBraces) throw badGlob(whole, 'a "}" has no opening "{"');
        inBraces = false;
        re += ')';
        break;
      case ',':
        re += inBraces ? '|' : ',';
        break;
      default:
        re += c.replace(/[.+^$()|\\/]/g, '\\$&');
    }
  }
  if (inBraces) throw badGlob(whole, 'a "{" has no closing "}"');
  return new RegExp(re + '$');
}

function badGlob(glob: string, why: string): SluiceError {
  return new SluiceError('ANALYSIS_ERROR', `file source: cannot read path pattern ${JSON.stringify(glob)}: ${why}`);
}
