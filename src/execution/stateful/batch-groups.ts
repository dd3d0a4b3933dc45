/**
 * The first stage of a streaming aggregation: the batch's distinct grouping keys and a way to fold the batch's
 * rows into accumulators for them (after the stored state was merged in, so order-sensitive aggregates see
 * stored rows first). Two kinds:
 *  - by rows: late rows (by the event-time key) are dropped, rows get dense group ids;
 *  - by window panes: each row's pane (slide-aligned interval) is aggregated once per other-key, then each pane
 *    group's partial state is merged into every window containing the pane; late window contributions (window
 *    end ≤ the previous batch's watermark) are dropped and counted per row.
 */
import type { PhysicalAggregate, PhysicalPlan } from '../../planner/physical-plan.js';
import { TimestampType, IntType } from '../../types/data-type.js';
import { takeBatch, type Batch } from '../batch.js';
import { makeColumn, takeColumn, type Column, type FixedData } from '../column.js';
import { hasFixedWidthStates, type Accumulator } from '../aggregates/accumulator.js';
import { createAccumulator } from '../aggregates/accumulator-factory.js';
import { DistinctSetAccumulator } from '../aggregates/distinct-set-accumulator.js';
import { assignGroups } from '../keys/key-dictionary.js';
import type { ExecutionContext } from '../plan-executor.js';
import { selectedRows } from '../operators/filter-exec.js';
import { lateRows } from './event-time.js';

type Node = Extract<PhysicalPlan, { kind: 'statefulAggregate' }>;

export interface BatchGroups {
  readonly numGroups: number;
  /** Rows (or window contributions) dropped as late. */
  readonly dropped: number;
  /** The groups' key columns, in `groupBy` order (row g = group g; a window key as `{start, end}` structs). */
  keyColumns(): Column[];
  /** Folds the batch into `accs` (resized to at least numGroups). */
  apply(accs: readonly Accumulator[]): void;
}

export function streamingAccumulator(a: PhysicalAggregate): Accumulator {
  if (!a.distinct) return createAccumulator(a);
  return new DistinctSetAccumulator(a.args.map((x) => x.type), () => createAccumulator(a));
}

/** The aggregates' result columns for groups whose partial states are `states[g][i]` (aggregate i of group g). */
export function resultsFromStates(aggregates: readonly PhysicalAggregate[], states: readonly (readonly unknown[])[]): Column[] {
  const m = states.length;
  return aggregates.map((agg, i) => {
    const a = streamingAccumulator(agg);
    a.resize(Math.max(m, 1));
    for (let g = 0; g < m; g++) a.mergeState(g, states[g]![i]);
    return a.result(m);
  });
}

async function aggregateInputs(p: Node, input: Batch, ctx: ExecutionContext): Promise<{ args: Column[][]; rows: (Int32Array | undefined)[] }> {
  const args: Column[][] = [], rows: (Int32Array | undefined)[] = [];
  for (const a of p.aggregates) {
    args.push(await Promise.all(a.args.map(async (x) => (await ctx.compile(x))(input))));
    rows.push(a.filter ? selectedRows((await ctx.compile(a.filter))(input), input.numRows) : undefined);
  }
  return { args, rows };
}

/** Grouping by the key columns' values (late rows dropped by the event-time key first). */
export async function groupsByRows(p: Node, input: Batch, ctx: ExecutionContext, lateMicros: number): Promise<BatchGroups> {
  let keys = await Promise.all(p.groupBy.map(async (g) => (await ctx.compile(g))(input)));
  let dropped = 0;
  const et = p.eventTime;
  if (et && lateMicros > 0 && input.numRows > 0) {
    const late = lateRows(keys[et.keyIndex]!, et, lateMicros, input.numRows);
    const keep = selectedRows({ type: { kind: 'boolean' }, length: late.length, data: late.map((x) => x ^ 1), nulls: null }, input.numRows);
    dropped = input.numRows - keep.length;
    if (dropped > 0) {
      input = takeBatch(input, keep);
      keys = keys.map((k) => takeColumn(k, keep));
    }
  }
  const n = input.numRows;
  const groups = assignGroups(keys, n);
  const numGroups = p.groupBy.length === 0 ? (n > 0 ? 1 : 0) : groups.numGroups;
  const { args, rows } = await aggregateInputs(p, input, ctx);
  return {
    numGroups, dropped,
    keyColumns: () => keys.map((k) => takeColumn(k, groups.firstRow, numGroups)),
    apply: (accs) => accs.forEach((a, i) => a.update(groups.ids, args[i]!, n, rows[i])),
  };
}

