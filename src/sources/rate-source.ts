/**
 * The rate source: generates `rowsPerSecond` rows per second of wall-clock time, with columns
 * `timestamp TIMESTAMP, value BIGINT`, for load tests and demos (Spark's `rate` format).
 *
 * Options: `rowsPerSecond` (default 1), `rampUpTime` (default 0: a duration such as `5s`, or a number of seconds;
 * the rate grows linearly from 0 to `rowsPerSecond` over it), `numPartitions` (accepted and ignored: one process
 * generates everything).
 *
 * Determinism: the source's start time is written once to `sources/<n>/rate-start` (`{"startTimeMs":<int>}\n`)
 * and the offset is the number of rows due by now — a function of the time elapsed since that start. Rows are
 * computed from their value, never stored, so any range (a, b] can be produced again identically:
 * row `v` (v = 0, 1, 2, …) has `value = v` and `timestamp = start + t(v)`, where t(v) is the moment (ms, rounded
 * down) the v-th row falls due: `v · 1000 / rowsPerSecond` without ramp-up. A restarted query continues from its
 * checkpointed offset and catches up with the time it was down.
 *
 * ```ts
 * const source = createRateSource({ rowsPerSecond: '1000', rampUpTime: '5s' });
 * ```
 */
import path from 'node:path';
import { makeBatch, type Batch } from '../execution/batch.js';
import { createFileExclusive, readFileIfExists } from '../execution/checkpoint/atomic-file.js';
import { makeColumn } from '../execution/column.js';
import type { Offset, Source, SourceContext } from '../execution/source.js';
import { BigIntType, TimestampType } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { field, schema, type Schema } from '../types/schema.js';
import { MICROS_PER_MS } from '../types/temporal.js';
import { ConnectorOptions } from './source-options.js';

export const RATE_SCHEMA: Schema = schema([field('timestamp', TimestampType, false), field('value', BigIntType, false)]);

const START_FILE = 'rate-start';

export class RateSource implements Source {
  readonly replayable = true;
  readonly description: string;
  private startTimeMs: number | undefined;
  private availableNowBound: number | null = null;

  /** `rampUpMs` is the ramp-up time; `now` is the clock (tests pass a fake one). */
  constructor(
    private readonly rowsPerSecond: number,
    private readonly rampUpMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.description = `RateStream[rowsPerSecond=${rowsPerSecond}, rampUpTimeSeconds=${rampUpMs / 1000}]`;
  }

  schema(): Schema {
    return RATE_SCHEMA;
  }

  async initialize(ctx: SourceContext): Promise<void> {
    const file = path.join(ctx.metadataPath, START_FILE);
    let text = await readFileIfExists(file);
    if (text === undefined) {
      await createFileExclusive(file, `${JSON.stringify({ startTimeMs: this.now() })}\n`);
      text = (await readFileIfExists(file))!;
    }
    let start: unknown;
    try {
      start = (JSON.parse(text) as { startTimeMs?: unknown }).startTimeMs;
    } catch {
      start = undefined;
    }
    if (!Number.isSafeInteger(start)) {
      throw new SluiceError('CHECKPOINT_ERROR', `corrupt checkpoint file ${file}: expected {"startTimeMs":<integer>}`);
    }
    this.startTimeMs = start as number;
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const due = this.rowsDueAt(this.now() - this.start());
    const bounded = this.availableNowBound === null ? due : Math.min(due, this.availableNowBound);
    const latest = Math.max(bounded, start === null ? 0 : this.toCount(start));
    return latest === 0 ? null : latest;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<Batch[]> {
    const from = start === null ? 0 : this.toCount(start);
    const to = this.toCount(end);
    const n = Math.max(0, to - from);
    const values = new Float64Array(n);
    const timestamps = new Float64Array(n);
    const startMs = this.start();
    for (let i = 0; i < n; i++) {
      const v = from + i;
      values[i] = v;
      timestamps[i] = (startMs + Math.floor(this.dueTimeMs(v))) * MICROS_PER_MS;
    }
    return n === 0 ? [] : [makeBatch(RATE_SCHEMA, [makeColumn(TimestampType, timestamps), makeColumn(BigIntType, values)], n)];
  }

  async commit(): Promise<void> {}

  async prepareForAvailableNow(): Promise<void> {
    this.availableNowBound = this.rowsDueAt(this.now() - this.start());
  }

  async stop(): Promise<void> {}

  /** Rows due `elapsedMs` after the start: the integral of the rate, which ramps up linearly over `rampUpMs`. */
  rowsDueAt(elapsedMs: number): number {
    if (elapsedMs <= 0) return 0;
    const r = this.rowsPerSecond, ramp = this.rampUpMs;
    if (ramp === 0) return Math.floor((elapsedMs * r) / 1000);
    if (elapsedMs <= ramp) return Math.floor((r * elapsedMs * elapsedMs) / (2 * ramp * 1000));
    return Math.floor((r * ramp) / 2000 + (r * (elapsedMs - ramp)) / 1000);
  }

  /** When row `v` falls due, in ms after the start: the inverse of `rowsDueAt`. */
  dueTimeMs(v: number): number {
    const r = this.rowsPerSecond, ramp = this.rampUpMs;
    if (ramp === 0) return (v * 1000) / r;
    const rowsInRamp = (r * ramp) / 2000;
    if (v <= rowsInRamp) return Math.sqrt((2 * ramp * 1000 * v) / r);
    return ramp + ((v - rowsInRamp) * 1000) / r;
  }

  private start(): number {
    if (this.startTimeMs === undefined) throw new SluiceError('RUNTIME_ERROR', `${this.description} was used before initialize()`);
    return this.startTimeMs;
  }

  private toCount(o: Offset): number {
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
      throw new SluiceError('CHECKPOINT_ERROR', `${this.description} cannot use offset ${JSON.stringify(o)}: it expects a row count`);
    }
    return o;
  }
}

/**
 * Whether a declared schema is acceptable for a rate source: none, or exactly its own columns (declaring them
 * is how SQL attaches a watermark: `CREATE SOURCE r (timestamp TIMESTAMP, value BIGINT, WATERMARK FOR …)`).
 */
export function isRateSchema(declared: Schema | undefined): boolean {
  if (declared === undefined || declared.fields.length === 0) return true;
  const own = RATE_SCHEMA.fields;
  return declared.fields.length === own.length
    && declared.fields.every((f, i) => f.name.toLowerCase() === own[i]!.name && f.type.kind === own[i]!.type.kind);
}

export function createRateSource(options: Readonly<Record<string, string>>, schemaGiven?: Schema): RateSource {
  const o = new ConnectorOptions(options, 'rate source');
  if (!isRateSchema(schemaGiven)) throw o.error('the rate source has a fixed schema (timestamp TIMESTAMP, value BIGINT); declare exactly those columns or none');
  const rowsPerSecond = o.positiveInt('rowsPerSecond') ?? 1;
  const rampUpMs = o.durationMs('rampUpTime', 0);
  o.positiveInt('numPartitions');
  return new RateSource(rowsPerSecond, rampUpMs);
}
