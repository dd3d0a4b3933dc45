/**
 * Copies chosen rows of a column into a new column: the output of a filter (its selected rows) and of a join
 * (each side's row of every pair). There is one copy loop per storage kind, each a function of its own, so every
 * loop only ever sees one array type and compiles to a plain indexed copy; the general takeColumn serves all
 * kinds from one loop and checks each row number for -1. Row numbers here must be valid rows of the source
 * (outer joins' missing rows, -1, still go through takeColumn).
 */
import type { Column } from '../column.js';
import { makeColumn } from '../column.js';

/** Rows `rows[0 … count)` of `source`, in that order. */
export function gatherRows(source: Column, rows: Int32Array, count = rows.length): Column {
  const d = source.data, t = source.type;
  const nulls = source.nulls === null ? null : gatherNulls(source.nulls, rows, count);
  if (d instanceof Float64Array) return makeColumn(t, gatherFloat64(d, rows, count), nulls);
  if (d instanceof Int32Array) return makeColumn(t, gatherInt32(d, rows, count), nulls);
  if (d instanceof Uint8Array) return makeColumn(t, gatherUint8(d, rows, count), nulls);
  // JS-array columns (strings and nested values) mark NULL by the value itself and have no mask.
  return makeColumn(t, gatherValues(d, rows, count));
}

function gatherFloat64(src: Float64Array, rows: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = src[rows[k]!]!;
  return out;
}

function gatherInt32(src: Int32Array, rows: Int32Array, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) out[k] = src[rows[k]!]!;
  return out;
}

function gatherUint8(src: Uint8Array, rows: Int32Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let k = 0; k < count; k++) out[k] = src[rows[k]!]!;
  return out;
}

function gatherValues(src: readonly unknown[], rows: Int32Array, count: number): unknown[] {
  const out = new Array<unknown>(count);
  for (let k = 0; k < count; k++) out[k] = src[rows[k]!];
  return out;
}

/** The null mask of the copied rows, or null when none of them is null (a column without nulls has no mask). */
function gatherNulls(src: Uint8Array, rows: Int32Array, count: number): Uint8Array | null {
  const out = new Uint8Array(count);
  let any = 0;
  for (let k = 0; k < count; k++) { const v = src[rows[k]!]!; out[k] = v; any |= v; }
  return any === 0 ? null : out;
}
