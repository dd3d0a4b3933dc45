import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { sliceBatch, type Batch } from '../batch.js';
import type { ExecutionContext } from '../plan-executor.js';

export async function executeLimit(p: Extract<PhysicalPlan, { kind: 'limit' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const end = p.limit === null ? input.numRows : p.offset + p.limit;
  return { ...sliceBatch(input, p.offset, end), schema: p.schema };
}
