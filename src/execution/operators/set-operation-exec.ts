/** UNION ALL, DISTINCT, and INTERSECT / EXCEPT (distinct and ALL), all through dense group ids over every column. */
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { concatBatches, takeBatch, type Batch } from '../batch.js';
import { assignGroups } from '../keys/key-dictionary.js';
import type { ExecutionContext } from '../plan-executor.js';

export async function executeUnionAll(p: Extract<PhysicalPlan, { kind: 'unionAll' }>, ctx: ExecutionContext): Promise<Batch> {
  const parts: Batch[] = [];
  for (const i of p.inputs) parts.push(await ctx.run(i));
  return concatBatches(p.schema, parts.map((b) => ({ ...b, schema: p.schema })));
}

export async function executeDistinct(p: Extract<PhysicalPlan, { kind: 'distinct' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const groups = assignGroups(input.columns, input.numRows);
  return { ...takeBatch(input, groups.firstRow), schema: p.schema };
}

export async function executeSetOperation(p: Extract<PhysicalPlan, { kind: 'setOp' }>, ctx: ExecutionContext): Promise<Batch> {
  const left = await ctx.run(p.left);
  const right = await ctx.run(p.right);
  const nl = left.numRows;
  const both = concatBatches(p.schema, [{ ...left, schema: p.schema }, { ...right, schema: p.schema }]);
  const groups = assignGroups(both.columns, both.numRows);
  const leftCount = new Int32Array(groups.numGroups), rightCount = new Int32Array(groups.numGroups);
  for (let i = 0; i < both.numRows; i++) (i < nl ? leftCount : rightCount)[groups.ids[i]!]!++;
  const rows: number[] = [];
  const emitted = new Int32Array(groups.numGroups);
  for (let i = 0; i < nl; i++) {
    const g = groups.ids[i]!;
    const l = leftCount[g]!, r = rightCount[g]!;
    let allowed: number;
    if (p.op === 'intersect') allowed = p.all ? Math.min(l, r) : r > 0 ? 1 : 0;
    else allowed = p.all ? Math.max(0, l - r) : r === 0 ? 1 : 0;
    if (emitted[g]! < allowed) { emitted[g]!++; rows.push(i); }
  }
  return { ...takeBatch(both, rows), schema: p.schema };
}
