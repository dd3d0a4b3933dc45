/**
 * Ordering of non-null values of any type, as Spark orders them: numbers numerically with NaN greater than
 * every other number, strings by code point, booleans false < true, arrays and structs element by element.
 */
import type { DataType, Interval } from '../types/data-type.js';

export function compareValues(a: unknown, b: unknown, t: DataType): number {
  switch (t.kind) {
    case 'boolean': return (a ? 1 : 0) - (b ? 1 : 0);
    case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp':
      return compareNumbers(a as number, b as number);
    case 'string': return compareStrings(a as string, b as string);
    case 'binary': return Buffer.compare(a as Uint8Array, b as Uint8Array);
    case 'interval': {
      const x = a as Interval, y = b as Interval;
      return compareNumbers(x.months, y.months) || compareNumbers(x.days, y.days) || compareNumbers(x.micros, y.micros);
    }
    case 'array': {
      const x = a as unknown[], y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareNullable(x[i], y[i], t.element, true);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 'struct': {
      const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
      for (const f of t.fields) {
        const c = compareNullable(x[f.name], y[f.name], f.type, true);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: return 0;
  }
}

/** With nulls: first (nullsFirst) or last. */
export function compareNullable(a: unknown, b: unknown, t: DataType, nullsFirst: boolean): number {
  const an = a === null || a === undefined, bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? (nullsFirst ? -1 : 1) : nullsFirst ? 1 : -1;
  return compareValues(a, b, t);
}

export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a, bn = b !== b;
  return an && bn ? 0 : an ? 1 : -1;
}

/** Code-point order (JS `<` compares UTF-16 units, which misorders characters beyond the BMP). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Equality for IN lists and <=> on complex types. */
export function valuesEqual(a: unknown, b: unknown, t: DataType): boolean {
  if (t.kind === 'double') return (a as number) === (b as number) || ((a as number) !== (a as number) && (b as number) !== (b as number));
  return compareValues(a, b, t) === 0;
}
