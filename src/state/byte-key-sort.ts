/**
 * Byte-string order for state keys — the order of LevelDB's default comparator: unsigned bytes, a proper prefix
 * first — and `sortKeys`, which sorts a batch's keys into one contiguous buffer.
 *
 * The store sorts every batch's keys before it walks the latest table's pages, and then reads them in that order
 * several times. Visiting a million small key objects in sorted order — not the order they were allocated in —
 * costs seconds in cache and TLB misses; one contiguous buffer turns those visits into a sequential scan, and the
 * key objects themselves are read in the order they came. How the sort works is at `sortPackedKeys`.
 */
import { copyRange } from './byte-encoding.js';
import type { KeyRanges } from './byte-key-table.js';
import { scratchBytes, scratchInts, scratchUints, scratchWords } from './scratch-space.js';

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
 * Sorts the keys `ids[i]` (i < n) of `keys` (equal keys end up adjacent, in no particular order): packs them in
 * the order given — one sequential pass over the key objects — and sorts the packed keys (`sortPackedKeys`).
 */
export function sortKeys(keys: KeyRanges, ids: Int32Array, n: number): SortedKeys {
  const { bytes: source, starts, ends } = keys;
  const offsets = scratchInts('sortOffsets', n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    offsets[i] = total;
    total += ends[id]! - starts[id]!;
  }
  offsets[n] = total;
  const packed = scratchBytes('sortKeys', total);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    copyRange(packed, offsets[i]!, source[id]!, starts[id]!, ends[id]!);
  }
  const sorted = sortPackedKeys(packed, offsets, n);
  const sortedIds = new Int32Array(n);
  const order = sorted.positions;
  for (let k = 0; k < n; k++) sortedIds[k] = ids[order[k]!]!;
  return { ...sorted, ids: sortedIds };
}

/**
 * Sorts the packed keys `bytes[offsets[i], offsets[i + 1])` (i < n); the result's `ids` are the keys' indexes
 * (the same array as `positions`). The keys are read in place and copied once, in sorted order.
 *
 * Bytes every key shares cannot order anything, so the sort looks at the four bytes after the shared prefix, as
 * one big-endian 32-bit word per key (bytes past a key's end count as 0), and sorts the keys by those words —
 * many keys with a least-significant-digit radix sort (three passes of 11 bits, each a sequential read and a
 * scatter), few with one native sort of 64-bit words (word and index). A run of keys whose words tie agrees on
 * at least four more bytes, and is sorted the same way from there — so keys that share long stretches (a few
 * event-time windows before a user id, say) cost a few more passes over those runs, not a comparison sort.
 * Short runs are sorted by comparison.
 */
export function sortPackedKeys(bytes: Uint8Array, offsets: Int32Array, n: number): SortedKeys {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const distinct = sortRows(bytes, offsets, order, 0);
  const sortedOffsets = new Int32Array(n + 1);
  const sortedBytes = new Uint8Array(offsets[n]! - offsets[0]!);
  const width = fixedWidth(offsets, n);
  if (width >= 0) {
    // Keys of one width: read them in place order and write each to its sorted place (scattered writes are far
    // cheaper than scattered reads).
    const rank = scratchInts('sortRanks', n);
    for (let k = 0; k < n; k++) rank[order[k]!] = k;
    for (let i = 0; i < n; i++) {
      let o = rank[i]! * width;
      const end = offsets[i + 1]!;
      for (let j = offsets[i]!; j < end; j++) sortedBytes[o++] = bytes[j]!;
    }
    for (let k = 0; k <= n; k++) sortedOffsets[k] = k * width;
  } else {
    let o = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      sortedOffsets[k] = o;
      o = copyRange(sortedBytes, o, bytes, offsets[i]!, offsets[i + 1]!);
    }
    sortedOffsets[n] = o;
  }
  return { bytes: sortedBytes, offsets: sortedOffsets, ids: order, positions: order, count: n, distinct };
}

/** The width of every item of packed offsets when they all have the same one, else -1. */
export function fixedWidth(offsets: Int32Array, n: number): number {
  if (n === 0) return -1;
  const width = offsets[1]! - offsets[0]!;
  for (let i = 1; i < n; i++) if (offsets[i + 1]! - offsets[i]! !== width) return -1;
  return width;
}

/** Runs at most this long are sorted by comparison; runs of at least RADIX_RUN by radix sort. */
const SMALL_RUN = 16;
const RADIX_RUN = 4096;
const RADIX_BITS = 11;
const RADIX_BUCKETS = 1 << RADIX_BITS;

/**
 * Sorts `rows` (indexes of packed keys) in place by their keys, which all agree on their first `at` bytes;
 * returns whether the keys are distinct.
 */
