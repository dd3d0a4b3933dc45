/**
 * Aggregation by session window. Per key (the other GROUP BY columns), events sorted by time open a session
 * [t, t + gap) each; sessions that overlap (the next one starts before the current one ends) merge, so a
 * session ends `gap` after its last event. Each session's aggregate is the merge of its members'.
 *
 * In a streaming query the open sessions of a key live in the state store (key = the key values as in
 * state-key-codec.ts; value = [[start, end, states], …] in state-value-codec.ts), and a batch's events merge with them.
 * Events whose session would already have ended by the previous batch's watermark are late and dropped.
 * Append mode emits a session once the current watermark has passed its end, then forgets it; complete mode
 * emits every session every batch. Update mode is rejected by the planner: a session can still merge later.
 */
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { hashPartition } from '../../state/hash-partition.js';
import type { StateStore } from '../../state/state-store.js';
import { WindowStructType, type Interval } from '../../types/data-type.js';
import { intervalMicros, parseIntervalString } from '../../types/temporal.js';
import type { Batch } from '../batch.js';
import { valueAt, type Column, type FixedData } from '../column.js';
import { fromValues } from '../expression-compiler.js';
import { assignGroups } from '../keys/key-dictionary.js';
import type { ExecutionContext } from '../plan-executor.js';
import { selectedRows } from '../operators/filter-exec.js';
import { resultsFromStates, streamingAccumulator } from './batch-groups.js';
import { StateKeyCodec } from './state-key-codec.js';
import { decodeStates, encodeStates } from './state-value-codec.js';
import { openOperatorStores } from './streaming-batch-state.js';

type Node = Extract<PhysicalPlan, { kind: 'sessionWindowAggregate' }>;

interface Session { start: number; end: number; states: unknown[] }

/** The gap of row i in µs, or null when it is missing or not a positive interval. */
function gapReader(c: Column): (i: number) => number | null {
  if (c.type.kind === 'bigint') { const d = c.data as FixedData; return (i) => d[i]!; }
  return (i) => {
    const v = valueAt(c, i);
    if (v === null) return null;
    const micros = c.type.kind === 'interval' ? intervalMicros(v as Interval) : (() => { const iv = parseIntervalString(String(v)); return iv ? intervalMicros(iv) : null; })();
    return micros !== null && micros > 0 ? micros : null;
  };
}

