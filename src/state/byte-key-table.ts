/**
 * An insertion-ordered set of byte-string keys that hands out dense entry ids (0, 1, 2, ... in insertion order),
 * so callers keep what they know about a key in parallel arrays indexed by id. It is what a store's change
 * buffer and rollback overlay are keyed by.
 *
 * Open addressing with linear probing over an Int32Array of ids, with each key's hash kept in another: a lookup
 * costs one hash of the key and, almost always, one byte comparison — no per-key strings or Map entries, and
 * nothing for the garbage collector beyond the key arrays themselves, which are kept, not copied.
 *
 * The hash is MurmurHash3 with a seed other than the partitioning one: keys of one state partition all agree on
 * the partitioning hash modulo the partition count, which would leave most slots of a power-of-two table unused.
 *
 * ```ts
 * const t = new ByteKeyTable();
 * const id = t.findOrAdd(key);             // id === t.size - 1 when the key was new
 * t.find(key) === id;                      // -1 for keys never added
 * ```
 */
import { murmur3 } from './hash-partition.js';

const SEED = 0x9747b28c;
const INITIAL_SLOTS = 64;

export class ByteKeyTable {
  /** The keys by entry id. */
  readonly keys: Uint8Array[] = [];
  private hashes = new Int32Array(INITIAL_SLOTS / 2);
  /** Entry id + 1 per slot; 0 = empty. At most half full. */
  private slots = new Int32Array(INITIAL_SLOTS);

  get size(): number {
    return this.keys.length;
  }

  /** The id of `key`, or -1. */
  find(key: Uint8Array): number {
    const h = murmur3(key, SEED) | 0;
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!;
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] === h && sameBytes(this.keys[id]!, key)) return id;
    }
  }

  /** The id of `key`, adding it (as id `size`) when absent. The table keeps `key`; it must not change. */
  findOrAdd(key: Uint8Array): number {
    const h = murmur3(key, SEED) | 0;
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!;
      if (slot === 0) break;
      const id = slot - 1;
      if (this.hashes[id] === h && sameBytes(this.keys[id]!, key)) return id;
    }
    const id = this.keys.length;
    this.keys.push(key);
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = h;
    this.slots[s] = id + 1;
    if ((id + 1) * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const hashes = this.hashes;
    for (let id = 0; id < this.keys.length; id++) {
      let s = hashes[id]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.slots = slots;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
