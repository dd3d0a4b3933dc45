import type { Schema } from '../../types/schema.js';
import type { Batch } from '../batch.js';
import { takeColumn } from '../column.js';

/** Growable list of (left row, right row) pairs; -1 on one side stands for the NULL-extended row of an outer join. */
export class RowPairs {
  left: Int32Array;
  right: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.left = new Int32Array(Math.max(capacity, 16));
    this.right = new Int32Array(Math.max(capacity, 16));
  }

  push(l: number, r: number): void {
    if (this.length === this.left.length) {
      const nl = new Int32Array(this.length * 2); nl.set(this.left); this.left = nl;
      const nr = new Int32Array(this.length * 2); nr.set(this.right); this.right = nr;
    }
    this.left[this.length] = l;
    this.right[this.length++] = r;
  }
}

/** The joined rows for the pairs: left columns then right columns. */
export function joinedBatch(schema: Schema, left: Batch, right: Batch, pairs: { left: Int32Array; right: Int32Array; length: number }): Batch {
  const n = pairs.length;
  const columns = [
    ...left.columns.map((c) => takeColumn(c, pairs.left, n)),
    ...right.columns.map((c) => takeColumn(c, pairs.right, n)),
  ];
  return { schema, columns, numRows: n };
}

/** Left rows only (semi and anti joins). */
export function leftRowsBatch(schema: Schema, left: Batch, rows: Int32Array): Batch {
  return { schema, columns: left.columns.map((c) => takeColumn(c, rows)), numRows: rows.length };
}
