/**
 * The IncrementalQuery StreamExecution runs: an incremental physical plan (planner/streaming) executed once per
 * micro-batch with the sources' new rows, its stateful operators reading state at the batch's version and all
 * their changes committed in one atomic write at the end of the batch (before the sink sees the output).
 */
import { StateStoreManager } from '../../state/state-store-manager.js';
import type { IncrementalPlan } from '../../planner/streaming/incremental-planner.js';
import { concatBatches, type Batch } from '../batch.js';
import type { BatchContext, BatchResult, IncrementalQuery } from '../incremental-query.js';
import { executePlan } from '../plan-executor.js';
import type { OutputMode } from '../sink.js';
import type { StreamingBatchState } from './streaming-batch-state.js';

/**
 * How often old state versions are cleaned up, in ms (Spark's default maintenance interval). Maintenance runs in
 * the background, beside the batches (the store lets commits proceed meanwhile), so it never adds to a batch's
 * duration.
 */
const MAINTENANCE_INTERVAL_MS = 60_000;

export interface PlannedIncrementalQueryOptions {
  /** The checkpoint's `state/` directory. */
  readonly stateDir: string;
  readonly numStatePartitions: number;
}

export class PlannedIncrementalQuery implements IncrementalQuery {
  readonly sourceNames: readonly string[];
  readonly outputSchema: Batch['schema'];
  readonly outputMode: OutputMode;
  readonly watermarkDelaysMs: readonly number[];
  readonly hasState: boolean;
  readonly stateConf: Readonly<Record<string, string>>;
  private manager: StateStoreManager | undefined;
  private lastMaintenanceMs = Date.now();
  private maintenance: Promise<void> | undefined;

  constructor(private readonly plan: IncrementalPlan, private readonly opts: PlannedIncrementalQueryOptions) {
    this.sourceNames = plan.sources.map((s) => s.name);
    this.outputSchema = plan.physical.schema;
    this.outputMode = plan.outputMode;
    this.watermarkDelaysMs = plan.watermarkDelaysMs;
    this.hasState = plan.statefulOperators > 0;
    this.stateConf = this.hasState
      ? { 'sluice.sql.shuffle.partitions': String(opts.numStatePartitions), 'sluice.state.operators': plan.stateFingerprint }
      : {};
  }

  async runBatch(inputs: readonly (readonly Batch[])[], ctx: BatchContext): Promise<BatchResult> {
    if (this.hasState && !this.manager) this.manager = await StateStoreManager.open(this.opts.stateDir);
    const streamInputs = inputs.map((bs, i) => concatBatches(this.plan.sources[i]!.schema, bs));
    const st: StreamingBatchState = {
      batch: ctx, stateManager: this.manager, numStatePartitions: this.opts.numStatePartitions,
      maxEventTimeMs: this.watermarkDelaysMs.map(() => -Infinity), stateOperators: [], storesToCommit: [],
    };
    let output: Batch;
    try {
      output = await executePlan(this.plan.physical, streamInputs, st);
    } catch (err) {
      for (const s of st.storesToCommit) s.abort();
      throw err;
    }
    if (st.storesToCommit.length > 0) await this.manager!.commitAll(st.storesToCommit);
    this.maybeStartMaintenance();
    return { output: output.numRows > 0 ? [output] : [], maxEventTimeMs: st.maxEventTimeMs, stateOperators: st.stateOperators };
  }

  needsNoDataBatch(): boolean {
    return this.plan.usesWatermarkState;
  }

  private maybeStartMaintenance(): void {
    const m = this.manager;
    if (!m || this.maintenance || Date.now() - this.lastMaintenanceMs < MAINTENANCE_INTERVAL_MS) return;
    this.lastMaintenanceMs = Date.now();
    // A failed cleanup loses nothing (old versions simply stay); the next interval tries again.
    this.maintenance = m.maintenance().catch(() => undefined).finally(() => { this.maintenance = undefined; });
  }

  async close(): Promise<void> {
    await this.maintenance;
    const m = this.manager;
    this.manager = undefined;
    await m?.close();
  }
}