/** Grouping by an event-time window computed from panes (see the file comment). */
export async function groupsByWindowPanes(p: Node, input: Batch, ctx: ExecutionContext, lateMicros: number): Promise<BatchGroups> {
  const spec = p.windowKey!;
  const n = input.numRows;
  const ts = (await ctx.compile(spec.ts))(input);
  const others = await Promise.all(p.groupBy.map(async (g, i) => (i === spec.keyIndex ? undefined : (await ctx.compile(g))(input))));
  const otherCols = others.filter((c): c is Column => c !== undefined);
  const { size, slide } = { size: spec.sizeMicros, slide: spec.slideMicros };

  // Panes, one per row with a time.
  const t = ts.data as FixedData, tn = ts.nulls;
  const pane = new Float64Array(n);
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (tn !== null && tn[i] === 1) continue;
    const off = (((t[i]! - spec.startMicros) % slide) + slide) % slide;
    pane[i] = t[i]! - off;
    valid[i] = 1;
  }
  const paneGroups = assignGroups([makeColumn(TimestampType, pane, tn), ...otherCols], n);
  const { args, rows } = await aggregateInputs(p, input, ctx);
  const validRows = selectedRows({ type: { kind: 'boolean' }, length: n, data: valid, nulls: null }, n);
  const partials = p.aggregates.map(streamingAccumulator);
  const pg = paneGroups.numGroups;
  partials.forEach((a, i) => {
    a.resize(Math.max(pg, 1));
    const r = rows[i];
    a.update(paneGroups.ids, args[i]!, n, r ? r.filter((x) => valid[x] === 1) : validRows);
  });
  const rowsPerPaneGroup = new Float64Array(pg);
  for (const i of validRows) rowsPerPaneGroup[paneGroups.ids[i]!]!++;

  // Expand pane groups to the windows containing them.
  const otherIds = assignGroups(otherCols.map((c) => takeColumn(c, paneGroups.firstRow)), pg);
  const perPane = size / slide;
  const windowStart: number[] = [], fromPaneGroup: number[] = [];
  let dropped = 0;
  for (let g = 0; g < pg; g++) {
    if (rowsPerPaneGroup[g] === 0) continue;
    const p0 = pane[paneGroups.firstRow[g]!]!;
    for (let j = perPane - 1; j >= 0; j--) {
      const ws = p0 - j * slide;
      if (lateMicros > 0 && ws + size <= lateMicros) { dropped += rowsPerPaneGroup[g]!; continue; }
      windowStart.push(ws);
      fromPaneGroup.push(g);
    }
  }
  const m = windowStart.length;
  const windowGroups = assignGroups([
    makeColumn(TimestampType, Float64Array.from(windowStart)),
    makeColumn(IntType, Int32Array.from(fromPaneGroup, (g) => otherIds.ids[g]!)),
  ], m);
  return {
    numGroups: windowGroups.numGroups, dropped,
    keyColumns: () => {
      const ng = windowGroups.numGroups;
      const rows = new Int32Array(ng);
      const windows: { start: number; end: number }[] = new Array(ng);
      for (let wg = 0; wg < ng; wg++) {
        const e = windowGroups.firstRow[wg]!;
        rows[wg] = paneGroups.firstRow[fromPaneGroup[e]!]!;
        windows[wg] = { start: windowStart[e]!, end: windowStart[e]! + size };
      }
      return p.groupBy.map((g, i) => (i === spec.keyIndex ? makeColumn(g.type, windows) : takeColumn(others[i]!, rows)));
    },
    apply: (accs) => {
      const fromPane = Int32Array.from(fromPaneGroup);
      accs.forEach((a, i) => {
        const partial = partials[i]!;
        if (hasFixedWidthStates(a) && hasFixedWidthStates(partial)) {
          // Every window contribution's state in one flat array, merged in one pass: no state object per window.
          const w = a.stateWidth;
          const contributions = new Float64Array(m * w);
          partial.writeStates(fromPane, contributions, w, 0);
          a.mergeStates(windowGroups.ids, m, contributions, w, 0);
          return;
        }
        for (let e = 0; e < m; e++) a.mergeState(windowGroups.ids[e]!, partial.getState(fromPane[e]!));
      });
    },
  };
}
