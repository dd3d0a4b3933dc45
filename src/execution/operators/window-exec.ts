/**
 * Window functions over one (PARTITION BY, ORDER BY) spec: rows are ordered by partition keys then order keys
 * (stable), each partition is walked once per call, and results are written back at the rows' original
 * positions, so the operator appends columns without reordering its input. Aggregates over a frame that starts
 * at the partition's first row are computed incrementally; other frames are recomputed per row.
 */
import type { PhysicalPlan, PhysicalWindowCall } from '../../planner/physical-plan.js';
import type { FrameBoundSpec } from '../../planner/logical-plan.js';
import type { Batch } from '../batch.js';
import { valueAt, type Column } from '../column.js';
import { fromValues } from '../expression-compiler.js';
import { createAccumulator } from '../aggregates/accumulator-factory.js';
import type { ExecutionContext } from '../plan-executor.js';
import { rowComparator, type RowComparator } from './row-comparator.js';

export async function executeWindow(p: Extract<PhysicalPlan, { kind: 'window' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const n = input.numRows;
  const partCols = await Promise.all(p.partitionBy.map(async (e) => (await ctx.compile(e))(input)));
  const orderCols = await Promise.all(p.orderBy.map(async (o) => (await ctx.compile(o.expr))(input)));
  const samePartition = rowComparator(partCols.map((column) => ({ column, ascending: true, nullsFirst: true })));
  const orderCmp = rowComparator(orderCols.map((column, i) => ({ column, ascending: p.orderBy[i]!.ascending, nullsFirst: p.orderBy[i]!.nullsFirst })));
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => samePartition(a, b) || orderCmp(a, b) || a - b);

  // Partition boundaries in sorted order.
  const starts: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || samePartition(idx[k - 1]!, idx[k]!) !== 0) starts.push(k);
  starts.push(n);

  const outputs: Column[] = [];
  const zeros = new Int32Array(n);
  for (const call of p.calls) {
    const args = await Promise.all(call.args.map(async (a) => (await ctx.compile(a))(input)));
    const values: unknown[] = new Array(n).fill(null);
    for (let s = 0; s + 1 < starts.length; s++) {
      const rows = idx.subarray(starts[s]!, starts[s + 1]!);
      evaluatePartition(call, rows, args, orderCmp, orderCols, p.orderBy.map((o) => o.ascending), values, zeros);
    }
    outputs.push(fromValues(call.type, values));
  }
  return { schema: p.schema, columns: [...input.columns, ...outputs], numRows: n };
}

function evaluatePartition(
  call: PhysicalWindowCall, rows: Int32Array, args: Column[], orderCmp: RowComparator,
  orderCols: Column[], ascending: boolean[], out: unknown[], zeros: Int32Array,
): void {
  const m = rows.length;
  const peerEnd = new Int32Array(m), peerStart = new Int32Array(m);
  for (let k = 0; k < m; k++) peerStart[k] = k > 0 && orderCmp(rows[k - 1]!, rows[k]!) === 0 ? peerStart[k - 1]! : k;
  for (let k = m - 1; k >= 0; k--) peerEnd[k] = k < m - 1 && orderCmp(rows[k]!, rows[k + 1]!) === 0 ? peerEnd[k + 1]! : k;
  const arg = (k: number, a = 0) => valueAt(args[a]!, rows[k]!);
  switch (call.fn) {
    case 'row_number': for (let k = 0; k < m; k++) out[rows[k]!] = k + 1; return;
    case 'rank': for (let k = 0; k < m; k++) out[rows[k]!] = peerStart[k]! + 1; return;
    case 'dense_rank': {
      let rank = 0;
      for (let k = 0; k < m; k++) { if (peerStart[k] === k) rank++; out[rows[k]!] = rank; }
      return;
    }
    case 'percent_rank': for (let k = 0; k < m; k++) out[rows[k]!] = m === 1 ? 0 : peerStart[k]! / (m - 1); return;
    case 'cume_dist': for (let k = 0; k < m; k++) out[rows[k]!] = (peerEnd[k]! + 1) / m; return;
    case 'ntile': {
      const buckets = Number(arg(0));
      const size = Math.floor(m / buckets), extra = m % buckets;
      let k = 0;
      for (let b = 1; b <= buckets && k < m; b++) {
        const count = size + (b <= extra ? 1 : 0);
        for (let c = 0; c < count; c++) out[rows[k++]!] = b;
      }
      return;
    }
    case 'lag': case 'lead': {
      const offset = call.args.length > 1 ? Number(arg(0, 1)) : 1;
      const dir = call.fn === 'lag' ? -1 : 1;
      for (let k = 0; k < m; k++) {
        const j = k + dir * offset;
        out[rows[k]!] = j >= 0 && j < m ? arg(j) : call.args.length > 2 ? arg(k, 2) : null;
      }
      return;
    }
    default: break;
  }
  const frame = (k: number): [number, number] => [
    bound(call.frame.type, call.frame.start, k, m, peerStart, peerEnd, rows, orderCols, ascending, true),
    bound(call.frame.type, call.frame.end, k, m, peerStart, peerEnd, rows, orderCols, ascending, false),
  ];
  if (call.fn === 'nth_value' || call.fn === 'first_value' || call.fn === 'last_value') {
    const nth = call.fn === 'nth_value' ? Number(arg(0, 1)) : 1;
    for (let k = 0; k < m; k++) {
      const [lo, hi] = frame(k);
      out[rows[k]!] = pickInFrame(call.fn === 'last_value' ? 'last' : 'first', nth, lo, hi, arg, call.ignoreNulls);
    }
    return;
  }
  if (call.fn === 'first' || call.fn === 'last') {
    for (let k = 0; k < m; k++) {
      const [lo, hi] = frame(k);
      out[rows[k]!] = pickInFrame(call.fn, 1, lo, hi, arg, call.ignoreNulls);
    }
    return;
  }
  aggregateFrames(call, rows, args, frame, out, zeros);
}

