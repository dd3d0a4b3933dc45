/**
 * An insertion-ordered set of byte-string keys that hands out dense entry ids (0, 1, 2, ... in insertion order),
 * so callers keep what they know about a key in parallel arrays indexed by id. It is what a store's change
 * buffer and rollback overlay are keyed by.
 *
 * A key is a range of a byte array — `bytes[id]` from `starts[id]` to `ends[id]` — so keys that arrived packed
 * in one buffer need no object each, and keys that arrived as arrays of their own are kept, not copied.
 *
 * Open addressing with linear probing over an Int32Array of ids, with each key's hash kept in another: a lookup
 * costs one hash of the key and, almost always, one byte comparison — no per-key strings or Map entries.
 *
 * The hash is MurmurHash3 with a seed other than the partitioning one: keys of one state partition all agree on
 * the partitioning hash modulo the partition count, which would leave most slots of a power-of-two table unused.
 *
 * ```ts
 * const t = new ByteKeyTable();
 * const id = t.findOrAdd(key, 0, key.length);   // id === t.size - 1 when the key was new
 * t.find(key, 0, key.length) === id;            // -1 for keys never added
 * t.appendDistinct(packed.bytes, packed.offsets, n);  // ids size .. size + n - 1, hashed on the first lookup
 * ```
 */
import { murmur3 } from './hash-partition.js';

const SEED = 0x9747b28c;
const INITIAL_CAPACITY = 32;

/** Keys as ranges: key i is `bytes[i][starts[i], ends[i])`. */
export interface KeyRanges {
  readonly bytes: readonly Uint8Array[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export class ByteKeyTable implements KeyRanges {
  readonly bytes: Uint8Array[] = [];
  starts = new Int32Array(INITIAL_CAPACITY);
  ends = new Int32Array(INITIAL_CAPACITY);
  private hashes = new Int32Array(INITIAL_CAPACITY);
  /** Entry id + 1 per slot; 0 = empty. At most half full. */
  private slots = new Int32Array(INITIAL_CAPACITY * 2);
  /** Keys with ids below this are in the slots; later ones were appended unhashed. */
  private indexed = 0;

  get size(): number {
    return this.bytes.length;
  }

  /** The key of entry `id` as a view (an allocation: for the slow paths). */
  key(id: number): Uint8Array {
    const bytes = this.bytes[id]!;
    const start = this.starts[id]!;
    const end = this.ends[id]!;
    return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  }

  /**
   * Appends n keys known to be distinct and absent, without hashing them: a caller that reads a batch's keys
   * once and then writes them in the same order never needs the hash index, which is built on the first lookup.
   * `offsets` packs them into `packed` (key i is packed[offsets[i], offsets[i + 1])); with `packed` an array of
   * key arrays instead, key i is all of packed[i].
   */
  appendDistinct(packed: Uint8Array | readonly Uint8Array[], offsets: Int32Array | undefined, n: number): void {
    const base = this.bytes.length;
    this.reserve(base + n);
    if (packed instanceof Uint8Array) {
      for (let i = 0; i < n; i++) this.bytes.push(packed);
      this.starts.set(offsets!.subarray(0, n), base);
      this.ends.set(offsets!.subarray(1, n + 1), base);
    } else {
      for (let i = 0; i < n; i++) {
        const key = packed[i]!;
        this.bytes.push(key);
        this.starts[base + i] = 0;
        this.ends[base + i] = key.length;
      }
    }
  }

  /** The id of the key `bytes[start, end)`, or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    if (this.indexed < this.bytes.length) this.indexRest();
    const h = murmur3(bytes, SEED, start, end) | 0;
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!;
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] === h && this.equals(id, bytes, start, end)) return id;
    }
  }

  /**
   * The id of the key `bytes[start, end)`, adding it (as id `size`) when absent. The table keeps `bytes`; the
   * range must not change.
   */
  findOrAdd(bytes: Uint8Array, start: number, end: number): number {
    if (this.indexed < this.bytes.length) this.indexRest();
    const h = murmur3(bytes, SEED, start, end) | 0;
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!;
      if (slot === 0) break;
      const id = slot - 1;
      if (this.hashes[id] === h && this.equals(id, bytes, start, end)) return id;
    }
    const id = this.bytes.length;
    this.reserve(id + 1);
    this.bytes.push(bytes);
    this.starts[id] = start;
    this.ends[id] = end;
    this.hashes[id] = h;
    this.indexed = id + 1;
    this.slots[s] = id + 1;
    if ((id + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return id;
  }

  private equals(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    const own = this.bytes[id]!;
    const ownStart = this.starts[id]!;
    const n = end - start;
    if (this.ends[id]! - ownStart !== n) return false;
    for (let i = 0; i < n; i++) if (own[ownStart + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Hashes the keys appended by appendDistinct into the index. */
  private indexRest(): void {
    const n = this.bytes.length;
    for (let id = this.indexed; id < n; id++) {
      this.hashes[id] = murmur3(this.bytes[id]!, SEED, this.starts[id]!, this.ends[id]!) | 0;
    }
    this.indexed = n;
    let slots = this.slots.length;
    while (n * 2 > slots) slots *= 2;
    this.rehash(slots);
  }

  private reserve(capacity: number): void {
    if (capacity <= this.hashes.length) return;
    const size = Math.max(capacity, this.hashes.length * 2);
    this.starts = grow(this.starts, size);
    this.ends = grow(this.ends, size);
    this.hashes = grow(this.hashes, size);
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    const hashes = this.hashes;
    for (let id = 0; id < this.indexed; id++) {
      let s = hashes[id]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `a` with room for `size` elements. */
export function grow<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const grown = new (a.constructor as new (n: number) => T)(size);
  grown.set(a);
  return grown;
}
