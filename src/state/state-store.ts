/**
 * The state store contract (DESIGN.md §5): one store per (operator, partition), opened at a version. The store
 * knows bytes, versions and partitions — not operators or rows; operators encode their keys and values.
 *
 * Version n+1 is written by micro-batch n; version 0 is empty. A batch opens its stores at version n
 * (`StateStoreManager.getStore`), reads with `getMany` once per distinct key, buffers `put`/`remove` in memory,
 * and commits — normally all stores of the batch together with `StateStoreManager.commitAll`, so the batch's
 * state lands atomically. A store whose batch failed is `abort`ed: nothing it buffered becomes visible.
 *
 * ```ts
 * const manager = await StateStoreManager.open(`${checkpoint}/state`);
 * const store = await manager.getStore(0, hashPartition(key, 4), batchId);
 * const [old] = await store.getMany([key]);
 * store.put(key, merge(old, delta));
 * await manager.commitAll([store]);        // version batchId + 1 is now durable
 * await manager.close();
 * ```
 *
 * A batch of many keys, without an object per key: keys and values packed into one buffer each.
 * ```ts
 * const keys = { bytes: keyBytes, offsets: keyOffsets };       // key i = keyBytes[keyOffsets[i], keyOffsets[i + 1])
 * const old = await store.getManyPacked(keys);                 // old.starts[i] < 0: key i is absent
 * const previous = old.starts[0] < 0 ? undefined : old.bytes.subarray(old.starts[0], old.ends[0]);
 * store.putManyPacked(keys, { bytes: valueBytes, offsets: valueOffsets });
 * ```
 *
 * Arrays passed to `getMany`, `put` and `remove` (and the buffers of packed keys and values) belong to the store
 * from then on (they are kept, not copied), and arrays it returns may be shared with its cache: neither side may
 * modify them.
 *
 * Batches of many keys go fastest when the keys are read once with `getMany` (or `getManyPacked`) and then
 * written with `put` in the same order (or with `putManyPacked` and the same packed keys): the store then needs
 * no hash lookup per key.
 */

/**
 * Byte strings packed into one buffer: item i is `bytes[offsets[i], offsets[i + 1])`, so `offsets` has one entry
 * more than there are items.
 */
export interface PackedBytes {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

/**
 * Values for packed keys: value i is `bytes[starts[i], ends[i])`, or absent when starts[i] is -1. The values
 * need not lie in the order of the keys (the store writes them in the order it finds them).
 */
export interface PackedValues {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export interface StateStoreMetrics {
  /** Keys in the store including this batch's changes (exact after `numKeys()` or commit; see the store). */
  readonly numKeys: number;
  /** Memory held for this partition: buffered changes, the rollback overlay and its share of the key cache. */
  readonly memoryUsedBytes: number;
  /** Distinct keys this batch put. */
  readonly numUpdated: number;
  /** Distinct keys this batch removed that existed (before commit, removals of never-read keys count too). */
  readonly numRemoved: number;
}

export interface StateStore {
  readonly operatorId: number;
  readonly partitionId: number;
  /** The version this store was opened at; `commit` writes `version + 1`. */
  readonly version: number;

  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /**
   * The values of many keys in one round trip (undefined = absent), in order; sees this batch's own changes.
   * The keys are sorted once; the pages they fall into that are not cached are read in one multi-get.
   */
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  /**
   * `getMany` for keys packed in one buffer, answering the same way: no object per key on either side, which
   * is what a batch of many keys wants (a million small arrays cost more to allocate and collect than the
   * lookups themselves). The returned buffer is the caller's.
   */
  getManyPacked(keys: PackedBytes): Promise<PackedValues>;
  /** Buffers a write; visible to this store's reads at once, to everyone else after commit. */
  put(key: Uint8Array, value: Uint8Array): void;
  /** `put` of every packed key i with packed value i. */
  putManyPacked(keys: PackedBytes, values: PackedBytes): void;
  /** Buffers a removal (of a key that may or may not exist). */
  remove(key: Uint8Array): void;
  /**
   * Every live entry at this version with this batch's changes applied, in ascending byte order of keys.
   * Streams from LevelDB (it never holds the whole state in memory). Start iterating before commit; changes made
   * while iterating are not reflected (the iteration works on what the store held when it started).
   */
  iterator(): AsyncIterable<[Uint8Array, Uint8Array]>;
  /** This batch's changes, one per distinct key: the new value, or undefined for a removal. */
  updates(): Iterable<[Uint8Array, Uint8Array | undefined]>;
  /** Atomically writes this store's changes as version `version + 1` and returns that version. */
  commit(): Promise<number>;
  /** Discards the buffered changes; the store is unusable afterwards. A no-op after commit or abort. */
  abort(): void;
  /** The exact number of keys at this version with this batch's changes applied. */
  numKeys(): Promise<number>;
  metrics(): StateStoreMetrics;
}
