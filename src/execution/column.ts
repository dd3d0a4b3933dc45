/**
 * A column of a batch. Fixed-width types live in typed arrays (BOOLEAN → Uint8Array of 0/1, INT and DATE →
 * Int32Array, BIGINT, DOUBLE, DECIMAL and TIMESTAMP → Float64Array) with a separate null mask (1 = null; `null`
 * when the column has no nulls; the value slot under a null is 0). Every other type lives in a JS array of values
 * (see data-type.ts for the representation) where `null` marks a null and `nulls` is always `null`.
 * Columns are immutable once built.
 */
import { isFixedWidth, type DataType } from '../types/data-type.js';

export type FixedData = Float64Array | Int32Array | Uint8Array;
export type ColumnData = FixedData | unknown[];

export interface Column {
  readonly type: DataType;
  readonly length: number;
  readonly data: ColumnData;
  readonly nulls: Uint8Array | null;
}

export function makeColumn(type: DataType, data: ColumnData, nulls: Uint8Array | null = null): Column {
  return { type, length: data.length, data, nulls };
}

/** The typed array kind that holds values of a fixed-width type. */
export function allocFixed(type: DataType, n: number): FixedData {
  switch (type.kind) {
    case 'boolean': return new Uint8Array(n);
    case 'int': case 'date': return new Int32Array(n);
    default: return new Float64Array(n);
  }
}

export function isNullAt(c: Column, i: number): boolean {
  return c.nulls !== null ? c.nulls[i] === 1 : (!ArrayBuffer.isView(c.data) && (c.data as unknown[])[i] === null);
}

/** The JS value at row i (null for null). */
export function valueAt(c: Column, i: number): unknown {
  if (c.nulls !== null && c.nulls[i] === 1) return null;
  const v = (c.data as ArrayLike<unknown>)[i];
  if (c.type.kind === 'boolean') return v === 1;
  return v === undefined ? null : v;
}

export function nullCount(c: Column): number {
  let n = 0;
  if (c.nulls !== null) { for (let i = 0; i < c.length; i++) n += c.nulls[i]!; return n; }
  if (ArrayBuffer.isView(c.data)) return 0;
  const d = c.data as unknown[];
  for (let i = 0; i < d.length; i++) if (d[i] === null) n++;
  return n;
}

/** A column of `n` copies of one value (for literals). */
export function constantColumn(type: DataType, value: unknown, n: number): Column {
  if (isFixedWidth(type)) {
    const data = allocFixed(type, n);
    if (value === null || value === undefined) {
      return makeColumn(type, data, new Uint8Array(n).fill(1));
    }
    data.fill(type.kind === 'boolean' ? (value ? 1 : 0) : (value as number));
    return makeColumn(type, data);
  }
  return makeColumn(type, new Array(n).fill(value ?? null));
}

/** Builds a column from JS values (null = null). */
export function columnFromValues(type: DataType, values: ArrayLike<unknown>): Column {
  const n = values.length;
  if (isFixedWidth(type)) {
    const data = allocFixed(type, n);
    let nulls: Uint8Array | null = null;
    const isBool = type.kind === 'boolean';
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else {
        data[i] = isBool ? (v ? 1 : 0) : (v as number);
      }
    }
    return makeColumn(type, data, nulls);
  }
  const data = new Array(n);
  for (let i = 0; i < n; i++) data[i] = values[i] ?? null;
  return makeColumn(type, data);
}

/** Appends values one by one; used where output size is not known in advance. */
export class ColumnBuilder {
  private fixed: FixedData | null;
  private objects: unknown[] | null;
  private nulls: Uint8Array | null = null;
  private n = 0;
  private readonly isBool: boolean;

  constructor(readonly type: DataType, capacity = 16) {
    this.isBool = type.kind === 'boolean';
    if (isFixedWidth(type)) { this.fixed = allocFixed(type, Math.max(capacity, 4)); this.objects = null; }
    else { this.fixed = null; this.objects = []; }
  }

  get length(): number { return this.n; }

  append(v: unknown): void {
    if (this.objects !== null) { this.objects.push(v ?? null); this.n++; return; }
    let fixed = this.fixed!;
    if (this.n === fixed.length) {
      const grown = allocFixed(this.type, fixed.length * 2);
      grown.set(fixed as never);
      fixed = this.fixed = grown;
      if (this.nulls !== null) { const g = new Uint8Array(grown.length); g.set(this.nulls); this.nulls = g; }
    }
    if (v === null || v === undefined) {
      if (this.nulls === null) this.nulls = new Uint8Array(fixed.length);
      this.nulls[this.n] = 1;
    } else {
      fixed[this.n] = this.isBool ? (v ? 1 : 0) : (v as number);
    }
    this.n++;
  }

  /** Appends row i of another column of the same type. */
  appendFrom(c: Column, i: number): void {
    this.append(valueAt(c, i));
  }

  finish(): Column {
    if (this.objects !== null) return makeColumn(this.type, this.objects);
    const data = this.fixed!.subarray(0, this.n) as FixedData;
    return makeColumn(this.type, data, this.nulls === null ? null : this.nulls.subarray(0, this.n));
  }
}

/** Rows at `indices` (in that order); an index of -1 yields a null (used by outer joins). */
export function takeColumn(c: Column, indices: Int32Array | number[], count = indices.length): Column {
  if (ArrayBuffer.isView(c.data)) {
    const src = c.data as FixedData;
    const out = allocFixed(c.type, count);
    const srcNulls = c.nulls;
    let nulls: Uint8Array | null = null;
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i < 0 || (srcNulls !== null && srcNulls[i] === 1)) {
        if (nulls === null) nulls = new Uint8Array(count);
        nulls[k] = 1;
      } else {
        out[k] = src[i]!;
      }
    }
    return makeColumn(c.type, out, nulls);
  }
  const src = c.data as unknown[];
  const out = new Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k]!;
    out[k] = i < 0 ? null : src[i];
  }
  return makeColumn(c.type, out);
}

export function sliceColumn(c: Column, start: number, end: number): Column {
  if (ArrayBuffer.isView(c.data)) {
    return makeColumn(c.type, (c.data as FixedData).subarray(start, end) as FixedData, c.nulls === null ? null : c.nulls.subarray(start, end));
  }
  return makeColumn(c.type, (c.data as unknown[]).slice(start, end));
}

export function concatColumns(type: DataType, parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  if (isFixedWidth(type)) {
    const out = allocFixed(type, n);
    let nulls: Uint8Array | null = null;
    let at = 0;
    for (const p of parts) {
      out.set(p.data as never, at);
      if (p.nulls !== null) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls.set(p.nulls, at);
      }
      at += p.length;
    }
    return makeColumn(type, out, nulls);
  }
  const out: unknown[] = new Array(n);
  let at = 0;
  for (const p of parts) {
    const d = p.data as unknown[];
    for (let i = 0; i < d.length; i++) out[at++] = d[i];
  }
  return makeColumn(type, out);
}

/** The column re-labelled with another type of the same physical layout (e.g. DATE ↔ INT). */
export function withType(c: Column, type: DataType): Column {
  return { type, length: c.length, data: c.data, nulls: c.nulls };
}
