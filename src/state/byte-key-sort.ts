/**
 * Byte-string order for state keys — the order of LevelDB's default comparator: unsigned bytes, a proper prefix
 * first — and `sortKeys`, which sorts a batch's keys into one contiguous buffer.
 *
 * The store sorts every batch's keys before it walks the latest table's pages, and then reads them in that order
 * several times; one contiguous buffer turns those reads from hops between scattered key objects into a
 * sequential scan. The sort is an LSD radix sort over the keys' first bytes, gathered into a zero-padded matrix:
 * a stable counting pass per byte column (columns where every key has the same byte are skipped) after one pass
 * by length, which puts a key before its zero-padded extensions. Keys longer than the matrix are rare; runs that
 * tie on the gathered bytes are finished by comparison.
 */

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

/** Keys in ascending order, concatenated: key k is `bytes[offsets[k], offsets[k + 1])`, with id `ids[k]`. */
export interface SortedKeys {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
  readonly count: number;
}

/** How many leading bytes of each key the radix passes look at. */
const RADIX_BYTES = 32;

/** Sorts `keys[ids[i]]` for i < n (equal keys end up adjacent, in no particular order). */
export function sortKeys(keys: readonly Uint8Array[], ids: Int32Array, n: number): SortedKeys {
  let maxLen = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const len = keys[ids[i]!]!.length;
    total += len;
    if (len > maxLen) maxLen = len;
  }
  const width = Math.min(maxLen, RADIX_BYTES);
  const matrix = new Uint8Array(n * width);
  const lens = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[ids[i]!]!;
    const len = key.length;
    lens[i] = len;
    const m = len < width ? len : width;
    const row = i * width;
    for (let j = 0; j < m; j++) matrix[row + j] = key[j]!;
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  const counts = new Int32Array(257);
  // Least significant first: the length (capped just above the width), then each byte column from the last.
  if (countingPass(order, spare, n, counts, (i) => (lens[i]! > width ? width + 1 : lens[i]!), width + 2)) {
    [order, spare] = [spare, order];
  }
  for (let col = width - 1; col >= 0; col--) {
    if (countingPass(order, spare, n, counts, (i) => matrix[i * width + col]!, 256)) [order, spare] = [spare, order];
  }
  if (maxLen > width) finishLongKeys(keys, ids, order, n, matrix, width, lens);
  const bytes = new Uint8Array(total);
  const offsets = new Int32Array(n + 1);
  const sortedIds = new Int32Array(n);
  let o = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    sortedIds[k] = ids[i]!;
    offsets[k] = o;
    const len = lens[i]!;
    if (len <= width) {
      const row = i * width;
      for (let j = 0; j < len; j++) bytes[o + j] = matrix[row + j]!;
    } else {
      bytes.set(keys[ids[i]!]!, o);
    }
    o += len;
  }
  offsets[n] = o;
  return { bytes, offsets, ids: sortedIds, count: n };
}

/**
 * One stable counting-sort pass of `from[0..n)` into `to` by `digit`; false (and `to` untouched) when every
 * element has the same digit, so the pass would change nothing.
 */
function countingPass(
  from: Int32Array,
  to: Int32Array,
  n: number,
  counts: Int32Array,
  digit: (i: number) => number,
  radix: number,
): boolean {
  counts.fill(0, 0, radix);
  for (let k = 0; k < n; k++) counts[digit(from[k]!)]!++;
  for (let d = 0; d < radix; d++) {
    const c = counts[d]!;
    if (c === n) return false;
    if (c !== 0) break;
  }
  let sum = 0;
  for (let d = 0; d < radix; d++) {
    const c = counts[d]!;
    counts[d] = sum;
    sum += c;
  }
  for (let k = 0; k < n; k++) {
    const i = from[k]!;
    to[counts[digit(i)]!++] = i;
  }
  return true;
}

/** Sorts, by full comparison, each run of keys longer than `width` that agree on their first `width` bytes. */
function finishLongKeys(
  keys: readonly Uint8Array[],
  ids: Int32Array,
  order: Int32Array,
  n: number,
  matrix: Uint8Array,
  width: number,
  lens: Int32Array,
): void {
  const sameRow = (a: number, b: number): boolean => {
    for (let j = 0; j < width; j++) if (matrix[a * width + j] !== matrix[b * width + j]) return false;
    return true;
  };
  for (let start = 0; start < n;) {
    let end = start + 1;
    if (lens[order[start]!]! > width) {
      while (end < n && lens[order[end]!]! > width && sameRow(order[start]!, order[end]!)) end++;
    }
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end));
      run.sort((a, b) => compareBytes(keys[ids[a]!]!, keys[ids[b]!]!));
      order.set(run, start);
    }
    start = end;
  }
}
