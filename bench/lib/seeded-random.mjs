/**
 * A seeded pseudo-random generator of 32-bit unsigned integers (xorshift32 with a splitmix-style seed scramble),
 * so every run and both engines see exactly the same generated data. Not for cryptography.
 */

/** @param {number} seed @returns {{ next(): number; below(bound: number): number }} */
export function seededRandom(seed) {
  let s = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  s ^= s >>> 13;
  if (s === 0) s = 0x6d2b79f5;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  // `below` uses the high bits through a multiply, which are better mixed than the low bits of xorshift.
  return { next, below: (bound) => Math.floor((next() / 4294967296) * bound) };
}
