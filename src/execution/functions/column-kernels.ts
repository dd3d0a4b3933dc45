/**
 * Loops shared by the function implementations: reading a column's values row by row, building a result column
 * of any type from a per-row function, and combining null masks. Hot functions use the typed arrays directly;
 * these helpers serve the rest without allocating per row.
 */
import { isFixedWidth, type DataType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';

/** Values of a non-fixed-width column (strings, arrays, …) with `null` for NULL. */
export type ValueData<T> = (T | null)[];

/** A row reader returning the JS value at row i (booleans as booleans) or null. */
export function reader(c: Column): (i: number) => unknown {
  const d = c.data, nulls = c.nulls;
  if (!ArrayBuffer.isView(d)) {
    const values = d as unknown[];
    return (i) => values[i] ?? null;
  }
  const fixed = d as FixedData;
  if (c.type.kind === 'boolean') return nulls ? (i) => (nulls[i] === 1 ? null : fixed[i] === 1) : (i) => fixed[i] === 1;
  return nulls ? (i) => (nulls[i] === 1 ? null : fixed[i]!) : (i) => fixed[i]!;
}



/** Builds a column of `type` from `f(i)` for each row; null or undefined from f is NULL. */
export function buildColumn(type: DataType, n: number, f: (i: number) => unknown): Column {
  if (!isFixedWidth(type)) {
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i) ?? null;
    return makeColumn(type, out);
  }
  const data = allocFixed(type, n);
  let nulls: Uint8Array | null = null;
  const isBool = type.kind === 'boolean';
  for (let i = 0; i < n; i++) {
    const v = f(i);
    if (v === null || v === undefined) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else {
      data[i] = isBool ? (v ? 1 : 0) : (v as number);
    }
  }
  return makeColumn(type, data, nulls);
}

/** 1 where any of `cols` is NULL at that row; null when none has a NULL. */
export function unionNulls(cols: readonly Column[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const c of cols) {
    if (c.nulls !== null) {
      if (out === null) out = new Uint8Array(n);
      const m = c.nulls;
      for (let i = 0; i < n; i++) out[i]! |= m[i]!;
    } else if (!ArrayBuffer.isView(c.data)) {
      const d = c.data as unknown[];
      for (let i = 0; i < n; i++) {
        if (d[i] === null || d[i] === undefined) {
          if (out === null) out = new Uint8Array(n);
          out[i] = 1;
        }
      }
    }
  }
  return out;
}


/** f(i) for the rows where no argument is NULL; NULL elsewhere (most functions' NULL handling). */
export function mapRows(args: readonly Column[], n: number, type: DataType, f: (i: number) => unknown): Column {
  const mask = unionNulls(args, n);
  return buildColumn(type, n, mask === null ? f : (i) => (mask[i] === 1 ? null : f(i)));
}

/** The string array of a string column. */
export function strings(c: Column): ValueData<string> {
  return c.data as ValueData<string>;
}

/** Whether row i of a column is NULL. */
export function nullAt(c: Column, i: number): boolean {
  return c.nulls !== null ? c.nulls[i] === 1 : !ArrayBuffer.isView(c.data) && ((c.data as unknown[])[i] ?? null) === null;
}


/** f over one numeric column into `type`; f returns null for NULL. */
export function mapNumbers(c: Column, n: number, type: DataType, f: (x: number) => number | null): Column {
  const src = c.data as FixedData;
  const srcNulls = c.nulls;
  const out = allocFixed(type, n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (srcNulls !== null && srcNulls[i] === 1) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
      continue;
    }
    const r = f(src[i]!);
    if (r === null) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else {
      out[i] = r;
    }
  }
  return makeColumn(type, out, nulls);
}

/** f over two numeric columns into `type`. */
export function mapNumbers2(a: Column, b: Column, n: number, type: DataType, f: (x: number, y: number) => number | null): Column {
  const da = a.data as FixedData, db = b.data as FixedData;
  let nulls = unionNulls([a, b], n);
  const out = allocFixed(type, n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const r = f(da[i]!, db[i]!);
    if (r === null) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else {
      out[i] = r;
    }
  }
  return makeColumn(type, out, nulls);
}
