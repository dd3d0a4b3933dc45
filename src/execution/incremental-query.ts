/**
 * What StreamExecution runs each micro-batch: the query's plan, incrementalized. The planner builds it once per
 * query run; StreamExecution calls `runBatch` with each streaming source's new rows (in the order of
 * `sourceNames`) and gets back the rows to hand to the sink, plus what the batch saw of event time.
 */
import type { Schema } from '../types/schema.js';
import type { Batch } from './batch.js';
import type { OutputMode } from './sink.js';

export interface BatchContext {
  readonly batchId: number;
  /** The watermark in effect for this batch (from the offset log); state is evicted against it. 0 when none. */
  readonly watermarkMs: number;
  /**
   * The previous batch's watermark: input rows at or before it are late and dropped by stateful operators
   * (Spark 3.5+ splits the two so that a batch's own eviction cannot make its own input late).
   */
  readonly lateWatermarkMs: number;
  readonly batchTimestampMs: number;
  /** The state version this batch reads; it writes `stateVersion + 1`. Equal to the batch id. */
  readonly stateVersion: number;
}

export interface StateOperatorProgress {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly numRowsRemoved: number;
  readonly numRowsDroppedByWatermark: number;
  readonly memoryUsedBytes: number;
}

export interface BatchResult {
  readonly output: readonly Batch[];
  /**
   * Per watermark definition (same order as `watermarkDelaysMs`), the largest event time seen in this batch's
   * input, in ms; -Infinity where the batch had no rows for it.
   */
  readonly maxEventTimeMs: readonly number[];
  readonly stateOperators: readonly StateOperatorProgress[];
}

export interface IncrementalQuery {
  /** Names of the streaming sources the plan reads, in the order `runBatch` expects their rows. */
  readonly sourceNames: readonly string[];
  readonly outputSchema: Schema;
  readonly outputMode: OutputMode;
  /** One entry per `WATERMARK FOR` / `withWatermark` in the plan: its delay in ms. */
  readonly watermarkDelaysMs: readonly number[];
  readonly hasState: boolean;
  /** Settings that shape state (e.g. number of state partitions, a plan fingerprint); stored in the offset log. */
  readonly stateConf: Readonly<Record<string, string>>;
  runBatch(inputs: readonly (readonly Batch[])[], ctx: BatchContext): Promise<BatchResult>;
  /** True when a batch without new data would emit or evict something under the watermark `watermarkMs`. */
  needsNoDataBatch(watermarkMs: number): boolean;
  close(): Promise<void>;
}
