/**
 * Applies a commit's changes to one run of consecutive pages of a partition and cuts the result into new pages
 * (the page sizes of state-store-layout.ts): a page keeps its lo while its new size stays within
 * [PAGE_MIN_BYTES, PAGE_MAX_BYTES]; a larger one is split into pieces of about PAGE_TARGET_BYTES, each later piece
 * taking its first key as lo; a smaller one is joined to the next page of the run (which gives up its lo); an
 * empty one disappears, except the partition's first page. Entries are merged into one scratch buffer in key
 * order — unchanged stretches of an old page are copied as one block — and each new page is copied out of it, so
 * pages never share memory with the scratch or with each other.
 */
import { PAGE_MAX_BYTES, PAGE_MIN_BYTES, PAGE_TARGET_BYTES } from './state-store-layout.js';
import type { SortedKeys } from './byte-key-sort.js';
import { scratchBytes, scratchInts } from './scratch-space.js';
import type { StatePage } from './state-page.js';
import { copyRange, readVarint, varintSize, writeVarint } from './byte-encoding.js';

/** A page the run writer produced: its lo (one of the run's los, or a fresh copy of its first key) and content. */
export interface WrittenPage {
  readonly lo: Uint8Array;
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
}

/**
 * The changes of a commit in key order: the k-th key of `keys` gets the value
 * `valueBytes[valueStart[k], valueEnd[k])`, or is removed when valueStart[k] is -1.
 */
export interface SortedChanges {
  readonly keys: SortedKeys;
  readonly valueBytes: Uint8Array;
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
}

/**
 * Receives, for every key a change alters, the key `keyBytes[keyStart, keyEnd)` and its value before the change,
 * `previous[previousStart, previousEnd)` (previous undefined = the key did not exist).
 */
export interface UndoSink {
  add(
    keyBytes: Uint8Array, keyStart: number, keyEnd: number,
    previous: Uint8Array | undefined, previousStart: number, previousEnd: number,
  ): void;
}

/** The writer merges into scratch space (scratch-space.ts): use it within one synchronous stretch of code. */
export class PageRunWriter {
  private buf = scratchBytes('runBytes', 1 << 16);
  private used = 0;
  private starts = scratchInts('runStarts', 1 << 12);
  private count = 0;
  private modified = false;
  /** Per page of the run: the index of its first output entry. */
  private marks: number[] = [];

  /** `undo`, when given, receives the old value of every key the changes alter, from the old pages. */
  constructor(
    private readonly changes: SortedChanges,
    private readonly undo: UndoSink | undefined,
  ) {}

  /**
   * Merges the changes [changeStart[j], changeEnd[j]) into page j of the run, for every page of the run, and
   * cuts the result. `keepEmptyFirst`: the run starts with the partition's first page, which must survive even
   * when empty. Returns undefined when no change alters any page of the run (removals of absent keys only).
   */
  write(
    pages: readonly StatePage[],
    los: readonly Uint8Array[],
    changeStart: readonly number[],
    changeEnd: readonly number[],
    keepEmptyFirst: boolean,
  ): WrittenPage[] | undefined {
    this.used = 0;
    this.count = 0;
    this.modified = false;
    this.marks = [];
    for (let j = 0; j < pages.length; j++) {
      this.marks.push(this.count);
      this.mergePage(pages[j]!, changeStart[j]!, changeEnd[j]!);
    }
    if (!this.modified) return undefined;
    return this.cut(los, keepEmptyFirst);
  }

  private mergePage(page: StatePage, changeStart: number, changeEnd: number): void {
    const { bytes, offsets } = this.changes.keys;
    const valueStart = this.changes.valueStart;
    const undo = this.undo;
    const count = page.count;
    let i = 0;
    for (let c = changeStart; c < changeEnd; c++) {
      const keyStart = offsets[c]!;
      const keyEnd = offsets[c + 1]!;
      const found = page.search(bytes, keyStart, keyEnd, i);
      const at = found >= 0 ? found : -found - 1;
      if (at > i) this.copyEntries(page, i, at);
      i = at;
      const removal = valueStart[c]! < 0;
      if (found < 0 && removal) continue;
      this.modified = true;
      if (undo !== undefined) {
        if (found >= 0) undo.add(bytes, keyStart, keyEnd, page.bytes, page.valueStartAt(found), page.valueEndAt(found));
        else undo.add(bytes, keyStart, keyEnd, undefined, 0, 0);
      }
      if (found >= 0) i++;
      if (!removal) this.addEntry(bytes, keyStart, keyEnd, c);
    }
    if (i < count) this.copyEntries(page, i, count);
  }

  /** Copies entries [from, to) of `page` as one block. */
  private copyEntries(page: StatePage, from: number, to: number): void {
    const src = page.starts;
    const begin = src[from]!;
    const end = to < page.count ? src[to]! : page.bytes.length;
    this.reserve(end - begin, to - from);
    const shift = this.used - begin;
    const starts = this.starts;
    let n = this.count;
    for (let e = from; e < to; e++) starts[n++] = src[e]! + shift;
    this.count = n;
    this.buf.set(page.bytes.subarray(begin, end), this.used);
    this.used += end - begin;
  }

