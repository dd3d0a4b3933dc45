/**
 * Byte-string order for state keys — the order of LevelDB's default comparator: unsigned bytes, a proper prefix
 * first — and `sortKeys`, which sorts a batch's keys into one contiguous buffer.
 *
 * The store sorts every batch's keys before it walks the latest table's pages, and then reads them in that order
 * several times. Visiting a million small key objects in sorted order — not the order they were allocated in —
 * costs seconds in cache and TLB misses; one contiguous buffer turns those visits into a sequential scan, and the
 * key objects themselves are read once, in the order they came. How the sort works is at `sortKeys`.
 */
import { copyRange } from './byte-encoding.js';
import type { KeyRanges } from './byte-key-table.js';
import { scratchBytes, scratchInts, scratchWords } from './scratch-space.js';

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** compareBytes(a, bytes[offset, offset + length)). */
export function compareBytesAt(a: Uint8Array, bytes: Uint8Array, offset: number, length: number): number {
  const n = a.length < length ? a.length : length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - bytes[offset + i]!;
    if (d !== 0) return d;
  }
  return a.length - length;
}

/**
 * Keys in ascending order, concatenated: key k is `bytes[offsets[k], offsets[k + 1])`; it has id `ids[k]` and
 * was at index `positions[k]` of the ids given to the sort. `distinct` tells whether no two keys are equal.
 */
export interface SortedKeys {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
  readonly positions: Int32Array;
  readonly count: number;
  readonly distinct: boolean;
}

const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * Sorts the keys `ids[i]` (i < n) of `keys` (equal keys end up adjacent, in no particular order).
 *
 * Bytes of the prefix every key shares cannot order anything, so the sort keys on the six bytes after it: four,
 * big-endian, make the high half of a 64-bit sort word, the next two (as many bits as fit) and the key's index
 * the low half (bytes past a key's end count as 0). One native sort of those words (BigUint64Array#sort) orders
 * the keys by those bytes; keys whose words tie on every key bit — keys that agree on all six, or a key and its
 * zero-padded extension — are finished by comparing whole keys, which is rare for real keys. The keys are read
 * three times, always in the order given: for their lengths and shared prefix, for their sort words, and to copy
 * each to its sorted place.
 */
export function sortKeys(keys: KeyRanges, ids: Int32Array, n: number): SortedKeys {
  const { bytes: source, starts, ends } = keys;
  const lens = scratchInts('sortLengths', n);
  let first = EMPTY;
  let firstStart = 0;
  let common = 0;
  if (n > 0) {
    first = source[ids[0]!]!;
    firstStart = starts[ids[0]!]!;
    common = ends[ids[0]!]! - firstStart;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const key = source[id]!;
    const start = starts[id]!;
    const len = ends[id]! - start;
    lens[i] = len;
    total += len;
    const m = common < len ? common : len;
    let j = 0;
    while (j < m && key[start + j] === first[firstStart + j]) j++;
    common = j;
  }
  const tied = sortWords(keys, ids, n, common);
  const order = tied.order;
  const distinct = resolveTies(keys, ids, tied, n);
  const offsets = new Int32Array(n + 1);
  const sortedIds = new Int32Array(n);
  const rank = scratchInts('sortRanks', n);
  let o = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    sortedIds[k] = ids[i]!;
    rank[i] = k;
    offsets[k] = o;
    o += lens[i]!;
  }
  offsets[n] = o;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const start = starts[id]!;
    copyRange(bytes, offsets[rank[i]!]!, source[id]!, start, start + lens[i]!);
  }
  return { bytes, offsets, ids: sortedIds, positions: order, count: n, distinct };
}

/**
 * The indexes 0..n-1 ordered by the six bytes after the shared prefix of length `at` (see sortKeys), as
 * `order`; neighbours whose sort words tie on every key bit are marked in `tiedWithNext`.
 */
function sortWords(
  keys: KeyRanges,
  ids: Int32Array,
  n: number,
  at: number,
): { order: Int32Array; tiedWithNext: Uint8Array } {
  const { bytes: source, starts, ends } = keys;
  const indexBits = n > 1 ? 32 - Math.clz32(n - 1) : 1;
  const lowKeyBits = 32 - indexBits;
  const indexMask = indexBits === 32 ? -1 : (1 << indexBits) - 1;
  const words = scratchWords('sortWords', n);
  const halves = new Uint32Array(words.buffer, 0, 2 * n);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const key = source[id]!;
    const p = starts[id]! + at;
    const end = ends[id]!;
    let hi = 0;
    let next = 0;
    if (p + 6 <= end) {
      hi = (key[p]! << 24) | (key[p + 1]! << 16) | (key[p + 2]! << 8) | key[p + 3]!;
      next = (key[p + 4]! << 8) | key[p + 5]!;
    } else {
      for (let j = 0; j < 4; j++) hi = (hi << 8) | (p + j < end ? key[p + j]! : 0);
      for (let j = 4; j < 6; j++) next = (next << 8) | (p + j < end ? key[p + j]! : 0);
    }
    const lowKey = lowKeyBits >= 16 ? next << (lowKeyBits - 16) : next >>> (16 - lowKeyBits);
    halves[2 * i + LOW] = (lowKeyBits > 0 ? (lowKey << indexBits) | i : i) >>> 0;
    halves[2 * i + HIGH] = hi >>> 0;
  }
  words.sort();
  const order = new Int32Array(n);
  const tiedWithNext = scratchBytes('sortTies', n);
  const keyMask = ~indexMask;
  for (let k = 0; k < n; k++) {
    const low = halves[2 * k + LOW]!;
    order[k] = low & indexMask;
    tiedWithNext[k] = k + 1 < n && halves[2 * k + HIGH] === halves[2 * k + 2 + HIGH]
      && ((low ^ halves[2 * k + 2 + LOW]!) & keyMask) === 0 ? 1 : 0;
  }
  return { order, tiedWithNext };
}

/** Index of the low and high 32-bit half of a 64-bit word in a Uint32Array view, by platform byte order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;

/** Sorts each run of tied indexes by comparing whole keys; returns whether all keys are distinct. */
function resolveTies(
  keys: KeyRanges,
  ids: Int32Array,
  tied: { order: Int32Array; tiedWithNext: Uint8Array },
  n: number,
): boolean {
  const { order, tiedWithNext } = tied;
  const compare = (a: number, b: number): number => {
    const idA = ids[a]!;
    const idB = ids[b]!;
    return compareRanges(keys.bytes[idA]!, keys.starts[idA]!, keys.ends[idA]!,
      keys.bytes[idB]!, keys.starts[idB]!, keys.ends[idB]!);
  };
  let distinct = true;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end - 1 < n && tiedWithNext[end - 1] === 1) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end));
      run.sort(compare);
      order.set(run, start);
      for (let k = 1; k < run.length && distinct; k++) if (compare(run[k - 1]!, run[k]!) === 0) distinct = false;
    }
    start = end;
  }
  return distinct;
}

/** compareBytes of `a[aStart, aEnd)` and `b[bStart, bEnd)`. */
export function compareRanges(
  a: Uint8Array, aStart: number, aEnd: number,
  b: Uint8Array, bStart: number, bEnd: number,
): number {
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  const n = aLen < bLen ? aLen : bLen;
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  return aLen - bLen;
}

