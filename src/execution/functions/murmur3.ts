/**
 * Murmur3 x86 32-bit, in the variant Spark's `hash()` uses: integers and longs are mixed as one or two 4-byte
 * blocks, byte strings as little-endian 4-byte blocks followed by each remaining byte mixed on its own as a
 * sign-extended int (Spark's `hashUnsafeBytes`, which differs from the reference tail handling).
 */

const C1 = 0xcc9e2d51, C2 = 0x1b873593;

function mixK1(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH1(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function hashInt(v: number, seed: number): number {
  return fmix(mixH1(seed, mixK1(v | 0)), 4);
}

/** A 64-bit value given as its low and high 32-bit halves. */
function hashLongParts(low: number, high: number, seed: number): number {
  const h = mixH1(seed, mixK1(low | 0));
  return fmix(mixH1(h, mixK1(high | 0)), 8);
}

/** An integral value held in a double (exact within ±2^53), as a Java long. */
export function hashLong(v: number, seed: number): number {
  return hashLongParts(v | 0, Math.floor(v / 4294967296) | 0, seed);
}

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

/** A double by its IEEE bits, -0.0 as 0.0 and every NaN as the canonical NaN (Java's doubleToLongBits). */
export function hashDouble(v: number, seed: number): number {
  f64[0] = v === 0 ? 0 : Number.isNaN(v) ? NaN : v;
  return hashLongParts(f64Words[0]!, f64Words[1]!, seed);
}

export function hashBytes(b: Uint8Array, length: number, seed: number): number {
  const aligned = length - (length % 4);
  let h = seed;
  for (let i = 0; i < aligned; i += 4) {
    h = mixH1(h, mixK1(b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)));
  }
  for (let i = aligned; i < length; i++) h = mixH1(h, mixK1((b[i]! << 24) >> 24));
  return fmix(h, length);
}

let scratch = new Uint8Array(256);
const encoder = new TextEncoder();

/** A string by its UTF-8 bytes, encoded into a reused buffer. */
export function hashString(s: string, seed: number): number {
  if (s.length * 3 > scratch.length) scratch = new Uint8Array(s.length * 3);
  const { written } = encoder.encodeInto(s, scratch);
  return hashBytes(scratch, written, seed);
}
