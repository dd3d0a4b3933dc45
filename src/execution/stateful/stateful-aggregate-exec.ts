/**
 * Streaming aggregation (StateStoreRestore → aggregate → StateStoreSave in one operator).
 *
 * Per micro-batch:
 *  1. find the batch's distinct keys (batch-groups.ts), dropping rows whose event-time key is at or before the
 *     previous batch's watermark (late rows); event-time windows are computed by panes there;
 *  2. fetch the stored state of exactly those keys — one multi-get per state partition — and merge the batch
 *     in after it;
 *  3. write the merged state of every touched key (a LevelDB write batch at commit);
 *  4. emit by output mode — complete: every stored group; update: the groups this batch touched; append: the
 *     groups the current watermark has passed, which are then removed — and in update mode remove the groups
 *     the watermark passed (after emitting those this batch touched).
 *
 * State layout: key = the grouping values (state-key-codec.ts), partition = murmur3(key) mod the number of
 * state partitions; value = each aggregate's partial state (state-value-codec.ts).
 */
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { hashPartition } from '../../state/hash-partition.js';
import { runtimeError } from '../../types/errors.js';
import type { Batch } from '../batch.js';
import type { Column } from '../column.js';
import { fromValues } from '../expression-compiler.js';
import type { ExecutionContext } from '../plan-executor.js';
import { groupsByRows, groupsByWindowPanes, resultsFromStates, streamingAccumulator } from './batch-groups.js';
import { eventTimeOfValue } from './event-time.js';
import { StateKeyCodec } from './state-key-codec.js';
import { decodeStates, encodeStates } from './state-value-codec.js';
import { openOperatorStores } from './streaming-batch-state.js';

type Node = Extract<PhysicalPlan, { kind: 'statefulAggregate' }>;

export async function executeStatefulAggregate(p: Node, ctx: ExecutionContext): Promise<Batch> {
  const st = ctx.streaming;
  if (!st) throw runtimeError('internal: a stateful aggregate outside a streaming query');
  const input = await ctx.run(p.input);
  // Complete mode keeps every group, so the watermark drops nothing there (as in Spark).
  const lateMicros = p.eventTime && p.outputMode !== 'complete' ? st.batch.lateWatermarkMs * 1000 : 0;
  const batch = p.windowKey ? await groupsByWindowPanes(p, input, ctx, lateMicros) : await groupsByRows(p, input, ctx, lateMicros);
  const { numGroups, dropped } = batch;
  const et = p.eventTime;
  const accs = p.aggregates.map(streamingAccumulator);
  for (const a of accs) a.resize(Math.max(numGroups, 1));

  const keyTypes = p.groupBy.map((g) => g.type);
  const codec = new StateKeyCodec(keyTypes, et?.keyIndex);
  const stores = await openOperatorStores(st, p.operatorId);
  const parts = stores.length;

  // Restore: the stored state of every key this batch touches, merged in before the batch's rows.
  const keyValues: unknown[][] = new Array(numGroups);
  const keyBytes: Uint8Array[] = new Array(numGroups);
  const partOf = new Int32Array(numGroups);
  const byPart: number[][] = Array.from({ length: parts }, () => []);
  for (let g = 0; g < numGroups; g++) {
    const values = batch.keyValues(g);
    keyValues[g] = values;
    keyBytes[g] = codec.encode(values);
    partOf[g] = hashPartition(keyBytes[g]!, parts);
    byPart[partOf[g]!]!.push(g);
  }
  await Promise.all(byPart.map(async (gs, part) => {
    if (gs.length === 0) return;
    const stored = await stores[part]!.getMany(gs.map((g) => keyBytes[g]!));
    stored.forEach((bytes, k) => {
      if (!bytes) return;
      const states = decodeStates(bytes);
      accs.forEach((a, i) => a.mergeState(gs[k]!, states[i]));
    });
  }));
  // Order-sensitive aggregates (first, last, collect_list) see the stored rows first.
  batch.apply(accs);

  // Save.
  const mergedStates: unknown[][] = new Array(numGroups);
  for (let g = 0; g < numGroups; g++) {
    mergedStates[g] = accs.map((a) => a.getState(g));
    stores[partOf[g]!]!.put(keyBytes[g]!, encodeStates(mergedStates[g]!));
  }

  // Emit and evict.
  const watermarkMicros = st.batch.watermarkMs * 1000;
  const passed = (values: readonly unknown[]): boolean => {
    if (!et || st.batch.watermarkMs <= 0) return false;
    const t = eventTimeOfValue(values[et.keyIndex], et);
    return t !== null && t <= watermarkMicros;
  };
  const outKeys: unknown[][] = [];
  const outStates: unknown[][] = [];
  let removed = 0;
  if (p.outputMode === 'complete') {
    for (const store of stores) {
      for await (const [k, v] of store.iterator()) { outKeys.push(codec.decode(k)); outStates.push(decodeStates(v)); }
    }
  } else {
    if (p.outputMode === 'update') {
      // Every group the batch changed is emitted, even one the watermark evicts right after (as Spark does).
      for (let g = 0; g < numGroups; g++) { outKeys.push(keyValues[g]!); outStates.push(mergedStates[g]!); }
    }
    if (et && st.batch.watermarkMs > 0) {
      for (const store of stores) {
        const expired: Uint8Array[] = [];
        // Keys are in event-time order (state-key-codec.ts): stop at the first one the watermark has not passed.
        for await (const [k, v] of store.iterator()) {
          const values = codec.decode(k);
          if (!passed(values)) break;
          expired.push(k);
          if (p.outputMode === 'append') { outKeys.push(values); outStates.push(decodeStates(v)); }
        }
        for (const k of expired) store.remove(k);
        removed += expired.length;
      }
    }
  }

  let numRowsTotal = 0, memory = 0;
  for (const s of stores) { numRowsTotal += await s.numKeys(); memory += s.metrics().memoryUsedBytes; }
  st.stateOperators.push({
    operatorName: 'stateStoreSave', numRowsTotal, numRowsUpdated: numGroups, numRowsRemoved: removed,
    numRowsDroppedByWatermark: dropped, memoryUsedBytes: memory,
  });
  return outputBatch(p, keyTypes, outKeys, outStates);
}

function outputBatch(p: Node, keyTypes: readonly Column['type'][], keys: unknown[][], states: unknown[][]): Batch {
  const m = keys.length;
  const keyColumns = keyTypes.map((t, c) => fromValues(t, keys.map((k) => k[c])));
  return { schema: p.schema, columns: [...keyColumns, ...resultsFromStates(p.aggregates, states)], numRows: m };
}

