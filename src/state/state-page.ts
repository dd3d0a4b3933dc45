/**
 * One page of a partition's latest table (layout in state-store-layout.ts): the entries of one key range in
 * ascending key order, each `keyLen varint | key | valueLen varint | value`. A parsed page keeps its bytes as they
 * came from LevelDB (or as a commit built them) plus the offset of every entry, so a lookup is a binary search
 * and a value is a view into the page — pages are never modified, so views stay valid after the page is
 * replaced or evicted.
 */
import { readVarint, varintSize } from './byte-encoding.js';

/** Rough fixed memory cost of a cached page besides its bytes and offsets (objects, headers). */
const PAGE_OVERHEAD_BYTES = 160;

export class StatePage {
  constructor(
    readonly bytes: Uint8Array,
    /** Offset of every entry's first byte, ascending. */
    readonly starts: Int32Array,
  ) {}

  get count(): number {
    return this.starts.length;
  }

  /** What the page costs in memory while cached. */
  get memoryBytes(): number {
    return this.bytes.length + this.starts.byteLength + PAGE_OVERHEAD_BYTES;
  }

  /** Parses a stored page; undefined when the bytes are not a well-formed page in ascending key order. */
  static parse(bytes: Uint8Array): StatePage | undefined {
    const count = countEntries(bytes);
    if (count < 0) return undefined;
    const starts = new Int32Array(count);
    let o = 0;
    let previousStart = 0;
    let previousLen = -1;
    for (let i = 0; i < count; i++) {
      starts[i] = o;
      const keyLen = lengthAt(bytes, o);
      const keyStart = o + varintSize(keyLen);
      if (previousLen >= 0 && !ascending(bytes, previousStart, previousLen, keyStart, keyLen)) return undefined;
      previousStart = keyStart;
      previousLen = keyLen;
      const valueLenAt = keyStart + keyLen;
      const valueLen = lengthAt(bytes, valueLenAt);
      o = valueLenAt + varintSize(valueLen) + valueLen;
    }
    return new StatePage(bytes, starts);
  }

  /**
   * Finds the key `keyBytes[keyStart, keyEnd)` among entries `from` and later (keys before `from` must be
   * smaller): its index, or -(i + 1) where i is the index it would have. Gallops from `from`, so a run of
   * ascending lookups costs little more than one pass over the page.
   */
  search(keyBytes: Uint8Array, keyStart: number, keyEnd: number, from: number): number {
    const count = this.starts.length;
    if (from >= count) return -(count + 1);
    // Sorted lookups of most of a page's keys usually want the very entry at `from`: one comparison.
    const d = this.compareAt(from, keyBytes, keyStart, keyEnd);
    if (d >= 0) return d === 0 ? from : -(from + 1);
    let lo = from + 1;
    let hi = lo;
    let step = 1;
    while (hi < count && this.compareAt(hi, keyBytes, keyStart, keyEnd) < 0) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    if (hi > count) hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, keyBytes, keyStart, keyEnd) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < count && this.compareAt(lo, keyBytes, keyStart, keyEnd) === 0 ? lo : -(lo + 1);
  }

  /** The key of entry `i`, as a view into the page. */
  keyAt(i: number): Uint8Array {
    const o = this.starts[i]!;
    const keyLen = lengthAt(this.bytes, o);
    const start = o + varintSize(keyLen);
    return this.bytes.subarray(start, start + keyLen);
  }

  /** The value of entry `i`, as a view into the page. */
  valueAt(i: number): Uint8Array {
    return this.bytes.subarray(this.valueStartAt(i), this.valueEndAt(i));
  }

  /** Where entry `i`'s value starts in `bytes`. */
  valueStartAt(i: number): number {
    const b = this.bytes;
    const o = this.starts[i]!;
    const keyLen = lengthAt(b, o);
    const valueLenAt = o + varintSize(keyLen) + keyLen;
    return valueLenAt + varintSize(lengthAt(b, valueLenAt));
  }

  /** Where entry `i`'s value ends in `bytes`. */
  valueEndAt(i: number): number {
    return i + 1 < this.starts.length ? this.starts[i + 1]! : this.bytes.length;
  }

  /** Compares entry `i`'s key with `keyBytes[keyStart, keyEnd)` (negative when the entry's key sorts first). */
  compareAt(i: number, keyBytes: Uint8Array, keyStart: number, keyEnd: number): number {
    const b = this.bytes;
    const start = this.starts[i]!;
    const keyLen = lengthAt(b, start);
    const o = start + varintSize(keyLen);
    const otherLen = keyEnd - keyStart;
    const n = keyLen < otherLen ? keyLen : otherLen;
    for (let j = 0; j < n; j++) {
      const d = b[o + j]! - keyBytes[keyStart + j]!;
      if (d !== 0) return d;
    }
    return keyLen - otherLen;
  }
}

/**
 * A page of a partition's page index: its lower bound (the page holds the keys k with lo ≤ k < the next page's
 * lo), its LevelDB key, and its parsed content while the page cache holds it.
 */
export class PageRef {
  content: StatePage | undefined = undefined;
  /** Set by a cache hit, cleared by the cache's clock hand (second chance). */
  referenced = false;

  constructor(
    readonly lo: Uint8Array,
    readonly dbKey: Buffer,
  ) {}
}

/** The number of entries of a page, walking its lengths; -1 when they do not fit the bytes. */
function countEntries(bytes: Uint8Array): number {
  let count = 0;
  let o = 0;
  while (o < bytes.length) {
    const keyLen = readVarint(bytes, o);
    if (keyLen < 0) return -1;
    const valueLenAt = o + varintSize(keyLen) + keyLen;
    const valueLen = readVarint(bytes, valueLenAt);
    if (valueLen < 0) return -1;
    o = valueLenAt + varintSize(valueLen) + valueLen;
    count++;
  }
  return o === bytes.length ? count : -1;
}

/** The length at `o` of a page known to be well formed (most lengths are one byte). */
function lengthAt(b: Uint8Array, o: number): number {
  const first = b[o]!;
  return first < 0x80 ? first : readVarint(b, o);
}

/** Whether the key at `a` (length aLen) sorts strictly before the key at `b` (length bLen) in `bytes`. */
function ascending(bytes: Uint8Array, a: number, aLen: number, b: number, bLen: number): boolean {
  const n = aLen < bLen ? aLen : bLen;
  for (let i = 0; i < n; i++) if (bytes[a + i] !== bytes[b + i]) return bytes[a + i]! < bytes[b + i]!;
  return aLen < bLen;
}
