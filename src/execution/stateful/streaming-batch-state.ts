/**
 * What the stateful operators of one micro-batch share: the batch's context (watermarks, state version), the
 * state store manager, and what the batch reports back (largest event times, state operator progress, and the
 * stores to commit together once the whole plan has run, so a batch's state changes land atomically).
 */
import type { StateStore } from '../../state/state-store.js';
import type { StateStoreManager } from '../../state/state-store-manager.js';
import type { BatchContext, StateOperatorProgress } from '../incremental-query.js';

export interface StreamingBatchState {
  readonly batch: BatchContext;
  readonly stateManager: StateStoreManager | undefined;
  readonly numStatePartitions: number;
  /** Per watermark definition: the largest event time (ms) in this batch's input. */
  readonly maxEventTimeMs: number[];
  readonly stateOperators: StateOperatorProgress[];
  readonly storesToCommit: StateStore[];
}

/** Opens (once per batch) the stores of every state partition of an operator at the batch's state version. */
export async function openOperatorStores(st: StreamingBatchState, operatorId: number): Promise<StateStore[]> {
  if (!st.stateManager) throw new Error('internal: stateful operator without a state store');
  const stores: StateStore[] = [];
  for (let p = 0; p < st.numStatePartitions; p++) {
    const s = await st.stateManager.getStore(operatorId, p, st.batch.stateVersion);
    stores.push(s);
    st.storesToCommit.push(s);
  }
  return stores;
}
