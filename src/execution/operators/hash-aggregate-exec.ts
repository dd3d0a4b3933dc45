/**
 * Hash aggregation: rows get dense group ids from their key columns (key-dictionary.ts), then each aggregate's
 * accumulator folds the whole batch by group id in one pass over typed arrays. DISTINCT aggregates first keep
 * one row per (group, argument values); FILTER (WHERE …) restricts the rows an aggregate sees.
 */
import { IntType } from '../../types/data-type.js';
import type { PhysicalAggregate, PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import { makeColumn, takeColumn, type Column } from '../column.js';
import { createAccumulator } from '../aggregates/accumulator-factory.js';
import { assignGroups } from '../keys/key-dictionary.js';
import type { ExecutionContext } from '../plan-executor.js';
import { selectedRows } from './filter-exec.js';

export async function executeHashAggregate(p: Extract<PhysicalPlan, { kind: 'hashAggregate' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const n = input.numRows;
  const keys = await Promise.all(p.groupBy.map(async (g) => (await ctx.compile(g))(input)));
  const groups = assignGroups(keys, n);
  const numGroups = p.groupBy.length === 0 ? 1 : groups.numGroups;
  const keyColumns = keys.map((k) => takeColumn(k, groups.firstRow));
  const results: Column[] = [];
  for (const a of p.aggregates) {
    const args = await Promise.all(a.args.map(async (x) => (await ctx.compile(x))(input)));
    const rows = await aggregateRows(a, args, groups.ids, n, input, ctx);
    const acc = createAccumulator(a);
    acc.resize(numGroups);
    acc.update(groups.ids, args, n, rows);
    results.push(acc.result(numGroups));
  }
  return { schema: p.schema, columns: [...keyColumns, ...results], numRows: numGroups };
}

/** The rows an aggregate folds: all (undefined), or those passing its FILTER and, for DISTINCT, one per value. */
export async function aggregateRows(
  a: PhysicalAggregate, args: readonly Column[], groupIds: Int32Array, n: number, input: Batch, ctx: ExecutionContext,
): Promise<Int32Array | undefined> {
  let rows: Int32Array | undefined;
  if (a.filter) rows = selectedRows((await ctx.compile(a.filter))(input), n);
  if (a.distinct) {
    const pairs = assignGroups([makeColumn(IntType, groupIds), ...args], n);
    const keep = new Uint8Array(n);
    if (rows) {
      // With a filter, the first row of each (group, value) pair that passes the filter.
      const taken = new Uint8Array(pairs.numGroups);
      for (const i of rows) { const pid = pairs.ids[i]!; if (!taken[pid]) { taken[pid] = 1; keep[i] = 1; } }
    } else {
      for (const i of pairs.firstRow) keep[i] = 1;
    }
    rows = selectedRows(makeColumn({ kind: 'boolean' }, keep), n);
  }
  return rows;
}

