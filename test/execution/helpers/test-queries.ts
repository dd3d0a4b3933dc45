/**
 * Small real IncrementalQuery implementations for exercising StreamExecution without the planner: they do what a
 * planned query would do for the simplest plans, over real batches.
 */
import { batchFromRows, batchToRows, type Batch } from '../../../src/execution/batch.js';
import { valueAt } from '../../../src/execution/column.js';
import type { BatchContext, BatchResult, IncrementalQuery } from '../../../src/execution/incremental-query.js';
import type { OutputMode } from '../../../src/execution/sink.js';
import { BigIntType, StringType, TimestampType } from '../../../src/types/data-type.js';
import { field, fieldIndex, schema, type Schema } from '../../../src/types/schema.js';

/** SELECT * FROM each source, unioned; optionally filtered by a row predicate. Records every call. */
export class PassThroughQuery implements IncrementalQuery {
  readonly outputMode: OutputMode = 'append';
  readonly watermarkDelaysMs: readonly number[] = [];
  readonly hasState = false;
  readonly calls: { ctx: BatchContext; inputRows: Record<string, unknown>[][] }[] = [];
  closed = 0;

  constructor(
    readonly outputSchema: Schema,
    readonly sourceNames: readonly string[] = ['in'],
    readonly stateConf: Readonly<Record<string, string>> = {},
    private readonly keep: (row: Record<string, unknown>) => boolean = () => true,
  ) {}

  async runBatch(inputs: readonly (readonly Batch[])[], ctx: BatchContext): Promise<BatchResult> {
    const inputRows = inputs.map((bs) => bs.flatMap((b) => batchToRows(b)));
    this.calls.push({ ctx, inputRows });
    const rows = inputRows.flat().filter(this.keep);
    return { output: [batchFromRows(this.outputSchema, rows)], maxEventTimeMs: [], stateOperators: [] };
  }

  needsNoDataBatch(): boolean {
    return false;
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** SELECT word, count(*) AS n GROUP BY word, complete mode; the counts live in a JS object, persisted nowhere. */
export class RunningCountQuery implements IncrementalQuery {
  readonly sourceNames = ['words'];
  readonly outputSchema = schema([field('word', StringType), field('n', BigIntType)]);
  readonly outputMode: OutputMode = 'complete';
  readonly watermarkDelaysMs: readonly number[] = [];
  readonly hasState = true;
  readonly counts = new Map<string, number>();

  constructor(readonly stateConf: Readonly<Record<string, string>> = { 'sluice.stateFormat': 'test-count-v1' }) {}

  async runBatch(inputs: readonly (readonly Batch[])[]): Promise<BatchResult> {
    for (const b of inputs[0]!) {
      const c = fieldIndex(b.schema, 'word');
      for (let i = 0; i < b.numRows; i++) {
        const w = valueAt(b.columns[c]!, i) as string;
        this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
      }
    }
    const rows = [...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([word, n]) => ({ word, n }));
    return {
      output: [batchFromRows(this.outputSchema, rows)],
      maxEventTimeMs: [],
      stateOperators: [{
        operatorName: 'testCount', numRowsTotal: this.counts.size, numRowsUpdated: rows.length,
        numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0,
      }],
    };
  }

  needsNoDataBatch(): boolean {
    return false;
  }

  async close(): Promise<void> {}
}

/**
 * SELECT window(ts, size) AS w, count(*) AS n with a watermark on `ts` (one definition per source), append mode:
 * a window is emitted, and forgotten, once the batch's watermark reaches its end. Rows at or before the late
 * watermark are dropped. State is a JS map.
 */
export class WindowCountQuery implements IncrementalQuery {
  readonly outputSchema = schema([field('start', TimestampType), field('end', TimestampType), field('n', BigIntType)]);
  readonly outputMode: OutputMode = 'append';
  readonly hasState = true;
  readonly stateConf = { 'sluice.test.window': 'v1' };
  readonly windows = new Map<number, number>();
  readonly contexts: BatchContext[] = [];
  droppedLate = 0;

  constructor(
    readonly sourceNames: readonly string[],
    readonly watermarkDelaysMs: readonly number[],
    private readonly windowMs: number,
  ) {}

  async runBatch(inputs: readonly (readonly Batch[])[], ctx: BatchContext): Promise<BatchResult> {
    this.contexts.push(ctx);
    const maxEventTimeMs = inputs.map(() => -Infinity);
    inputs.forEach((batches, s) => {
      for (const b of batches) {
        const c = fieldIndex(b.schema, 'ts');
        for (let i = 0; i < b.numRows; i++) {
          const ms = (valueAt(b.columns[c]!, i) as number) / 1000;
          if (ms > maxEventTimeMs[s]!) maxEventTimeMs[s] = ms;
          if (ms <= ctx.lateWatermarkMs) { this.droppedLate++; continue; }
          const start = Math.floor(ms / this.windowMs) * this.windowMs;
          this.windows.set(start, (this.windows.get(start) ?? 0) + 1);
        }
      }
    });
    const due = [...this.windows.keys()].filter((s) => s + this.windowMs <= ctx.watermarkMs).sort((a, b) => a - b);
    const rows = due.map((s) => ({ start: s * 1000, end: (s + this.windowMs) * 1000, n: this.windows.get(s)! }));
    for (const s of due) this.windows.delete(s);
    return { output: [batchFromRows(this.outputSchema, rows)], maxEventTimeMs, stateOperators: [] };
  }

  needsNoDataBatch(watermarkMs: number): boolean {
    for (const s of this.windows.keys()) if (s + this.windowMs <= watermarkMs) return true;
    return false;
  }

  async close(): Promise<void> {}
}
