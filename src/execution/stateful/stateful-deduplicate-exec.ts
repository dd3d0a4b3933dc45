/**
 * Streaming deduplication: the first row of each key is emitted, later ones are dropped, across all batches.
 * State: key = the key values (state-key-codec.ts); value = the key's event time in µs as 8 bytes (or empty
 * without an event-time key). With an event-time key, rows at or before the previous watermark are late and
 * dropped, and keys the current watermark has passed are removed. `dropDuplicatesWithinWatermark` keeps a key
 * until its first event time plus the watermark delay has passed.
 */
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { hashPartition } from '../../state/hash-partition.js';
import { runtimeError } from '../../types/errors.js';
import { takeBatch, type Batch } from '../batch.js';
import { valueAt } from '../column.js';
import type { ExecutionContext } from '../plan-executor.js';
import { eventTimeOfValue } from './event-time.js';
import { StateKeyCodec } from './state-key-codec.js';
import { openOperatorStores } from './streaming-batch-state.js';

type Node = Extract<PhysicalPlan, { kind: 'statefulDeduplicate' }>;

const EMPTY = new Uint8Array(0);

function encodeTime(micros: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, micros, true);
  return b;
}
function decodeTime(b: Uint8Array): number | null {
  return b.length === 8 ? new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true) : null;
}

export async function executeStatefulDeduplicate(p: Node, ctx: ExecutionContext): Promise<Batch> {
  const st = ctx.streaming;
  if (!st) throw runtimeError('internal: a stateful deduplication outside a streaming query');
  const input = await ctx.run(p.input);
  const keys = await Promise.all(p.keys.map(async (k) => (await ctx.compile(k))(input)));
  const codec = new StateKeyCodec(p.keys.map((k) => k.type));
  const stores = await openOperatorStores(st, p.operatorId);
  const et = p.eventTime;
  const timeColumn = p.eventTimeColumn !== undefined ? input.columns[p.eventTimeColumn]! : undefined;
  const lateMicros = st.batch.lateWatermarkMs * 1000;

  let dropped = 0;
  const candidates = new Map<string, { row: number; bytes: Uint8Array; time: number | null; part: number }>();
  for (let i = 0; i < input.numRows; i++) {
    const values = keys.map((k) => valueAt(k, i));
    const time = et ? eventTimeOfValue(values[et.keyIndex], et) : timeColumn ? (valueAt(timeColumn, i) as number | null) : null;
    if ((et || timeColumn) && st.batch.lateWatermarkMs > 0 && time !== null && time <= lateMicros) { dropped++; continue; }
    const bytes = codec.encode(values);
    const id = Buffer.from(bytes).toString('latin1');
    if (!candidates.has(id)) candidates.set(id, { row: i, bytes, time, part: hashPartition(bytes, stores.length) });
  }
  const byPart = Array.from({ length: stores.length }, () => [] as { row: number; bytes: Uint8Array; time: number | null }[]);
  for (const c of candidates.values()) byPart[c.part]!.push(c);
  const emit: number[] = [];
  await Promise.all(byPart.map(async (cs, part) => {
    if (cs.length === 0) return;
    const seen = await stores[part]!.getMany(cs.map((c) => c.bytes));
    cs.forEach((c, k) => {
      if (seen[k]) return;
      emit.push(c.row);
      stores[part]!.put(c.bytes, c.time === null ? EMPTY : encodeTime(c.time));
    });
  }));
  emit.sort((a, b) => a - b);

  let removed = 0;
  if (st.batch.watermarkMs > 0 && (et || p.withinWatermarkDelayMs !== undefined)) {
    const wm = st.batch.watermarkMs * 1000;
    const delay = (p.withinWatermarkDelayMs ?? 0) * 1000;
    for (const store of stores) {
      const expired: Uint8Array[] = [];
      for await (const [k, v] of store.iterator()) {
        const t = decodeTime(v);
        if (t !== null && t + delay <= wm) expired.push(k);
      }
      for (const k of expired) store.remove(k);
      removed += expired.length;
    }
  }
  let total = 0, memory = 0;
  for (const s of stores) { total += await s.numKeys(); memory += s.metrics().memoryUsedBytes; }
  st.stateOperators.push({
    operatorName: 'dedupe', numRowsTotal: total, numRowsUpdated: emit.length, numRowsRemoved: removed,
    numRowsDroppedByWatermark: dropped, memoryUsedBytes: memory,
  });
  return { ...takeBatch(input, emit), schema: p.schema };
}
