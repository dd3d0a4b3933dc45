/**
 * Spreads keys over state partitions. The hash is MurmurHash3 (x86, 32-bit, seed 0) over the key bytes: fast,
 * well mixed, and the same on every platform and run — a key must land in the same partition after a restart,
 * because the partition count is fixed in the checkpoint and each partition's state lives under its own id.
 *
 * ```ts
 * const part = hashPartition(new TextEncoder().encode('user-42'), 4); // 0..3, always the same for these bytes
 * hashPartition(packed, 4, 10, 17);                                    // the same for the key packed[10, 17)
 * ```
 */
import { runtimeError } from '../types/errors.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3 x86 32-bit of `bytes[start, end)` with `seed`, as an unsigned 32-bit integer. */
export function murmur3(bytes: Uint8Array, seed = 0, start = 0, end = bytes.length): number {
  const len = end - start;
  const blocks = start + (len & ~3);
  let h = seed | 0;
  for (let i = start; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail !== 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2]! << 16;
    if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The state partition (0 ≤ p < numPartitions) that owns the key `key[start, end)` (all of `key` by default). */
export function hashPartition(key: Uint8Array, numPartitions: number, start = 0, end: number = key.length): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw runtimeError(`the number of state partitions must be a positive integer, got ${numPartitions}`);
  }
  return murmur3(key, 0, start, end) % numPartitions;
}
