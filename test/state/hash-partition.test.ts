import { describe, expect, it } from 'vitest';
import { hashPartition, murmur3 } from '../../src/state/hash-partition.js';
import { SluiceError } from '../../src/types/errors.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('murmur3 (x86, 32-bit)', () => {
  // Published reference vectors of MurmurHash3_x86_32 (empty input, every tail length, seeds).
  it.each([
    [bytes(), 0, 0],
    [bytes(), 1, 0x514e28b7],
    [bytes(), 0xffffffff, 0x81f16f39],
    [bytes(), 42, 0x087fcd5c],
    [bytes(0, 0, 0, 0), 0, 0x2362f9de],
    [bytes(0xff, 0xff, 0xff, 0xff), 0, 0x76293b50],
    [bytes(0x21, 0x43, 0x65, 0x87), 0, 0xf55b516b],
    [bytes(0x21, 0x43, 0x65, 0x87), 0x5082edee, 0x2362f9de],
    [bytes(0x21, 0x43, 0x65), 0, 0x7e4a8634],
    [text('R'), 0, 0x79b365c1],
    [text('Hello world'), 0, 2911983372],
  ])('hash of %o with seed %d is %d', (input, seed, expected) => {
    expect(murmur3(input, seed)).toBe(expected);
  });
});

describe('hashPartition', () => {
  it('is the murmur3 hash modulo the partition count, and stable', () => {
    const k = text('Hello world');
    expect(hashPartition(k, 4)).toBe(2911983372 % 4);
    expect(hashPartition(k, 7)).toBe(2911983372 % 7);
    expect(hashPartition(Uint8Array.from(k), 7)).toBe(hashPartition(k, 7));
    expect(hashPartition(k, 1)).toBe(0);
  });

  it('hashes a view by its own bytes, not its whole buffer, and a range of a packed buffer the same way', () => {
    const whole = text('xxHello worldyy');
    expect(hashPartition(whole.subarray(2, 13), 1000)).toBe(2911983372 % 1000);
    expect(hashPartition(whole, 1000, 2, 13)).toBe(2911983372 % 1000);
    expect(murmur3(whole, 0x21, 2, 13)).toBe(murmur3(text('Hello world'), 0x21));
  });

  it('spreads keys evenly', () => {
    const counts = new Array<number>(8).fill(0);
    const key = new Uint8Array(8);
    const view = new DataView(key.buffer);
    for (let i = 0; i < 80_000; i++) {
      view.setFloat64(0, i);
      counts[hashPartition(key, 8)]!++;
    }
    for (const c of counts) {
      expect(c).toBeGreaterThan(9_500);
      expect(c).toBeLessThan(10_500);
    }
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => hashPartition(text('a'), 0)).toThrow(SluiceError);
    expect(() => hashPartition(text('a'), 2.5)).toThrow(/positive integer/);
  });
});
