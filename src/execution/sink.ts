/**
 * The Sink contract (DESIGN.md §5). `addBatch` must be idempotent per batch id: after a crash the engine may
 * hand the same batch id again with the same rows, and the sink must not apply it twice.
 */
import type { Schema } from '../types/schema.js';
import type { Batch } from './batch.js';

export type OutputMode = 'append' | 'update' | 'complete';

export interface SinkBatchInfo {
  readonly schema: Schema;
  readonly outputMode: OutputMode;
  /** The query's id (stable across restarts), for sinks that record which batches they applied. */
  readonly queryId: string;
}

export interface Sink {
  addBatch(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void>;
  /** Called once when the query ends, for sinks that hold connections or files open. */
  stop?(): Promise<void>;
}
