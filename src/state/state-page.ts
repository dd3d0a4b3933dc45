/**
 * One page of a partition's latest table (layout in state-store-layout.ts): the entries of one key range in
 * ascending key order, each `keyLen varint | key | valueLen varint | value`. A parsed page keeps its bytes as they
 * came from LevelDB (or as a commit built them) plus the offset of every entry, so a lookup is a binary search
 * and a value is a view into the page — pages are never modified, so views stay valid after the page is
 * replaced or evicted.
 */
import { varintSize } from './varint.js';

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
    const starts: number[] = [];
    let o = 0;
    let previousKey: Uint8Array | undefined;
    while (o < bytes.length) {
      starts.push(o);
      const keyLen = readLength(bytes, o);
      if (keyLen < 0) return undefined;
      const keyStart = o + varintSize(keyLen);
      const valueLenAt = keyStart + keyLen;
      const valueLen = readLength(bytes, valueLenAt);
      if (valueLen < 0) return undefined;
      o = valueLenAt + varintSize(valueLen) + valueLen;
      if (o > bytes.length) return undefined;
      const key = bytes.subarray(keyStart, keyStart + keyLen);
      if (previousKey !== undefined && !ascending(previousKey, key)) return undefined;
      previousKey = key;
    }
    return new StatePage(bytes, Int32Array.from(starts));
  }

  /**
   * Finds `key` among entries `from` and later (keys before `from` must be smaller): its index, or -(i + 1)
   * where i is the index it would have. Gallops from `from`, so a run of ascending lookups costs little more
   * than one pass over the page.
   */
  search(key: Uint8Array, from: number): number {
    const count = this.starts.length;
    let lo = from;
    let hi = from;
    let step = 1;
    while (hi < count && this.compareAt(hi, key) < 0) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    if (hi > count) hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < count && this.compareAt(lo, key) === 0 ? lo : -(lo + 1);
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
    const b = this.bytes;
    const o = this.starts[i]!;
    const keyLen = lengthAt(b, o);
    const valueLenAt = o + varintSize(keyLen) + keyLen;
    const valueLen = lengthAt(b, valueLenAt);
    const start = valueLenAt + varintSize(valueLen);
    return b.subarray(start, start + valueLen);
  }

  /** Compares entry `i`'s key with `key` (negative when the entry's key sorts first). */
  compareAt(i: number, key: Uint8Array): number {
    const b = this.bytes;
    const start = this.starts[i]!;
    const keyLen = lengthAt(b, start);
    const o = start + varintSize(keyLen);
    const n = keyLen < key.length ? keyLen : key.length;
    for (let j = 0; j < n; j++) {
      const d = b[o + j]! - key[j]!;
      if (d !== 0) return d;
    }
    return keyLen - key.length;
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

/** The length at `o` of a page known to be well formed (most lengths are one byte). */
function lengthAt(b: Uint8Array, o: number): number {
  const first = b[o]!;
  return first < 0x80 ? first : readLength(b, o);
}

/**
 * Reads a canonical varint length at `o`; -1 when it runs past the end, is not canonical, or does not fit a
 * safe integer.
 */
function readLength(b: Uint8Array, o: number): number {
  let n = 0;
  let scale = 1;
  for (let i = o; i < b.length && scale < 2 ** 49; i++) {
    const byte = b[i]!;
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return byte === 0 && i > o ? -1 : n;
    scale *= 0x80;
  }
  return -1;
}

function ascending(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}
