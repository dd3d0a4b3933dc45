/**
 * Filter: the rows of a batch where the condition is TRUE, found one conjunct at a time. The first conjunct gives
 * the first selection; each further conjunct only looks at the rows still selected and narrows the selection in
 * place. A conjunct `column op number` reads the column directly (at the selected rows, or, first and over a
 * column without NULLs, at every row) and any other conjunct is evaluated into a mask over the batch, so
 * `q < 50 AND v >= 1000` costs a pass over q and one over v at the rows with q < 50, instead of two masks over
 * the batch, a third that ANDs them, and the selection. A row is kept only when every conjunct is TRUE, which is
 * exactly when their AND is TRUE (NULL is not TRUE).
 */
import type { BoundExpr } from '../../planner/expr.js';
import { splitConjuncts } from '../../planner/expr.js';
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import type { Column, FixedData } from '../column.js';
import { scalarComparison, type ScalarComparison } from '../expression-compiler.js';
import type { ExecutionContext } from '../plan-executor.js';
import { gatherRows } from './row-gatherer.js';

export async function executeFilter(p: Extract<PhysicalPlan, { kind: 'filter' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const selected = await rowsWhere(p.condition, input, ctx);
  if (selected.length === input.numRows) return { ...input, schema: p.schema };
  return { schema: p.schema, columns: input.columns.map((c) => gatherRows(c, selected)), numRows: selected.length };
}

/** Indexes of rows where a boolean column is true (NULL counts as false). */
export function selectedRows(mask: Column, n: number): Int32Array {
  const d = mask.data as Uint8Array, nulls = mask.nulls;
  let count = 0;
  if (nulls === null) for (let i = 0; i < n; i++) count += d[i]!;
  else for (let i = 0; i < n; i++) count += d[i]! & (nulls[i]! ^ 1);
  // Branch-free: every row is written at the next free slot, which only advances past a selected row (a branch
  // here would be mispredicted about half the time on a mask without pattern). The spare slot takes the writes
  // after the last selected row.
  const out = new Int32Array(count + 1);
  let k = 0;
  if (nulls === null) for (let i = 0; i < n; i++) { out[k] = i; k += d[i]!; }
  else for (let i = 0; i < n; i++) { out[k] = i; k += d[i]! & (nulls[i]! ^ 1); }
  return out.subarray(0, count);
}

/** The selected row numbers, ascending. */
async function rowsWhere(condition: BoundExpr, input: Batch, ctx: ExecutionContext): Promise<Int32Array> {
  const [first, ...rest] = splitConjuncts(condition);
  const firstColumn = columnComparison(first!, input);
  let rows = firstColumn && firstColumn.column.nulls === null
    ? selectComparing(firstColumn.column, firstColumn.cmp, input.numRows)
    : selectedRows((await ctx.compile(first!))(input), input.numRows);
  let count = rows.length;
  for (const c of rest) {
    if (count === 0) break;
    const onColumn = columnComparison(c, input);
    if (onColumn) count = keepComparing(onColumn.column, onColumn.cmp, rows, count);
    else count = keepTrue((await ctx.compile(c))(input), rows, count);
  }
  if (count < rows.length) rows = rows.subarray(0, count);
  return rows;
}

/** The conjunct as `column op number` over a column of the input, when it is one. */
function columnComparison(c: BoundExpr, input: Batch): { column: Column; cmp: ScalarComparison } | undefined {
  const cmp = c.kind === 'cmp' ? scalarComparison(c) : undefined;
  return cmp !== undefined && cmp.operand.kind === 'col' ? { column: input.columns[cmp.operand.index]!, cmp } : undefined;
}

/**
 * The rows 0 … n-1 where `column op k` is TRUE (as in keepComparing), for a column without NULLs: a counting pass,
 * then the rows are written into an array of exactly that size, branch-free as in selectedRows.
 */
function selectComparing(column: Column, cmp: ScalarComparison, n: number): Int32Array {
  const a = column.data as FixedData, v = cmp.k;
  let count = 0;
  switch (cmp.op) {
    case '=': for (let i = 0; i < n; i++) count += +(a[i] === v); break;
    case '<>': for (let i = 0; i < n; i++) count += +(a[i] !== v); break;
    case '<': for (let i = 0; i < n; i++) count += +(a[i]! < v); break;
    case '<=': for (let i = 0; i < n; i++) count += +(a[i]! <= v); break;
    case '>': for (let i = 0; i < n; i++) { const x = a[i]!; count += +(x > v) | +(x !== x); } break;
    case '>=': for (let i = 0; i < n; i++) { const x = a[i]!; count += +(x >= v) | +(x !== x); } break;
  }
  const out = new Int32Array(count + 1);
  let k = 0;
  switch (cmp.op) {
    case '=': for (let i = 0; i < n; i++) { out[k] = i; k += +(a[i] === v); } break;
    case '<>': for (let i = 0; i < n; i++) { out[k] = i; k += +(a[i] !== v); } break;
    case '<': for (let i = 0; i < n; i++) { out[k] = i; k += +(a[i]! < v); } break;
    case '<=': for (let i = 0; i < n; i++) { out[k] = i; k += +(a[i]! <= v); } break;
    case '>': for (let i = 0; i < n; i++) { const x = a[i]!; out[k] = i; k += +(x > v) | +(x !== x); } break;
    case '>=': for (let i = 0; i < n; i++) { const x = a[i]!; out[k] = i; k += +(x >= v) | +(x !== x); } break;
  }
  return out.subarray(0, count);
}

/** Keeps the rows whose mask value is TRUE; returns how many. */
function keepTrue(mask: Column, rows: Int32Array, count: number): number {
  const d = mask.data as Uint8Array, nulls = mask.nulls;
  let k = 0;
  if (nulls === null) for (let j = 0; j < count; j++) { const r = rows[j]!; rows[k] = r; k += d[r]!; }
  else for (let j = 0; j < count; j++) { const r = rows[j]!; rows[k] = r; k += d[r]! & (nulls[r]! ^ 1); }
  return k;
}

/**
 * Keeps the rows where `column op k` is TRUE, by the rules of the expression compiler's scalar comparison (NaN,
 * which only a DOUBLE can hold, is greater than every number); returns how many. Like selectedRows, each row is
 * written at the next free slot and the slot advances only when the row is kept, so there is no branch on the data.
 */
function keepComparing(column: Column, cmp: ScalarComparison, rows: Int32Array, count: number): number {
  const nulls = column.nulls;
  let n = count;
  if (nulls !== null) {
    let k = 0;
    for (let j = 0; j < n; j++) { const r = rows[j]!; rows[k] = r; k += nulls[r]! ^ 1; }
    n = k;
  }
  const a = column.data as FixedData, v = cmp.k;
  let k = 0;
  switch (cmp.op) {
    case '=': for (let j = 0; j < n; j++) { const r = rows[j]!; rows[k] = r; k += +(a[r] === v); } break;
    case '<>': for (let j = 0; j < n; j++) { const r = rows[j]!; rows[k] = r; k += +(a[r] !== v); } break;
    case '<': for (let j = 0; j < n; j++) { const r = rows[j]!; rows[k] = r; k += +(a[r]! < v); } break;
    case '<=': for (let j = 0; j < n; j++) { const r = rows[j]!; rows[k] = r; k += +(a[r]! <= v); } break;
    case '>': for (let j = 0; j < n; j++) { const r = rows[j]!, x = a[r]!; rows[k] = r; k += +(x > v) | +(x !== x); } break;
    case '>=': for (let j = 0; j < n; j++) { const r = rows[j]!, x = a[r]!; rows[k] = r; k += +(x >= v) | +(x !== x); } break;
  }
  return k;
}