function sortRows(source: Uint8Array, offsets: Int32Array, rows: Int32Array, at: number): boolean {
  const m = rows.length;
  if (m < 2) return true;
  // Extend the shared prefix as far as all rows agree, and find the longest key.
  const firstStart = offsets[rows[0]!]!;
  let shared = offsets[rows[0]! + 1]! - firstStart;
  let longest = shared;
  for (let r = 1; r < m; r++) {
    const row = rows[r]!;
    const start = offsets[row]!;
    const len = offsets[row + 1]! - start;
    if (len > longest) longest = len;
    const limit = shared < len ? shared : len;
    let j = at;
    while (j < limit && source[start + j] === source[firstStart + j]) j++;
    shared = j;
  }
  if (shared < at) shared = at;
  // Equal keys, or a key and its extensions by zero bytes, tie on every word: compare those instead.
  if (m <= SMALL_RUN || shared >= longest) return sortByComparison(source, offsets, rows);
  const words = scratchUints('sortWords', m);
  for (let r = 0; r < m; r++) {
    const row = rows[r]!;
    const p = offsets[row]! + shared;
    const end = offsets[row + 1]!;
    let w: number;
    if (p + 4 <= end) {
      w = (source[p]! << 24) | (source[p + 1]! << 16) | (source[p + 2]! << 8) | source[p + 3]!;
    } else {
      w = 0;
      for (let j = 0; j < 4; j++) w = (w << 8) | (p + j < end ? source[p + j]! : 0);
    }
    words[r] = w >>> 0;
  }
  if (m >= RADIX_RUN) radixSort(words, rows, m);
  else nativeSort(words, rows, m);
  // Runs of tied words, as start/end pairs: found before recursing, which reuses the scratch words.
  const runs: number[] = [];
  let runStart = 0;
  for (let t = 1; t <= m; t++) {
    if (t < m && words[t] === words[runStart]) continue;
    if (t - runStart > 1) runs.push(runStart, t);
    runStart = t;
  }
  let distinct = true;
  for (let x = 0; x < runs.length; x += 2) {
    if (!sortRows(source, offsets, rows.subarray(runs[x]!, runs[x + 1]!), shared + 4)) distinct = false;
  }
  return distinct;
}

/** Sorts `rows[0, m)` by `words[0, m)` (both permuted alike): LSD radix, 11 bits a pass, stable. */
function radixSort(words: Uint32Array, rows: Int32Array, m: number): void {
  const counts = scratchInts('radixCounts', 3 * RADIX_BUCKETS);
  counts.fill(0);
  const mask = RADIX_BUCKETS - 1;
  for (let r = 0; r < m; r++) {
    const w = words[r]!;
    counts[w & mask]!++;
    counts[RADIX_BUCKETS + ((w >>> RADIX_BITS) & mask)]!++;
    counts[2 * RADIX_BUCKETS + (w >>> (2 * RADIX_BITS))]!++;
  }
  let fromWords = words;
  let fromRows = rows;
  let toWords = scratchUints('radixWords', m);
  let toRows = scratchInts('radixRows', m);
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * RADIX_BUCKETS;
    const shift = pass * RADIX_BITS;
    // A digit all words share orders nothing.
    let sum = 0;
    let skip = false;
    for (let b = 0; b < RADIX_BUCKETS; b++) {
      const c = counts[base + b]!;
      if (c === m) skip = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (skip) continue;
    for (let r = 0; r < m; r++) {
      const w = fromWords[r]!;
      const d = base + ((w >>> shift) & mask);
      const to = counts[d]!;
      counts[d] = to + 1;
      toWords[to] = w;
      toRows[to] = fromRows[r]!;
    }
    const w = fromWords;
    const rr = fromRows;
    fromWords = toWords;
    fromRows = toRows;
    toWords = w;
    toRows = rr;
  }
  if (fromRows !== rows) {
    rows.set(fromRows.subarray(0, m));
    words.set(fromWords.subarray(0, m));
  }
}

/** Sorts `rows[0, m)` by `words[0, m)` (both permuted alike) with one native sort of (word, index) pairs. */
function nativeSort(words: Uint32Array, rows: Int32Array, m: number): void {
  const pairs = scratchWords('sortPairs', m);
  const halves = new Uint32Array(pairs.buffer, 0, 2 * m);
  for (let r = 0; r < m; r++) {
    halves[2 * r + LOW] = r;
    halves[2 * r + HIGH] = words[r]!;
  }
  pairs.sort();
  const sorted = scratchInts('radixRows', m);
  for (let t = 0; t < m; t++) {
    sorted[t] = rows[halves[2 * t + LOW]!]!;
    words[t] = halves[2 * t + HIGH]!;
  }
  rows.set(sorted);
}

/** Index of the low and high 32-bit half of a 64-bit word in a Uint32Array view, by platform byte order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;

/** Sorts `rows` (indexes of packed keys) by comparing whole keys; returns whether the keys are distinct. */
function sortByComparison(source: Uint8Array, offsets: Int32Array, rows: Int32Array): boolean {
  const compare = (a: number, b: number): number =>
    compareRanges(source, offsets[a]!, offsets[a + 1]!, source, offsets[b]!, offsets[b + 1]!);
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

