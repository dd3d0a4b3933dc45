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
import type { StatePage } from './state-page.js';
import { varintSize, writeVarint } from './varint.js';

/** A page the run writer produced: its lo (one of the run's los, or a fresh copy of its first key) and content. */
export interface WrittenPage {
  readonly lo: Uint8Array;
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
}

/** The changes of a commit, ascending by key: key `keys[order[i]]` gets value `values[order[i]]` (undefined = removed). */
export interface SortedChanges {
  readonly keys: readonly Uint8Array[];
  readonly values: readonly (Uint8Array | undefined)[];
  readonly order: Int32Array;
  readonly count: number;
}

export class PageRunWriter {
  private buf = new Uint8Array(1 << 16);
  private used = 0;
  private starts = new Int32Array(1 << 12);
  private count = 0;
  private modified = false;
  /** Per page of the run: the index of its first output entry. */
  private marks: number[] = [];

  constructor(private readonly changes: SortedChanges) {}

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
    const { keys, values, order } = this.changes;
    const count = page.count;
    let i = 0;
    for (let c = changeStart; c < changeEnd; c++) {
      const id = order[c]!;
      const key = keys[id]!;
      const value = values[id];
      const found = i < count ? page.search(key, i) : -(count + 1);
      const at = found >= 0 ? found : -found - 1;
      if (at > i) this.copyEntries(page, i, at);
      i = at;
      if (found >= 0) {
        i++;
        this.modified = true;
        if (value !== undefined) this.addEntry(key, value);
      } else if (value !== undefined) {
        this.modified = true;
        this.addEntry(key, value);
      }
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

  private addEntry(key: Uint8Array, value: Uint8Array): void {
    this.reserve(varintSize(key.length) + key.length + varintSize(value.length) + value.length, 1);
    const buf = this.buf;
    this.starts[this.count++] = this.used;
    let o = writeVarint(buf, this.used, key.length);
    o = copyInto(buf, o, key);
    o = writeVarint(buf, o, value.length);
    this.used = copyInto(buf, o, value);
  }

  private reserve(bytes: number, entries: number): void {
    if (this.used + bytes > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.used + bytes));
      grown.set(this.buf.subarray(0, this.used));
      this.buf = grown;
    }
    if (this.count + entries > this.starts.length) {
      const grown = new Int32Array(Math.max(this.starts.length * 2, this.count + entries));
      grown.set(this.starts.subarray(0, this.count));
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

  private page(from: number, to: number, lo: Uint8Array): WrittenPage {
    const begin = this.byteAt(from);
    const bytes = this.buf.slice(begin, this.byteAt(to));
    const starts = this.starts.slice(from, to);
    for (let e = 0; e < starts.length; e++) starts[e]! -= begin;
    return { lo, bytes, starts };
  }

  private keyCopy(entry: number): Uint8Array {
    const o = this.starts[entry]!;
    let keyLen = 0;
    let scale = 1;
    let p = o;
    for (;;) {
      const b = this.buf[p++]!;
      keyLen += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    return this.buf.slice(p, p + keyLen);
  }
}

/** Copies `src` into `dst` at `o`; returns the offset after it. Short arrays by hand: cheaper than `set`. */
function copyInto(dst: Uint8Array, o: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 32) {
    dst.set(src, o);
    return o + n;
  }
  for (let i = 0; i < n; i++) dst[o + i] = src[i]!;
  return o + n;
}
