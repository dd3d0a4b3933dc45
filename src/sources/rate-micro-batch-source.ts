/**
 * The rate-micro-batch source (Spark's `rate-micro-batch`): exactly `rowsPerBatch` new rows per trigger, however
 * fast the triggers come, with columns `timestamp TIMESTAMP, value BIGINT`. Time is generated, not read from a
 * clock, which makes results reproducible — for tests and benchmarks.
 *
 * Options: `rowsPerBatch` (required), `startTimestamp` (ms since the epoch, default 0), `advanceMillisPerBatch`
 * (default 1000), `numPartitions` (accepted and ignored).
 *
 * The offset is `{"offset": <rows generated>, "timestamp": <generated time, ms>}`; each trigger moves it by
 * `rowsPerBatch` rows and `advanceMillisPerBatch` ms, starting from `{offset: 0, timestamp: startTimestamp}`.
 * In a range (a, b], row `v` has `value = v` and the generated time of its step:
 * `a.timestamp + floor((v − a.offset) / rowsPerBatch) · advanceMillisPerBatch`, so every row of the first batch
 * carries `startTimestamp`, the next batch's rows `startTimestamp + advanceMillisPerBatch`, and so on.
 *
 * ```ts
 * const source = createRateMicroBatchSource({ rowsPerBatch: '10000', startTimestamp: '1767225600000' });
 * ```
 */
import { makeBatch, type Batch } from '../execution/batch.js';
import { makeColumn } from '../execution/column.js';
import type { Offset, Source } from '../execution/source.js';
import { BigIntType, TimestampType } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { MICROS_PER_MS } from '../types/temporal.js';
import { RATE_SCHEMA, isRateSchema } from './rate-source.js';
import { ConnectorOptions } from './source-options.js';

interface RateMicroBatchOffset {
  readonly offset: number;
  readonly timestamp: number;
}

export class RateMicroBatchSource implements Source {
  readonly replayable = true;
  readonly description: string;
  private availableNow: 'off' | 'prepared' | RateMicroBatchOffset = 'off';

  constructor(
    private readonly rowsPerBatch: number,
    private readonly startTimestampMs: number,
    private readonly advanceMillisPerBatch: number,
  ) {
    this.description = `RatePerMicroBatchStream[rowsPerBatch=${rowsPerBatch}, startTimestamp=${startTimestampMs}, ` +
      `advanceMillisPerBatch=${advanceMillisPerBatch}]`;
  }

  schema(): Schema {
    return RATE_SCHEMA;
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const from = this.toOffset(start);
    if (typeof this.availableNow === 'object') {
      // Available-now: the step past the position at preparation is all there is.
      return from.offset >= this.availableNow.offset ? { ...from } : { ...this.availableNow };
    }
    const next = { offset: from.offset + this.rowsPerBatch, timestamp: from.timestamp + this.advanceMillisPerBatch };
    if (this.availableNow === 'prepared') this.availableNow = next;
    return next;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<Batch[]> {
    const from = this.toOffset(start);
    const to = this.toOffset(end);
    const n = Math.max(0, to.offset - from.offset);
    if (n === 0) return [];
    const values = new Float64Array(n);
    const timestamps = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = from.offset + i;
      timestamps[i] = (from.timestamp + Math.floor(i / this.rowsPerBatch) * this.advanceMillisPerBatch) * MICROS_PER_MS;
    }
    return [makeBatch(RATE_SCHEMA, [makeColumn(TimestampType, timestamps), makeColumn(BigIntType, values)], n)];
  }

  async commit(): Promise<void> {}

  async prepareForAvailableNow(): Promise<void> {
    this.availableNow = 'prepared';
  }

  async stop(): Promise<void> {}

  private toOffset(o: Offset | null): RateMicroBatchOffset {
    if (o === null) return { offset: 0, timestamp: this.startTimestampMs };
    const r = o as Partial<RateMicroBatchOffset>;
    if (typeof o !== 'object' || Array.isArray(o) || !Number.isSafeInteger(r.offset) || !Number.isSafeInteger(r.timestamp)) {
      throw new SluiceError('CHECKPOINT_ERROR', `${this.description} cannot use offset ${JSON.stringify(o)}`);
    }
    return { offset: r.offset!, timestamp: r.timestamp! };
  }
}

export function createRateMicroBatchSource(options: Readonly<Record<string, string>>, schemaGiven?: Schema): RateMicroBatchSource {
  const o = new ConnectorOptions(options, 'rate-micro-batch source');
  if (!isRateSchema(schemaGiven)) {
    throw o.error('the rate-micro-batch source has a fixed schema (timestamp TIMESTAMP, value BIGINT); declare exactly those columns or none');
  }
  const rowsPerBatch = o.positiveInt('rowsPerBatch');
  if (rowsPerBatch === undefined) throw o.error("option 'rowsPerBatch' is required");
  o.positiveInt('numPartitions');
  return new RateMicroBatchSource(rowsPerBatch, o.int('startTimestamp', 0), o.nonNegativeInt('advanceMillisPerBatch', 1000));
}
