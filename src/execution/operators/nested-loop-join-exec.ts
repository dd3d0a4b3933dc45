/**
 * Nested-loop join for conditions without equality keys (and cross joins): each left row is paired with every
 * right row and the condition is evaluated over those pairs a block at a time.
 */
import { schema as makeSchema } from '../../types/schema.js';
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import type { ExecutionContext } from '../plan-executor.js';
import { selectedRows } from './filter-exec.js';
import { finishJoin } from './hash-join-exec.js';
import { RowPairs, allJoinColumns, joinedBatch } from './join-output.js';

const BLOCK_PAIRS = 1 << 16;

export async function executeNestedLoopJoin(p: Extract<PhysicalPlan, { kind: 'nestedLoopJoin' }>, ctx: ExecutionContext): Promise<Batch> {
  const left = await ctx.run(p.left);
  const right = await ctx.run(p.right);
  const nl = left.numRows, nr = right.numRows;
  const cond = p.condition ? await ctx.compile(p.condition) : undefined;
  const both = makeSchema([...left.schema.fields, ...right.schema.fields]);
  const everyColumn = allJoinColumns(left, right);
  const pairs = new RowPairs();
  let block = new RowPairs();
  const flush = () => {
    if (block.length === 0) return;
    if (!cond) { for (let k = 0; k < block.length; k++) pairs.push(block.left[k]!, block.right[k]!); }
    else {
      const ok = selectedRows(cond(joinedBatch(both, left, right, block, everyColumn, true)), block.length);
      for (const k of ok) pairs.push(block.left[k]!, block.right[k]!);
    }
    block = new RowPairs();
  };
  for (let i = 0; i < nl; i++) {
    for (let r = 0; r < nr; r++) block.push(i, r);
    if (block.length >= BLOCK_PAIRS) flush();
  }
  flush();
  return finishJoin(p.schema, p.output, p.joinType === 'cross' ? 'inner' : p.joinType, left, right, pairs, p.nullAwareAnti, [], []);
}
