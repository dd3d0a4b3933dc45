/**
 * The foreachBatch sink: hands each batch's output, as one batch, to a function of the user's (Spark's
 * `writeStream.foreachBatch`). Exactly-once is the function's business: it receives the batch id, which is the
 * same when a batch is re-run after a failure, so it can skip or overwrite what it already wrote for that id.
 *
 * ```ts
 * const sink = createForeachBatchSink(async (batch, batchId) => {
 *   await fs.promises.writeFile(`out/${batchId}.json`, JSON.stringify(batchToRows(batch)));
 * });
 * ```
 */
import { concatBatches, type Batch } from '../execution/batch.js';
import type { Sink, SinkBatchInfo } from '../execution/sink.js';

export type ForeachBatchFunction = (batch: Batch, batchId: number) => void | Promise<void>;

export class ForeachBatchSink implements Sink {
  readonly description = 'ForeachBatchSink';

  constructor(private readonly fn: ForeachBatchFunction) {}

  async addBatch(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void> {
    await this.fn(concatBatches(info.schema, data), batchId);
  }
}

export function createForeachBatchSink(fn: ForeachBatchFunction): ForeachBatchSink {
  return new ForeachBatchSink(fn);
}
