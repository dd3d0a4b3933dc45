/**
 * Streaming aggregation (StateStoreRestore → aggregate → StateStoreSave in one operator).
 *
 * Per micro-batch:
 *  1. find the batch's distinct keys (batch-groups.ts), dropping rows whose event-time key is at or before the
 *     previous batch's watermark (late rows); event-time windows are computed by panes there;
 *  2. fetch the stored state of exactly those keys — one packed multi-get per state partition — and merge the
 *     batch in after it;
 *  3. write the merged state of every touched key, packed, in the order it was read (a LevelDB write batch at
 *     commit);
 *  4. emit by output mode — complete: every stored group; update: the groups this batch touched; append: the
 *     groups the current watermark has passed, which are then removed — and in update mode remove the groups
 *     the watermark passed (after emitting those this batch touched).
 *
 * State layout: key = the grouping values (state-key-codec.ts), partition = murmur3(key) mod the number of
 * state partitions; value = each aggregate's partial state (state-value-codec.ts).
 */
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import { runtimeError } from '../../types/errors.js';
import type { Batch } from '../batch.js';
import type { Column } from '../column.js';
import { fromValues } from '../expression-compiler.js';
import type { ExecutionContext } from '../plan-executor.js';
import { groupsByRows, groupsByWindowPanes, resultsFromStates, streamingAccumulator } from './batch-groups.js';
import { eventTimeOfValue } from './event-time.js';
import { StateKeyCodec } from './state-key-codec.js';
import { partitionKeys } from './partitioned-keys.js';
import { decodeStates, GroupStateCodec } from './state-value-codec.js';
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
  const touchedKeys = batch.keyColumns();
  const partitions = partitionKeys(codec.encodeColumns(touchedKeys, numGroups), stores.length);
  const states = new GroupStateCodec(accs);

  // Restore: the stored state of every key this batch touches, merged in before the batch's rows.
  await Promise.all(partitions.map(async ({ keys, groups }, part) => {
    if (groups.length === 0) return;
    states.mergeFound(await stores[part]!.getManyPacked(keys), groups);
  }));
  // Order-sensitive aggregates (first, last, collect_list) see the stored rows first.
  batch.apply(accs);

  // Save, with the keys just read, in the same order (the store's fast path).
  partitions.forEach(({ keys, groups }, part) => {
    if (groups.length > 0) stores[part]!.putManyPacked(keys, states.encodeGroups(groups));
  });

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
  // Update mode emits every group the batch changed, even one the watermark evicts right after (as Spark does).
  if (p.outputMode === 'update') {
    return { schema: p.schema, columns: [...touchedKeys, ...accs.map((a) => a.result(numGroups))], numRows: numGroups };
  }
  return outputBatch(p, keyTypes, outKeys, outStates);
}

function outputBatch(p: Node, keyTypes: readonly Column['type'][], keys: unknown[][], states: unknown[][]): Batch {
  const m = keys.length;
  const keyColumns = keyTypes.map((t, c) => fromValues(t, keys.map((k) => k[c])));
  return { schema: p.schema, columns: [...keyColumns, ...resultsFromStates(p.aggregates, states)], numRows: m };
}

