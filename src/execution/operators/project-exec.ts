import type { PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import type { ExecutionContext } from '../plan-executor.js';

export async function executeProject(p: Extract<PhysicalPlan, { kind: 'project' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const exprs = await Promise.all(p.exprs.map((e) => ctx.compile(e)));
  return { schema: p.schema, columns: exprs.map((e) => e(input)), numRows: input.numRows };
}
