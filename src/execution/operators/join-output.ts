import type { JoinOutputColumns } from '../../planner/physical-plan.js';
import type { Schema } from '../../types/schema.js';
import type { Batch } from '../batch.js';
import { takeColumn, type Column } from '../column.js';
import { gatherRows } from './row-gatherer.js';

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

/** Every column of both inputs: the batch a residual or nested-loop condition is evaluated over. */
export function allJoinColumns(left: Batch, right: Batch): JoinOutputColumns {
  return { left: left.columns.map((_, i) => i), right: right.columns.map((_, i) => i) };
}

/**
 * The joined rows for the pairs: the chosen left columns then the chosen right ones. `noMissingRows` promises
 * that no pair has -1 on either side (an inner join's pairs), which lets gathering skip the per-row check.
 */
export function joinedBatch(
  schema: Schema, left: Batch, right: Batch, pairs: { left: Int32Array; right: Int32Array; length: number },
  output: JoinOutputColumns, noMissingRows = false,
): Batch {
  const n = pairs.length;
  const columns = [
    ...output.left.map((i) => gather(left.columns[i]!, pairs.left, n, noMissingRows)),
    ...output.right.map((i) => gather(right.columns[i]!, pairs.right, n, noMissingRows)),
  ];
  return { schema, columns, numRows: n };
}

/** Left rows only (semi and anti joins): the chosen left columns. */
export function leftRowsBatch(schema: Schema, left: Batch, rows: Int32Array, output: JoinOutputColumns): Batch {
  return { schema, columns: output.left.map((i) => gather(left.columns[i]!, rows, rows.length, true)), numRows: rows.length };
}

/** Rows at `rows[0 … n)`; -1 (the missing side of an outer join) only when `noMissingRows` is false. */
function gather(c: Column, rows: Int32Array, n: number, noMissingRows: boolean): Column {
  return noMissingRows ? gatherRows(c, rows, n) : takeColumn(c, rows, n);
}
