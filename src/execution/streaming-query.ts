/**
 * The handle of a running streaming query, with Spark's names so Spark programs port line by line.
 *
 * ```ts
 * const q = new StreamExecution({ checkpointLocation: 'ckpt', sources, sink, incrementalQuery, trigger });
 * await q.start();
 * q.addListener({ onQueryProgress: (e) => console.log(e.progress.numInputRows) });
 * await q.processAllAvailable();   // everything available now is processed and committed
 * console.log(q.lastProgress?.batchId, q.status.message);
 * await q.stop();                  // or: await q.awaitTermination() for a query that stops by itself
 * ```
 */
import type { SluiceError } from '../types/errors.js';
import type { StreamingQueryProgress } from './progress.js';

export interface StreamingQueryStatus {
  /** What the query is doing, e.g. `Waiting for data to arrive`, `Processing new data`, `Stopped`. */
  readonly message: string;
  readonly isDataAvailable: boolean;
  readonly isTriggerActive: boolean;
}

export interface QueryStartedEvent {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly timestamp: string;
}

export interface QueryProgressEvent {
  readonly progress: StreamingQueryProgress;
}

export interface QueryTerminatedEvent {
  readonly id: string;
  readonly runId: string;
  /** The failure's message, or null when the query stopped normally. */
  readonly exception: string | null;
}

/**
 * Callbacks for a query's life cycle. They run on the query's loop, between batches: a slow listener slows the
 * query, and an exception thrown by a listener is reported through the query's logger and otherwise ignored.
 */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

export interface StreamingQuery {
  /** Stable across restarts: it is stored in the checkpoint's metadata. */
  readonly id: string;
  /** New for every start of the query. */
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  /** Why the query failed; null while it runs or when it stopped normally. */
  readonly exception: SluiceError | null;
  readonly status: StreamingQueryStatus;
  readonly lastProgress: StreamingQueryProgress | null;
  /** The most recent progress reports, oldest first (at most 100). */
  readonly recentProgress: readonly StreamingQueryProgress[];
  /**
   * Stops the query. A batch in flight is finished when its output already reached the sink, and otherwise
   * abandoned at the next phase boundary: an abandoned batch is re-run with the same offsets on the next start.
   */
  stop(): Promise<void>;
  /**
   * Resolves true once the query has terminated (false when `timeoutMs` passed first); rejects with the query's
   * exception if it failed.
   */
  awaitTermination(timeoutMs?: number): Promise<boolean>;
  /** Resolves once all data available at the time of the call has been processed and committed. */
  processAllAvailable(): Promise<void>;
  addListener(listener: StreamingQueryListener): void;
  removeListener(listener: StreamingQueryListener): void;
}
