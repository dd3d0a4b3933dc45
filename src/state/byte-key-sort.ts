/**
 * Byte-string order for state keys — the order of LevelDB's default comparator: unsigned bytes, a proper prefix
 * first — and `sortKeys`, which sorts a batch's keys into one contiguous buffer.
 *
 * The store sorts every batch's keys before it walks the latest table's pages, and then reads them in that order
 * several times. Visiting a million small key objects in sorted order — not the order they were allocated in —
 * costs seconds in cache and TLB misses; one contiguous buffer turns those visits into a sequential scan, and the
 * key objects themselves are read in the order they came. How the sort works is at `sortKeys`.
 */
import { copyRange } from './byte-encoding.js';
import type { KeyRanges } from './byte-key-table.js';
import { scratchInts, scratchWords } from './scratch-space.js';

/** Negative, zero or positive as `a` sorts before, with or after `bytes[offset, offset + length)`. */
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

/**
 * Sorts the keys `ids[i]` (i < n) of `keys` (equal keys end up adjacent, in no particular order).
 *
 * Bytes every key shares cannot order anything, so the sort looks at the six bytes after the shared prefix:
 * four, big-endian, make the high half of a 64-bit sort word, the next two (as many bits as fit) and the key's
 * index the low half (bytes past a key's end count as 0). One native sort of those words (BigUint64Array#sort)
 * orders the keys by those bytes; a run of keys whose words tie on every key bit agrees on at least four more
 * bytes, and is sorted the same way from there — so keys that share long stretches (a few event-time windows
 * before a user id, say) cost a few more passes over those runs, not a comparison sort. Short runs are sorted
 * by comparison. The keys are read in the order given; only runs of ties are revisited in sorted order.
 */
export function sortKeys(keys: KeyRanges, ids: Int32Array, n: number): SortedKeys {
  const { bytes: source, starts, ends } = keys;
  const lens = scratchInts('sortLengths', n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const len = ends[id]! - starts[id]!;
    lens[i] = len;
    total += len;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const distinct = sortRows(keys, ids, order, 0);
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

/** Runs at most this long are sorted by comparison. */
const SMALL_RUN = 16;

/**
 * Sorts `rows` (indexes into `ids`) in place by their keys, which all agree on their first `at` bytes; returns
 * whether the keys are distinct.
 */
function sortRows(keys: KeyRanges, ids: Int32Array, rows: Int32Array, at: number): boolean {
  const m = rows.length;
  if (m < 2) return true;
  const { bytes: source, starts, ends } = keys;
  // Extend the shared prefix as far as all rows agree, and find the longest key.
  const first = ids[rows[0]!]!;
  const firstKey = source[first]!;
  const firstStart = starts[first]!;
  let shared = ends[first]! - firstStart;
  let longest = shared;
  for (let r = 1; r < m; r++) {
    const id = ids[rows[r]!]!;
    const key = source[id]!;
    const start = starts[id]!;
    const len = ends[id]! - start;
    if (len > longest) longest = len;
    const limit = shared < len ? shared : len;
    let j = at;
    while (j < limit && key[start + j] === firstKey[firstStart + j]) j++;
    shared = j;
  }
  if (shared < at) shared = at;
  // Equal keys, or a key and its extensions by zero bytes, tie on every word: compare those instead.
  if (m <= SMALL_RUN || shared >= longest) return sortByComparison(keys, ids, rows);
  const indexBits = 32 - Math.clz32(m - 1);
  const lowKeyBits = 32 - indexBits;
  const indexMask = indexBits === 32 ? -1 : (1 << indexBits) - 1;
  const words = scratchWords('sortWords', m);
  const halves = new Uint32Array(words.buffer, 0, 2 * m);
  for (let r = 0; r < m; r++) {
    const id = ids[rows[r]!]!;
    const key = source[id]!;
    const p = starts[id]! + shared;
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
    halves[2 * r + LOW] = (lowKeyBits > 0 ? (lowKey << indexBits) | r : r) >>> 0;
    halves[2 * r + HIGH] = hi >>> 0;
  }
  words.sort();
  const sorted = new Int32Array(m);
  // Runs of tied words, as start/end pairs: found before recursing, which reuses the scratch words.
  const runs: number[] = [];
  const keyMask = ~indexMask;
  let runStart = 0;
  for (let t = 0; t < m; t++) {
    const low = halves[2 * t + LOW]!;
    sorted[t] = rows[low & indexMask]!;
    const tiedWithNext = t + 1 < m && halves[2 * t + HIGH] === halves[2 * t + 2 + HIGH]
      && ((low ^ halves[2 * t + 2 + LOW]!) & keyMask) === 0;
    if (tiedWithNext) continue;
    if (t > runStart) runs.push(runStart, t + 1);
    runStart = t + 1;
  }
  rows.set(sorted);
  let distinct = true;
  for (let x = 0; x < runs.length; x += 2) {
    if (!sortRows(keys, ids, rows.subarray(runs[x]!, runs[x + 1]!), shared + 4)) distinct = false;
  }
  return distinct;
}

/** Index of the low and high 32-bit half of a 64-bit word in a Uint32Array view, by platform byte order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;

/** Sorts `rows` (indexes into `ids`) by comparing whole keys; returns whether the keys are distinct. */
function sortByComparison(keys: KeyRanges, ids: Int32Array, rows: Int32Array): boolean {
  const compare = (a: number, b: number): number => {
    const idA = ids[a]!;
    const idB = ids[b]!;
    return compareRanges(keys.bytes[idA]!, keys.starts[idA]!, keys.ends[idA]!,
      keys.bytes[idB]!, keys.starts[idB]!, keys.ends[idB]!);
  };
  const sorted = Array.from(rows).sort(compare);
  rows.set(sorted);
  for (let k = 1; k < sorted.length; k++) if (compare(sorted[k - 1]!, sorted[k]!) === 0) return false;
  return true;
}

/** Negative, zero or positive as `a[aStart, aEnd)` sorts before, with or after `b[bStart, bEnd)`. */
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

