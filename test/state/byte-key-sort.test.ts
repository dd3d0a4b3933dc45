import { describe, expect, it } from 'vitest';
import { ByteKeyTable } from '../../src/state/byte-key-table.js';
import { sortKeys, sortPackedKeys } from '../../src/state/byte-key-sort.js';

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Sorts with sortKeys (keys added to a table, as the store does) and returns the keys as hex, in order. */
function sorted(keys: Uint8Array[]): { order: string[]; distinct: boolean } {
  const table = new ByteKeyTable();
  table.appendDistinct(keys, undefined, keys.length);
  const ids = Int32Array.from(keys, (_, i) => i);
  const s = sortKeys(table, ids, keys.length);
  const order: string[] = [];
  for (let k = 0; k < s.count; k++) {
    const key = Buffer.from(s.bytes.subarray(s.offsets[k]!, s.offsets[k + 1]!));
    expect(key.equals(Buffer.from(keys[s.ids[k]!]!))).toBe(true);
    expect(s.ids[k]).toBe(ids[s.positions[k]!]);
    order.push(key.toString('hex'));
  }
  return { order, distinct: s.distinct };
}

/** The reference order: LevelDB's bytewise comparator. */
function expected(keys: Uint8Array[]): string[] {
  return keys.map((k) => Buffer.from(k)).sort(Buffer.compare).map((b) => b.toString('hex'));
}

describe('sortKeys', () => {
  it('orders bytewise with a proper prefix first, zero bytes included', () => {
    const keys = ['', '00', '0000', '01', '0100', 'ff', '00ff', '000000000000000001', '0000000000000000']
      .map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
    expect(sorted(keys)).toEqual({ order: expected(keys), distinct: true });
  });

  it('orders many random keys with long shared stretches (few windows, then ids), and sees duplicates', () => {
    const random = rng(7);
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 20_000; i++) {
      // 16 bytes shared by all but a few values (window start/end), then an id of varying length.
      const window = Math.floor(random() * 3);
      const id = Math.floor(random() * 1_000_000);
      const k = new Uint8Array(17 + (id % 5));
      k.fill(0x42, 0, 14);
      k[14] = window;
      k[15] = window + 1;
      k[16] = 1;
      for (let j = 17; j < k.length; j++) k[j] = (id >>> (8 * (j - 17))) & 0xff;
      keys.push(k);
    }
    const result = sorted(keys);
    expect(result.order).toEqual(expected(keys));
    expect(result.distinct).toBe(new Set(result.order).size === keys.length);
    const unique = [...new Map(keys.map((k) => [Buffer.from(k).toString('hex'), k])).values()];
    expect(sorted(unique)).toEqual({ order: expected(unique), distinct: true });
  });

  it('orders random binary keys of any length, equal keys adjacent', () => {
    const random = rng(99);
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 5_000; i++) {
      const k = new Uint8Array(Math.floor(random() * 12));
      for (let j = 0; j < k.length; j++) k[j] = random() < 0.5 ? 0 : Math.floor(random() * 4);
      keys.push(k);
    }
    expect(sorted(keys)).toEqual({ order: expected(keys), distinct: false });
  });

  it('sorts packed keys of one width in place (many, by radix) and of mixed widths, and sees duplicates', () => {
    // 0x01 and the little-endian float64 of k: the grouping keys of a numeric GROUP BY.
    const n = 10_000;
    const bytes = new Uint8Array(n * 9);
    const view = new DataView(bytes.buffer);
    const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i * 9);
    for (let i = 0; i < n; i++) {
      bytes[i * 9] = 1;
      view.setFloat64(i * 9 + 1, (i * 7919) % 65_521, true);
    }
    const keys = Array.from({ length: n }, (_, i) => bytes.slice(i * 9, i * 9 + 9));
    const s = sortPackedKeys(bytes, offsets, n);
    const order = Array.from({ length: n }, (_, k) => {
      const key = Buffer.from(s.bytes.subarray(s.offsets[k]!, s.offsets[k + 1]!));
      expect(key.equals(Buffer.from(keys[s.positions[k]!]!))).toBe(true);
      return key.toString('hex');
    });
    expect(order).toEqual(expected(keys));
    expect(s.distinct).toBe(true);
    expect(s.ids).toBe(s.positions);
    // One key twice, among keys of other widths.
    const mixed = [...keys.slice(0, 5000), Uint8Array.of(1), Uint8Array.of(1, 0, 0), keys[1234]!];
    const packed = Buffer.concat(mixed);
    const mixedOffsets = new Int32Array(mixed.length + 1);
    mixed.forEach((k, i) => { mixedOffsets[i + 1] = mixedOffsets[i]! + k.length; });
    const m = sortPackedKeys(Uint8Array.from(packed), mixedOffsets, mixed.length);
    expect(m.distinct).toBe(false);
    expect(Array.from({ length: mixed.length }, (_, k) => Buffer.from(m.bytes.subarray(m.offsets[k]!, m.offsets[k + 1]!))
      .toString('hex'))).toEqual(expected(mixed));
  });
});
