/**
 * Spark's ordering of values of one type, for greatest/least and sort_array: numbers numerically with NaN
 * above everything (and -0.0 equal to 0.0), strings by code point (the order of their UTF-8 bytes), binary by
 * unsigned bytes, booleans false < true, arrays and structs element by element with NULL first.
 */
import type { DataType } from '../../types/data-type.js';

export type Comparator = (a: unknown, b: unknown) => number;

export function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a), bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

/** Compares two strings by code point, which orders them as their UTF-8 bytes (unlike JS's `<`). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+D800–DFFF) encode code points above U+FFFF: they sort after U+E000–FFFF.
      const fx = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
      const fy = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
      return fx < fy ? -1 : 1;
    }
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** NULL sorts first. */
function withNulls(cmp: Comparator): Comparator {
  return (a, b) => {
    const an = a === null || a === undefined, bn = b === null || b === undefined;
    if (an || bn) return an && bn ? 0 : an ? -1 : 1;
    return cmp(a, b);
  };
}

/** A comparator for non-null values of `type` (nested NULLs sort first). */
export function comparatorFor(type: DataType): Comparator {
  switch (type.kind) {
    case 'string': return (a, b) => compareStrings(a as string, b as string);
    case 'binary': return (a, b) => compareBytes(a as Uint8Array, b as Uint8Array);
    case 'boolean': return (a, b) => Number(a) - Number(b);
    case 'interval': return () => 0;
    case 'array': {
      const e = withNulls(comparatorFor(type.element));
      return (a, b) => {
        const x = a as unknown[], y = b as unknown[];
        const n = Math.min(x.length, y.length);
        for (let i = 0; i < n; i++) { const c = e(x[i], y[i]); if (c !== 0) return c; }
        return x.length - y.length;
      };
    }
    case 'struct': {
      const names = type.fields.map((f) => f.name);
      const cmps = type.fields.map((f) => withNulls(comparatorFor(f.type)));
      return (a, b) => {
        const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
        for (let i = 0; i < names.length; i++) { const c = cmps[i]!(x[names[i]!], y[names[i]!]); if (c !== 0) return c; }
        return 0;
      };
    }
    case 'map': return () => 0;
    default: return (a, b) => compareDoubles(a as number, b as number);
  }
}
