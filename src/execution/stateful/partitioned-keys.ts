/**
 * A batch's packed state keys split by state partition (murmur3 of the key bytes mod the number of partitions,
 * as every stateful operator places its keys), each partition's keys packed in one buffer of their own in batch
 * order, with the group each came from — what a partition's `getManyPacked` / `putManyPacked` take.
 */
import { hashPartition } from '../../state/hash-partition.js';
import type { PackedBytes } from '../../state/state-store.js';

export interface KeyPartition {
  readonly keys: PackedBytes;
  /** groups[k] is the index, in the batch's keys, of this partition's key k. */
  readonly groups: Int32Array;
}

export function partitionKeys(keys: PackedBytes, numPartitions: number): KeyPartition[] {
  const { bytes, offsets } = keys;
  const n = offsets.length - 1;
  const partOf = new Int32Array(n);
  const counts = new Int32Array(numPartitions);
  const sizes = new Int32Array(numPartitions);
  for (let g = 0; g < n; g++) {
    const p = hashPartition(bytes, numPartitions, offsets[g]!, offsets[g + 1]!);
    partOf[g] = p;
    counts[p]!++;
    sizes[p]! += offsets[g + 1]! - offsets[g]!;
  }
  const parts = Array.from({ length: numPartitions }, (_, p) => ({
    bytes: new Uint8Array(sizes[p]!), offsets: new Int32Array(counts[p]! + 1), groups: new Int32Array(counts[p]!),
  }));
  const filled = new Int32Array(numPartitions);
  for (let g = 0; g < n; g++) {
    const part = parts[partOf[g]!]!;
    const k = filled[partOf[g]!]!++;
    const start = offsets[g]!, end = offsets[g + 1]!;
    let at = part.offsets[k]!;
    for (let b = start; b < end; b++) part.bytes[at++] = bytes[b]!;
    part.offsets[k + 1] = at;
    part.groups[k] = g;
  }
  return parts.map((p) => ({ keys: { bytes: p.bytes, offsets: p.offsets }, groups: p.groups }));
}
