import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { takeBatch, type Batch } from '../batch.js';
import type { Column } from '../column.js';
import type { ExecutionContext } from '../plan-executor.js';

export async function executeFilter(p: Extract<PhysicalPlan, { kind: 'filter' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const cond = await ctx.compile(p.condition);
  const selected = selectedRows(cond(input), input.numRows);
  if (selected.length === input.numRows) return { ...input, schema: p.schema };
  return { ...takeBatch(input, selected), schema: p.schema };
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
