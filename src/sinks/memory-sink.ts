/**
 * The memory sink: keeps a query's output in memory as a queryable table (Spark's `format('memory')`), for tests,
 * notebooks and `session.table(queryName)`.
 *
 * In append and update mode every batch's rows are added; in complete mode each batch replaces the table (it holds
 * the whole result). Idempotent per batch id: a batch id at or below the last one added is ignored, so a batch
 * re-run after a failure is not applied twice.
 *
 * ```ts
 * const sink = createMemorySink({ queryName: 'counts' });
 * // … run a query into it …
 * sink.rows();       // [{ word: 'to', n: 2 }, …] — values in the internal representation (data-type.ts)
 * sink.batches();    // [{ batchId: 0, rows: [...] }, …]
 * ```
 */
import { batchToRows, concatBatches, emptyBatch, type Batch } from '../execution/batch.js';
import type { Sink, SinkBatchInfo } from '../execution/sink.js';
import { schema as makeSchema, type Schema } from '../types/schema.js';

export interface MemorySinkBatch {
  readonly batchId: number;
  readonly data: Batch;
}

export class MemorySink implements Sink {
  readonly description: string;
  private added: MemorySinkBatch[] = [];
  private lastBatchId = -1;
  private outputSchema: Schema | undefined;

  constructor(readonly name: string | null = null) {
    this.description = `MemorySink${name !== null ? `[${name}]` : ''}`;
  }

  async addBatch(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    this.outputSchema = info.schema;
    const entry = { batchId, data: concatBatches(info.schema, data) };
    if (info.outputMode === 'complete') this.added = [entry];
    else this.added.push(entry);
    this.lastBatchId = batchId;
  }

  /** The id of the last batch added, -1 before the first. */
  get latestBatchId(): number {
    return this.lastBatchId;
  }

  /** The output schema, once a batch has been added. */
  get schema(): Schema | undefined {
    return this.outputSchema;
  }

  /** Every row of the table as an object keyed by column name. */
  rows(): Record<string, unknown>[] {
    return this.added.flatMap((b) => batchToRows(b.data));
  }

  /** The batches that make up the table, oldest first (in complete mode only the last one). */
  batches(): { readonly batchId: number; readonly rows: Record<string, unknown>[] }[] {
    return this.added.map((b) => ({ batchId: b.batchId, rows: batchToRows(b.data) }));
  }

  /** The batches that make up the table as columnar batches, oldest first. */
  batchData(): readonly MemorySinkBatch[] {
    return this.added;
  }

  /** The whole table as one batch. */
  toBatch(): Batch {
    const s = this.outputSchema ?? makeSchema([]);
    return this.added.length === 0 ? emptyBatch(s) : concatBatches(s, this.added.map((b) => b.data));
  }

  clear(): void {
    this.added = [];
  }
}

export function createMemorySink(options: Readonly<Record<string, string>> = {}): MemorySink {
  let name: string | null = null;
  for (const [k, v] of Object.entries(options)) if (k.toLowerCase() === 'queryname' || k.toLowerCase() === 'name') name = String(v);
  return new MemorySink(name);
}
