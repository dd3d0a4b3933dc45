import type { PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import type { FixedData } from '../column.js';
import type { ExecutionContext } from '../plan-executor.js';

/** Passes rows through and records the batch's largest event time (ms) for its watermark definition. */
export async function executeEventTimeWatermark(p: Extract<PhysicalPlan, { kind: 'eventTimeWatermark' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const st = ctx.streaming;
  if (st) {
    const c = input.columns[p.columnIndex]!;
    const d = c.data as FixedData, nulls = c.nulls;
    let max = -Infinity;
    for (let i = 0; i < input.numRows; i++) if ((nulls === null || nulls[i] === 0) && d[i]! > max) max = d[i]!;
    if (max > -Infinity) st.maxEventTimeMs[p.watermarkIndex] = Math.max(st.maxEventTimeMs[p.watermarkIndex] ?? -Infinity, Math.floor(max / 1000));
  }
  return { ...input, schema: p.schema };
}
