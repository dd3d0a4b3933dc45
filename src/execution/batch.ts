/**
 * A batch: a schema and one column per field, all of the same length. Batches are immutable; operators make
 * new ones. `batchToArrow` converts to an Apache Arrow table (fixed-width columns without copying their values).
 */
import { field, schema as makeSchema, type Schema } from '../types/schema.js';
import {
  columnFromValues, concatColumns, sliceColumn, takeColumn, valueAt, type Column,
} from './column.js';

export interface Batch {
  readonly schema: Schema;
  readonly columns: readonly Column[];
  readonly numRows: number;
}

export function makeBatch(schema: Schema, columns: readonly Column[], numRows?: number): Batch {
  return { schema, columns, numRows: numRows ?? (columns.length > 0 ? columns[0]!.length : 0) };
}

export function emptyBatch(schema: Schema): Batch {
  return makeBatch(schema, schema.fields.map((f) => columnFromValues(f.type, [])), 0);
}

export function takeBatch(b: Batch, indices: Int32Array | number[], count = indices.length): Batch {
  return makeBatch(b.schema, b.columns.map((c) => takeColumn(c, indices, count)), count);
}

export function sliceBatch(b: Batch, start: number, end: number): Batch {
  const e = Math.min(end, b.numRows);
  const s = Math.min(start, e);
  return makeBatch(b.schema, b.columns.map((c) => sliceColumn(c, s, e)), e - s);
}

export function concatBatches(schema: Schema, batches: readonly Batch[]): Batch {
  const nonEmpty = batches.filter((b) => b.numRows > 0);
  if (nonEmpty.length === 0) return emptyBatch(schema);
  if (nonEmpty.length === 1) return makeBatch(schema, nonEmpty[0]!.columns, nonEmpty[0]!.numRows);
  const columns = schema.fields.map((f, i) => concatColumns(f.type, nonEmpty.map((b) => b.columns[i]!)));
  return makeBatch(schema, columns);
}

/** Row objects keyed by field name (later duplicates of a name win, as in a JS object). */
export function batchToRows(b: Batch): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = new Array(b.numRows);
  const names = b.schema.fields.map((f) => f.name);
  for (let i = 0; i < b.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = valueAt(b.columns[c]!, i);
    rows[i] = row;
  }
  return rows;
}

/** Rows as arrays of values, in column order. */
export function batchToArrays(b: Batch): unknown[][] {
  const rows: unknown[][] = new Array(b.numRows);
  for (let i = 0; i < b.numRows; i++) rows[i] = b.columns.map((c) => valueAt(c, i));
  return rows;
}

export function batchFromRows(schema: Schema, rows: readonly (Record<string, unknown> | readonly unknown[])[]): Batch {
  const columns = schema.fields.map((f, c) =>
    columnFromValues(f.type, rows.map((r) => (Array.isArray(r) ? r[c] : (r as Record<string, unknown>)[f.name]) ?? null)));
  return makeBatch(schema, columns, rows.length);
}

/** A schema with the given fields renamed (same types). */
export function renameSchema(s: Schema, names: readonly string[]): Schema {
  return makeSchema(s.fields.map((f, i) => field(names[i] ?? f.name, f.type, f.nullable)));
}
