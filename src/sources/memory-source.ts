/**
 * The memory source (Spark's MemoryStream): rows a program or test appends with `addData`; mostly for tests and
 * examples. The offset is the number of rows appended so far (a JSON number), so batch (a, b] holds rows a..b−1
 * in append order. Replayable while the process lives: rows are kept until a batch that covers them commits.
 * Nothing is persisted, so a query restarted in a new process finds none of the old rows.
 *
 * ```ts
 * const src = createMemorySource({}, schema([field('word', StringType)]));
 * src.addData([{ word: 'a' }, { word: 'b' }]);   // offset 2
 * ```
 */
import { batchFromRows, makeBatch, sliceBatch, type Batch } from '../execution/batch.js';
import type { Offset, Source } from '../execution/source.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { ConnectorOptions } from './source-options.js';

export type MemoryRows = readonly (Readonly<Record<string, unknown>> | readonly unknown[])[];

export class MemorySource implements Source {
  readonly replayable = true;
  readonly description: string;
  /** Appended batches not yet discarded; `end` is the row count after each. */
  private chunks: { readonly end: number; readonly batch: Batch }[] = [];
  private total = 0;
  private discardedUpTo = 0;
  private availableNowBound: number | null = null;

  constructor(private readonly rowSchema: Schema, name?: string) {
    this.description = `MemoryStream[${name ?? rowSchema.fields.map((f) => f.name).join(',')}]`;
  }

  schema(): Schema {
    return this.rowSchema;
  }

  /**
   * Appends rows (objects keyed by column name, arrays in column order, or a batch of this schema) and returns
   * the new offset. Values use the internal representation (timestamps in microseconds, see data-type.ts).
   */
  addData(data: Batch | MemoryRows): number {
    const batch = isBatch(data) ? this.checkBatch(data) : batchFromRows(this.rowSchema, data);
    if (batch.numRows > 0) {
      this.total += batch.numRows;
      this.chunks.push({ end: this.total, batch });
    }
    return this.total;
  }

  /** The row count (limits do not apply: every appended row is available). */
  async latestOffset(_start?: Offset | null): Promise<Offset | null> {
    const latest = this.availableNowBound === null ? this.total : Math.min(this.total, this.availableNowBound);
    return latest === 0 ? null : latest;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<Batch[]> {
    const from = start === null ? 0 : this.toCount(start);
    const to = this.toCount(end);
    if (to > this.total) {
      throw new SluiceError('RUNTIME_ERROR',
        `${this.description} holds ${this.total} rows but batch (${from}, ${to}] was asked for; a memory source keeps no data across processes`);
    }
    if (from < this.discardedUpTo) {
      throw new SluiceError('RUNTIME_ERROR', `${this.description}: rows up to ${this.discardedUpTo} were committed and discarded`);
    }
    const out: Batch[] = [];
    let chunkStart = this.discardedUpTo;
    for (const c of this.chunks) {
      const lo = Math.max(from, chunkStart), hi = Math.min(to, c.end);
      if (lo < hi) out.push(sliceBatch(c.batch, lo - chunkStart, hi - chunkStart));
      chunkStart = c.end;
      if (chunkStart >= to) break;
    }
    return out;
  }

  async commit(end: Offset): Promise<void> {
    const upTo = this.toCount(end);
    while (this.chunks.length > 0 && this.chunks[0]!.end <= upTo) {
      this.discardedUpTo = this.chunks[0]!.end;
      this.chunks.shift();
    }
  }

  async prepareForAvailableNow(): Promise<void> {
    this.availableNowBound = this.total;
  }

  async stop(): Promise<void> {}

  private toCount(o: Offset): number {
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
      throw new SluiceError('CHECKPOINT_ERROR', `${this.description} cannot use offset ${JSON.stringify(o)}: it expects a row count`);
    }
    return o;
  }

  private checkBatch(b: Batch): Batch {
    if (b.columns.length !== this.rowSchema.fields.length) {
      throw new SluiceError('RUNTIME_ERROR',
        `${this.description}: a batch of ${b.columns.length} columns cannot be added to a stream of ${this.rowSchema.fields.length}`);
    }
    return makeBatch(this.rowSchema, b.columns, b.numRows);
  }
}

export function createMemorySource(options: Readonly<Record<string, string>>, schema?: Schema): MemorySource {
  const o = new ConnectorOptions(options, 'memory source');
  if (schema === undefined || schema.fields.length === 0) throw o.error('a schema is required (declare the columns)');
  return new MemorySource(schema, o.string('name'));
}

function isBatch(d: Batch | MemoryRows): d is Batch {
  return !Array.isArray(d) && typeof (d as Batch).numRows === 'number' && Array.isArray((d as Batch).columns);
}
