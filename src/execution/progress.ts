/**
 * What a streaming query reports after each micro-batch, shaped like Spark's `StreamingQueryProgress` so tools
 * and habits carry over: the same field names, offsets as the sources' own JSON, rates in rows per second, phase
 * durations in milliseconds and timestamps as ISO-8601 UTC strings.
 *
 * Rates follow Spark: `inputRowsPerSecond` divides the batch's input rows by the time since the previous trigger
 * started (how fast data arrived), `processedRowsPerSecond` by the time this trigger took (how fast it was
 * processed). Either is 0 when its time span is 0 or unknown.
 */
import { formatTimestampIso, MICROS_PER_MS } from '../types/temporal.js';
import type { StateOperatorProgress } from './incremental-query.js';
import type { Offset } from './source.js';

export interface SourceProgress {
  readonly description: string;
  readonly startOffset: Offset | null;
  readonly endOffset: Offset | null;
  /** The newest offset the source reported in this trigger (equal to `endOffset` unless the batch was a re-run). */
  readonly latestOffset: Offset | null;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  /** Malformed records the source dropped in this batch (mode DROPMALFORMED); absent when none. Not in Spark. */
  readonly numMalformedRowsDropped?: number;
}

export interface SinkProgress {
  readonly description: string;
  readonly numOutputRows: number;
}

/** Milliseconds spent in each phase of the trigger (Spark's names; `addBatch` covers running the plan and the sink). */
export interface BatchDurations {
  readonly latestOffset: number;
  readonly walCommit: number;
  readonly getBatch: number;
  readonly queryPlanning?: number;
  readonly addBatch: number;
  readonly commitOffsets: number;
  readonly triggerExecution: number;
}

export interface EventTimeProgress {
  /** The watermark the batch ran with. */
  readonly watermark?: string;
  /** The largest event time in the batch's input, over all watermarked inputs. */
  readonly max?: string;
}

export interface StreamingQueryProgress {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  /** When the trigger started. */
  readonly timestamp: string;
  readonly batchId: number;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly durationMs: BatchDurations;
  readonly eventTime: EventTimeProgress;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: SinkProgress;
}

/** rows / (ms / 1000), or 0 when no time passed. */
export function rowsPerSecond(rows: number, ms: number): number {
  return ms > 0 ? (rows * 1000) / ms : 0;
}

/** ISO-8601 UTC with milliseconds; works for any event time, unlike `Date#toISOString`, which throws out of range. */
export function isoTimestamp(ms: number): string {
  return formatTimestampIso(Math.floor(ms) * MICROS_PER_MS);
}
