/** Full sort (stable) and top-N (a bounded heap, O(n log k), for ORDER BY … LIMIT k). */
import type { PhysicalPlan, PhysicalSortOrder } from '../../planner/physical-plan.js';
import { takeBatch, type Batch } from '../batch.js';
import type { ExecutionContext } from '../plan-executor.js';
import { rowComparator, type RowComparator } from './row-comparator.js';

async function comparatorFor(orders: readonly PhysicalSortOrder[], input: Batch, ctx: ExecutionContext): Promise<RowComparator> {
  const keys = await Promise.all(orders.map(async (o) => ({
    column: (await ctx.compile(o.expr))(input), ascending: o.ascending, nullsFirst: o.nullsFirst,
  })));
  return rowComparator(keys);
}

export async function executeSort(p: Extract<PhysicalPlan, { kind: 'sort' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const cmp = await comparatorFor(p.orders, input, ctx);
  const idx = new Int32Array(input.numRows);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((a, b) => cmp(a, b) || a - b);
  return { ...takeBatch(input, idx), schema: p.schema };
}

export async function executeTopN(p: Extract<PhysicalPlan, { kind: 'topN' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const n = input.numRows;
  const k = Math.min(n, p.limit + p.offset);
  if (k === 0) return { ...takeBatch(input, new Int32Array(0)), schema: p.schema };
  const base = await comparatorFor(p.orders, input, ctx);
  const cmp = (a: number, b: number) => base(a, b) || a - b;
  // Max-heap of the k best rows seen: the root is the worst of them.
  const heap = new Int32Array(k);
  let size = 0;
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[parent]!) <= 0) break;
      const t = heap[i]!; heap[i] = heap[parent]!; heap[parent] = t; i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < size && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < size && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      const t = heap[i]!; heap[i] = heap[m]!; heap[m] = t; i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < k) { heap[size++] = i; siftUp(size - 1); }
    else if (cmp(i, heap[0]!) < 0) { heap[0] = i; siftDown(0); }
  }
  const rows = Array.from(heap.subarray(0, size)).sort(cmp).slice(p.offset);
  return { ...takeBatch(input, rows), schema: p.schema };
}
