/**
 * Grow-only scratch arrays for the store's synchronous inner steps (sorting keys, copying values into key order,
 * merging pages). A batch of a million keys would otherwise allocate a few hundred MB of short-lived typed
 * arrays, and V8 answers every few tens of MB of new ArrayBuffer memory with a full garbage collection, which
 * marks the whole heap — the operator's millions of objects included.
 *
 * A scratch array is valid until the next request for the same slot, so a caller uses it only within one
 * synchronous stretch of code, never across an `await`: then no other store can run in between and overwrite
 * it. Slots larger than MAX_KEPT_BYTES are allocated afresh each time and not kept, which bounds what the
 * process holds on to between batches.
 */

export type ScratchSlot =
  | 'sortKeys' | 'sortOffsets' | 'sortRanks' | 'sortWords' | 'sortPairs' | 'radixCounts' | 'radixWords' | 'radixRows'
  | 'lookupStarts' | 'lookupEnds'
  | 'values' | 'valueRanks' | 'valueStarts' | 'valueEnds'
  | 'runBytes' | 'runStarts';

const MAX_KEPT_BYTES = 16 * 1024 * 1024;

const kept = new Map<ScratchSlot, ArrayBuffer>();

function buffer(slot: ScratchSlot, bytes: number): ArrayBuffer {
  const have = kept.get(slot);
  if (have !== undefined && have.byteLength >= bytes) return have;
  // Grow by half again, so a slowly growing batch size does not reallocate every time.
  const size = Math.max(bytes, Math.min(MAX_KEPT_BYTES, Math.ceil((have?.byteLength ?? 0) * 1.5)));
  const fresh = new ArrayBuffer(size);
  if (size <= MAX_KEPT_BYTES) kept.set(slot, fresh);
  return fresh;
}

/** A scratch Uint8Array of `n` elements (contents undefined). */
export function scratchBytes(slot: ScratchSlot, n: number): Uint8Array {
  return new Uint8Array(buffer(slot, n), 0, n);
}

/** A scratch Int32Array of `n` elements (contents undefined). */
export function scratchInts(slot: ScratchSlot, n: number): Int32Array {
  return new Int32Array(buffer(slot, n * 4), 0, n);
}

/** A scratch Uint32Array of `n` elements (contents undefined). */
export function scratchUints(slot: ScratchSlot, n: number): Uint32Array {
  return new Uint32Array(buffer(slot, n * 4), 0, n);
}

/** A scratch BigUint64Array of `n` elements (contents undefined). */
export function scratchWords(slot: ScratchSlot, n: number): BigUint64Array {
  return new BigUint64Array(buffer(slot, n * 8), 0, n);
}