  /** Appends the entry of change `c`: its key and new value. */
  private addEntry(keyBytes: Uint8Array, keyStart: number, keyEnd: number, c: number): void {
    const valueBytes = this.changes.valueBytes;
    const valueStart = this.changes.valueStart[c]!;
    const valueEnd = this.changes.valueEnd[c]!;
    const keyLen = keyEnd - keyStart;
    const valueLen = valueEnd - valueStart;
    if (keyLen >= 0x80 || valueLen >= 0x80) {
      this.addLongEntry(keyBytes, keyStart, keyEnd, valueBytes, valueStart, valueEnd);
      return;
    }
    // The usual entry: one-byte lengths, short ranges copied by hand (a `set` per range costs more).
    this.reserve(2 + keyLen + valueLen, 1);
    const buf = this.buf;
    let o = this.used;
    this.starts[this.count++] = o;
    buf[o++] = keyLen;
    for (let j = keyStart; j < keyEnd; j++) buf[o++] = keyBytes[j]!;
    buf[o++] = valueLen;
    for (let j = valueStart; j < valueEnd; j++) buf[o++] = valueBytes[j]!;
    this.used = o;
  }

  private addLongEntry(
    keyBytes: Uint8Array, keyStart: number, keyEnd: number,
    valueBytes: Uint8Array, valueStart: number, valueEnd: number,
  ): void {
    const keyLen = keyEnd - keyStart;
    const valueLen = valueEnd - valueStart;
    this.reserve(varintSize(keyLen) + keyLen + varintSize(valueLen) + valueLen, 1);
    const buf = this.buf;
    this.starts[this.count++] = this.used;
    let o = writeVarint(buf, this.used, keyLen);
    o = copyRange(buf, o, keyBytes, keyStart, keyEnd);
    o = writeVarint(buf, o, valueLen);
    this.used = copyRange(buf, o, valueBytes, valueStart, valueEnd);
  }

  private reserve(bytes: number, entries: number): void {
    if (this.used + bytes > this.buf.length) {
      const grown = scratchBytes('runBytes', Math.max(this.buf.length * 2, this.used + bytes));
      if (grown.buffer !== this.buf.buffer) grown.set(this.buf.subarray(0, this.used));
      this.buf = grown;
    }
    if (this.count + entries > this.starts.length) {
      const grown = scratchInts('runStarts', Math.max(this.starts.length * 2, this.count + entries));
      if (grown.buffer !== this.starts.buffer) grown.set(this.starts.subarray(0, this.count));
      this.starts = grown;
    }
  }

  private byteAt(entry: number): number {
    return entry < this.count ? this.starts[entry]! : this.used;
  }

  private cut(los: readonly Uint8Array[], keepEmptyFirst: boolean): WrittenPage[] {
    const out: WrittenPage[] = [];
    const last = los.length - 1;
    let from = this.marks[0]!;
    let lo = los[0]!;
    let first = keepEmptyFirst;
    for (let j = 0; j <= last; j++) {
      const to = j < last ? this.marks[j + 1]! : this.count;
      const size = this.byteAt(to) - this.byteAt(from);
      if (j < last && size < PAGE_MIN_BYTES) continue;
      if (to > from || first) this.emit(out, from, to, lo, size);
      first = false;
      if (j < last) {
        from = to;
        lo = los[j + 1]!;
      }
    }
    return out;
  }

  /** Adds the pages for entries [from, to) — one, or several of about PAGE_TARGET_BYTES when too large. */
  private emit(out: WrittenPage[], from: number, to: number, lo: Uint8Array, size: number): void {
    if (size <= PAGE_MAX_BYTES) {
      out.push(this.page(from, to, lo));
      return;
    }
    const pieces = Math.ceil(size / PAGE_TARGET_BYTES);
    const pieceBytes = size / pieces;
    let pieceStart = from;
    let pieceLo = lo;
    for (let e = from + 1; e < to; e++) {
      if (this.byteAt(e) - this.byteAt(pieceStart) < pieceBytes) continue;
      out.push(this.page(pieceStart, e, pieceLo));
      pieceStart = e;
      pieceLo = this.keyCopy(e);
    }
    out.push(this.page(pieceStart, to, pieceLo));
  }

  /** Copies entries [from, to) into a new page: offsets and bytes share one allocation. */
  private page(from: number, to: number, lo: Uint8Array): WrittenPage {
    const begin = this.byteAt(from);
    const length = this.byteAt(to) - begin;
    const count = to - from;
    const memory = new ArrayBuffer(count * 4 + length);
    const starts = new Int32Array(memory, 0, count);
    const src = this.starts;
    for (let e = 0; e < count; e++) starts[e] = src[from + e]! - begin;
    const bytes = new Uint8Array(memory, count * 4, length);
    bytes.set(this.buf.subarray(begin, begin + length));
    return { lo, bytes, starts };
  }

  /** A copy of entry `entry`'s key. */
  private keyCopy(entry: number): Uint8Array {
    const o = this.starts[entry]!;
    const keyLen = readVarint(this.buf, o);
    const start = o + varintSize(keyLen);
    return this.buf.slice(start, start + keyLen);
  }
}