export async function executeSessionWindowAggregate(p: Node, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const n = input.numRows;
  const keys = await Promise.all(p.groupBy.map(async (g) => (await ctx.compile(g))(input)));
  const ts = (await ctx.compile(p.ts))(input);
  const gapOf = gapReader((await ctx.compile(p.gap))(input));
  const args = await Promise.all(p.aggregates.map((a) => Promise.all(a.args.map(async (x) => (await ctx.compile(x))(input)))));
  const filters = await Promise.all(p.aggregates.map(async (a) => (a.filter ? new Set(selectedRows((await ctx.compile(a.filter))(input), n)) : undefined)));
  const st = p.stateful ? ctx.streaming : undefined;
  const lateMicros = st && p.stateful!.outputMode !== 'complete' ? st.batch.lateWatermarkMs * 1000 : -Infinity;

  // Each usable event as a one-event session, grouped by key.
  const tsData = ts.data as FixedData;
  const starts = new Float64Array(n), ends = new Float64Array(n);
  const usable: number[] = [];
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    if (ts.nulls !== null && ts.nulls[i] === 1) continue;
    const gap = gapOf(i);
    if (gap === null) continue;
    starts[i] = tsData[i]!;
    ends[i] = tsData[i]! + gap;
    if (ends[i]! <= lateMicros) { dropped++; continue; }
    usable.push(i);
  }
  const rows = Int32Array.from(usable);
  const groups = assignGroups(keys.map((k) => takeRows(k, rows)), rows.length);
  const members: number[][] = Array.from({ length: groups.numGroups }, () => []);
  for (let k = 0; k < rows.length; k++) members[groups.ids[k]!]!.push(rows[k]!);

  const codec = new StateKeyCodec(p.groupBy.map((g) => g.type));
  const stores = st ? await openOperatorStores(st, p.stateful!.operatorId) : [];
  const keyValues = members.map((_, g) => keys.map((k) => valueAt(k, rows[groups.firstRow[g]!]!)));
  const keyBytes = keyValues.map((v) => codec.encode(v));
  const stored: (Session[] | undefined)[] = new Array(groups.numGroups);
  if (st) {
    const byPart: number[][] = stores.map(() => []);
    keyBytes.forEach((b, g) => byPart[hashPartition(b, stores.length)]!.push(g));
    await Promise.all(byPart.map(async (gs, part) => {
      if (gs.length === 0) return;
      const values = await stores[part]!.getMany(gs.map((g) => keyBytes[g]!));
      values.forEach((v, k) => { if (v) stored[gs[k]!] = fromStored(v); });
    }));
  }

  // Merge per key; every merged session gets an accumulator slot.
  const slotOfRow = new Int32Array(n).fill(-1);
  const merged: { g: number; start: number; end: number; stored: Session[] }[] = [];
  for (let g = 0; g < groups.numGroups; g++) {
    type Item = { start: number; end: number; row?: number; session?: Session };
    const items: Item[] = [
      ...(stored[g] ?? []).map((s) => ({ start: s.start, end: s.end, session: s })),
      ...members[g]!.map((i) => ({ start: starts[i]!, end: ends[i]!, row: i })),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
    let cur: { g: number; start: number; end: number; stored: Session[] } | undefined;
    for (const it of items) {
      if (!cur || it.start >= cur.end) { cur = { g, start: it.start, end: it.end, stored: [] }; merged.push(cur); }
      else cur.end = Math.max(cur.end, it.end);
      if (it.session) cur.stored.push(it.session);
      else slotOfRow[it.row!] = merged.length - 1;
    }
  }
  const accs = p.aggregates.map(streamingAccumulator);
  for (const a of accs) a.resize(Math.max(merged.length, 1));
  merged.forEach((m, slot) => { for (const s of m.stored) accs.forEach((a, i) => a.mergeState(slot, s.states[i])); });
  const used = selectedRows({ type: { kind: 'boolean' }, length: n, data: slotOfRow.map((s) => (s >= 0 ? 1 : 0)), nulls: null }, n);
  accs.forEach((a, i) => {
    const f = filters[i];
    a.update(slotOfRow, args[i]!, n, f ? used.filter((r) => f.has(r)) : used);
  });
  const sessions: Session[] = merged.map((m, slot) => ({ start: m.start, end: m.end, states: accs.map((a) => a.getState(slot)) }));

  const outKeys: unknown[][] = [], outSessions: Session[] = [];
  if (!st) {
    merged.forEach((m, slot) => { outKeys.push(keyValues[m.g]!); outSessions.push(sessions[slot]!); });
    return outputBatch(p, outKeys, outSessions);
  }

  // Save, then emit by output mode (and forget what append mode emitted).
  const byKey: Session[][] = Array.from({ length: groups.numGroups }, () => []);
  merged.forEach((m, slot) => byKey[m.g]!.push(sessions[slot]!));
  byKey.forEach((list, g) => stores[hashPartition(keyBytes[g]!, stores.length)]!.put(keyBytes[g]!, toStored(list)));
  const wm = st.batch.watermarkMs * 1000;
  let removed = 0;
  for (const store of stores) {
    const changes: [Uint8Array, Session[]][] = [];
    for await (const [k, v] of store.iterator()) {
      const list = fromStored(v);
      const key = codec.decode(k);
      if (p.stateful!.outputMode === 'complete') { for (const s of list) { outKeys.push(key); outSessions.push(s); } continue; }
      if (st.batch.watermarkMs <= 0) continue;
      const done = list.filter((s) => s.end <= wm);
      if (done.length === 0) continue;
      for (const s of done) { outKeys.push(key); outSessions.push(s); }
      removed += done.length;
      changes.push([k, list.filter((s) => s.end > wm)]);
    }
    for (const [k, rest] of changes) { if (rest.length) store.put(k, toStored(rest)); else store.remove(k); }
  }
  await reportProgress(stores, st.stateOperators, sessions.length, removed, dropped);
  return outputBatch(p, outKeys, outSessions);
}

async function reportProgress(stores: StateStore[], into: import('../incremental-query.js').StateOperatorProgress[], updated: number, removed: number, dropped: number): Promise<void> {
  let total = 0, memory = 0;
  for (const s of stores) { total += await s.numKeys(); memory += s.metrics().memoryUsedBytes; }
  into.push({ operatorName: 'sessionWindowStateStoreSave', numRowsTotal: total, numRowsUpdated: updated, numRowsRemoved: removed, numRowsDroppedByWatermark: dropped, memoryUsedBytes: memory });
}

function toStored(list: readonly Session[]): Uint8Array {
  return encodeStates(list.map((s) => [s.start, s.end, s.states]));
}
function fromStored(bytes: Uint8Array): Session[] {
  return (decodeStates(bytes) as [number, number, unknown[]][]).map(([start, end, states]) => ({ start, end, states }));
}

function takeRows(c: Column, rows: Int32Array): Column {
  const values = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) values[k] = valueAt(c, rows[k]!);
  return fromValues(c.type, values);
}

function outputBatch(p: Node, keys: unknown[][], sessions: Session[]): Batch {
  const m = sessions.length;
  const keyColumns = p.groupBy.map((g, c) => fromValues(g.type, keys.map((k) => k[c])));
  keyColumns.splice(p.sessionKeyIndex, 0, fromValues(WindowStructType, sessions.map((s) => ({ start: s.start, end: s.end }))));
  const results = resultsFromStates(p.aggregates, sessions.map((s) => s.states));
  return { schema: p.schema, columns: [...keyColumns, ...results], numRows: m };
}