function pickInFrame(which: 'first' | 'last', nth: number, lo: number, hi: number, arg: (k: number) => unknown, ignoreNulls: boolean): unknown {
  let seen = 0;
  if (which === 'first') {
    for (let j = lo; j <= hi; j++) { const v = arg(j); if (ignoreNulls && v === null) continue; if (++seen === nth) return v; }
  } else {
    for (let j = hi; j >= lo; j--) { const v = arg(j); if (ignoreNulls && v === null) continue; return v; }
  }
  return null;
}

/** Aggregates over frames: incremental when every frame starts at the partition's first row and ends grow. */
/** `zeros` puts every row in group 0: one accumulator group per frame. */
function aggregateFrames(
  call: PhysicalWindowCall, rows: Int32Array, args: Column[], frame: (k: number) => [number, number], out: unknown[], zeros: Int32Array,
): void {
  const m = rows.length;
  const spec = { fn: call.fn as never, args: call.args, ignoreNulls: call.ignoreNulls, type: call.type };
  const feed = (acc: ReturnType<typeof createAccumulator>, from: number, to: number) => {
    if (to < from) return;
    acc.update(zeros, args, 0, rows.subarray(from, to + 1));
  };
  const frames = Array.from({ length: m }, (_, k) => frame(k));
  const running = frames.every(([lo], k) => lo === 0 && (k === 0 || frames[k]![1] >= frames[k - 1]![1]));
  if (running && !call.distinct) {
    const acc = createAccumulator(spec);
    acc.resize(1);
    let fed = -1;
    for (let k = 0; k < m; k++) {
      const hi = Math.min(frames[k]![1], m - 1);
      if (hi > fed) { feed(acc, fed + 1, hi); fed = hi; }
      out[rows[k]!] = valueAt(acc.result(1), 0);
    }
    return;
  }
  for (let k = 0; k < m; k++) {
    const [lo, hi] = frames[k]!;
    const acc = createAccumulator(spec);
    acc.resize(1);
    if (call.distinct) {
      const seen = new Set<string>();
      const keep: number[] = [];
      for (let j = Math.max(lo, 0); j <= Math.min(hi, m - 1); j++) {
        const key = JSON.stringify(args.map((a) => valueAt(a, rows[j]!)));
        if (!seen.has(key)) { seen.add(key); keep.push(rows[j]!); }
      }
      if (keep.length) acc.update(zeros, args, 0, Int32Array.from(keep));
    } else feed(acc, Math.max(lo, 0), Math.min(hi, m - 1));
    out[rows[k]!] = valueAt(acc.result(1), 0);
  }
}

/** A frame bound as a partition-relative row position. */
function bound(
  type: 'rows' | 'range', b: FrameBoundSpec, k: number, m: number, peerStart: Int32Array, peerEnd: Int32Array,
  rows: Int32Array, orderCols: Column[], ascending: boolean[], isStart: boolean,
): number {
  switch (b.kind) {
    case 'unboundedPreceding': return 0;
    case 'unboundedFollowing': return m - 1;
    case 'currentRow': return type === 'rows' ? k : isStart ? peerStart[k]! : peerEnd[k]!;
    case 'preceding': case 'following': {
      const off = b.offset ?? 0;
      if (type === 'rows') return b.kind === 'preceding' ? k - off : k + off;
      // RANGE: the first/last row whose order value is within the offset of this row's value.
      const col = orderCols[0]!;
      const asc = ascending[0] ?? true;
      const here = valueAt(col, rows[k]!) as number | null;
      if (here === null) return isStart ? peerStart[k]! : peerEnd[k]!;
      const delta = (b.kind === 'preceding' ? -off : off) * (asc ? 1 : -1);
      const target = here + delta;
      if (isStart) {
        let j = k;
        while (j > 0 && inRange(valueAt(col, rows[j - 1]!) as number | null, target, asc, true)) j--;
        while (j < m && !inRange(valueAt(col, rows[j]!) as number | null, target, asc, true)) j++;
        return j;
      }
      let j = k;
      while (j < m - 1 && inRange(valueAt(col, rows[j + 1]!) as number | null, target, asc, false)) j++;
      while (j >= 0 && !inRange(valueAt(col, rows[j]!) as number | null, target, asc, false)) j--;
      return j;
    }
  }
}

function inRange(v: number | null, target: number, asc: boolean, isStart: boolean): boolean {
  if (v === null) return false;
  if (isStart) return asc ? v >= target : v <= target;
  return asc ? v <= target : v >= target;
}

