/**
 * Hash and digest functions. `hash(…)` is Spark's: Murmur3 x86_32 with seed 42, folded over the arguments
 * (each argument's hash seeds the next, a NULL leaves the seed unchanged), over Spark's binary forms: INT, DATE
 * and BOOLEAN as ints, BIGINT and TIMESTAMP as longs, DOUBLE by its bits, DECIMAL as its unscaled long (up to
 * 18 digits) or the two's-complement bytes of its unscaled integer, STRING as UTF-8, arrays and structs
 * element by element. md5/sha1/sha2 are hex digests of the UTF-8 bytes (or binary); crc32 is unsigned.
 */
import { createHash } from 'node:crypto';
import type { DataType, Interval } from '../../types/data-type.js';
import { allocFixed, makeColumn, type FixedData } from '../column.js';
import { buildColumn, reader } from './column-kernels.js';
import { unscaledOf } from './decimal-math.js';
import { hashBytes, hashDouble, hashInt, hashLong, hashString } from './murmur3.js';
import type { ScalarImpl } from './scalar-impl.js';

const SEED = 42;

/** Two's-complement big-endian bytes of a bigint, minimal length (Java's BigInteger.toByteArray). */
function bigIntBytes(v: bigint): Uint8Array {
  const width = Math.ceil((v.toString(2).replace('-', '').length + 1) / 8);
  const hex = BigInt.asUintN(8 * width, v).toString(16).padStart(2 * width, '0');
  let bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  while (bytes.length > 1 && ((bytes[0] === 0 && bytes[1]! < 0x80) || (bytes[0] === 0xff && bytes[1]! >= 0x80))) bytes = bytes.subarray(1);
  return bytes;
}

/** The hash of one non-null value of `t` with `seed`. */
function valueHasher(t: DataType): (v: unknown, seed: number) => number {
  switch (t.kind) {
    case 'boolean': return (v, seed) => hashInt(v ? 1 : 0, seed);
    case 'int': case 'date': return (v, seed) => hashInt(v as number, seed);
    case 'bigint': case 'timestamp': return (v, seed) => hashLong(v as number, seed);
    case 'double': return (v, seed) => hashDouble(v as number, seed);
    case 'decimal': {
      const { precision, scale } = t;
      if (precision <= 18) return (v, seed) => hashLong(Number(unscaledOf(v as number, scale)), seed);
      return (v, seed) => { const b = bigIntBytes(unscaledOf(v as number, scale)); return hashBytes(b, b.length, seed); };
    }
    case 'string': return (v, seed) => hashString(v as string, seed);
    case 'binary': return (v, seed) => { const b = v as Uint8Array; return hashBytes(b, b.length, seed); };
    case 'interval': return (v, seed) => {
      const iv = v as Interval;
      return hashLong(iv.micros, hashInt(iv.days, hashInt(iv.months, seed)));
    };
    case 'array': {
      const e = valueHasher(t.element);
      return (v, seed) => {
        let h = seed;
        for (const x of v as unknown[]) if (x !== null && x !== undefined) h = e(x, h);
        return h;
      };
    }
    case 'map': {
      const k = valueHasher(t.key), val = valueHasher(t.value);
      return (v, seed) => {
        let h = seed;
        for (const [key, x] of v as Map<unknown, unknown>) {
          if (key !== null) h = k(key, h);
          if (x !== null && x !== undefined) h = val(x, h);
        }
        return h;
      };
    }
    case 'struct': {
      const names = t.fields.map((f) => f.name), hashers = t.fields.map((f) => valueHasher(f.type));
      return (v, seed) => {
        const o = v as Record<string, unknown>;
        let h = seed;
        for (let k = 0; k < names.length; k++) {
          const x = o[names[k]!];
          if (x !== null && x !== undefined) h = hashers[k]!(x, h);
        }
        return h;
      };
    }
    case 'null': return (_v, seed) => seed;
  }
}

const hash: ScalarImpl = (args, n, t) => {
  const out = allocFixed(t, n) as Int32Array;
  out.fill(SEED);
  for (const c of args) {
    const nulls = c.nulls;
    if (c.type.kind === 'int' || c.type.kind === 'date') {
      const d = c.data as FixedData;
      for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i] = hashInt(d[i]!, out[i]!);
    } else if (c.type.kind === 'string') {
      const d = c.data as (string | null)[];
      for (let i = 0; i < n; i++) { const s = d[i]; if (s !== null && s !== undefined) out[i] = hashString(s, out[i]!); }
    } else {
      const h = valueHasher(c.type), r = reader(c);
      for (let i = 0; i < n; i++) { const v = r(i); if (v !== null) out[i] = h(v, out[i]!); }
    }
  }
  return makeColumn(t, out);
};

const encoder = new TextEncoder();
const bytesOf = (v: unknown): Uint8Array => (typeof v === 'string' ? encoder.encode(v) : (v as Uint8Array));

function digest(algorithm: (bits: number) => string | null): ScalarImpl {
  return (args, n, t) => {
    const r = reader(args[0]!);
    const bits = args[1] ? reader(args[1]) : null;
    return buildColumn(t, n, (i) => {
      const v = r(i);
      const b = bits === null ? 0 : bits(i);
      if (v === null || b === null) return null;
      const alg = algorithm(b as number);
      return alg === null ? null : createHash(alg).update(bytesOf(v)).digest('hex');
    });
  };
}

const sha2Algorithms: Readonly<Record<number, string>> = { 0: 'sha256', 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' };

const crcTable = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c;
  }
  return table;
})();

function crc32(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

export const hashFunctions: Readonly<Record<string, ScalarImpl>> = {
  hash,
  md5: digest(() => 'md5'),
  sha1: digest(() => 'sha1'),
  sha2: digest((bits) => sha2Algorithms[bits] ?? null),
  crc32: (args, n, t) => {
    const r = reader(args[0]!);
    return buildColumn(t, n, (i) => { const v = r(i); return v === null ? null : crc32(bytesOf(v)); });
  },
};
