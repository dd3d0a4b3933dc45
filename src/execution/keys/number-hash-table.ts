/**
 * An open-addressing hash table from numbers (doubles, so integers up to 2^53 and any float) to dense ids
 * 0, 1, 2, … in order of first insertion. The hot path of grouping, distinct and join: no allocation per
 * lookup, linear probing over typed arrays. -0 and 0 are one key; NaN is one key (as Spark groups them).
 */
export class NumberHashTable {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  private count = 0;
  /** Insertion order of keys, so id → key is a plain array read. */
  private ordered: Float64Array;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.ordered = new Float64Array(Math.max(16, expected));
  }

  get size(): number { return this.count; }

  /** The key that was given id `id`. */
  keyOf(id: number): number { return this.ordered[id]!; }

  /** The id of `key`, inserting it when new. */
  insert(key: number): number {
    if (key !== key) key = NaN; // normalise NaN payloads
    else if (key === 0) key = 0; // -0 → 0
    const keys = this.keys, ids = this.ids, mask = this.mask;
    let slot = hashNumber(key) & mask;
    for (;;) {
      const id = ids[slot]!;
      if (id === -1) break;
      const k = keys[slot]!;
      if (k === key || (k !== k && key !== key)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    keys[slot] = key;
    ids[slot] = id;
    if (id >= this.ordered.length) {
      const grown = new Float64Array(this.ordered.length * 2);
      grown.set(this.ordered);
      this.ordered = grown;
    }
    this.ordered[id] = key;
    if (this.count * 2 > mask) this.grow();
    return id;
  }

  /** The id of `key`, or -1. */
  find(key: number): number {
    if (key === 0) key = 0;
    const keys = this.keys, ids = this.ids, mask = this.mask;
    let slot = hashNumber(key) & mask;
    for (;;) {
      const id = ids[slot]!;
      if (id === -1) return -1;
      const k = keys[slot]!;
      if (k === key || (k !== k && key !== key)) return id;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys, oldIds = this.ids;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const id = oldIds[s]!;
      if (id === -1) continue;
      const k = oldKeys[s]!;
      let slot = hashNumber(k) & this.mask;
      while (this.ids[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = k;
      this.ids[slot] = id;
    }
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A well-mixed 32-bit hash of a double (integers hash through a multiply-shift; others through their bits). */
export function hashNumber(key: number): number {
  if ((key | 0) === key) {
    let h = Math.imul(key, 0x9e3779b1);
    h ^= h >>> 16;
    return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
  }
  f64[0] = key;
  let h = Math.imul(u32[0]! ^ Math.imul(u32[1]!, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}
