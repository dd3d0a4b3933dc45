/**
 * `df.writeStream`: Spark's streaming writer builder. `start()` returns the query handle at once (the query
 * reads its checkpoint and begins in the background), so Spark programs port line by line:
 *
 * ```ts
 * const q = counts.writeStream.outputMode('complete').format('console')
 *   .option('checkpointLocation', 'ckpt').trigger({ processingTime: '1 second' }).start();
 * await q.awaitTermination();
 * ```
 */
import { SluiceError } from '../types/errors.js';
import type { Batch } from '../execution/batch.js';
import type { StreamingQueryProgress } from '../execution/progress.js';
import type { Sink } from '../execution/sink.js';
import type { StreamExecution } from '../execution/stream-execution.js';
import type { StreamingQuery, StreamingQueryListener, StreamingQueryStatus } from '../execution/streaming-query.js';
import { triggerFromSpec, type Trigger, type TriggerSpec } from '../execution/trigger.js';
import { createForeachBatchSink } from '../sinks/foreach-batch-sink.js';
import { createSink } from './connector-registry.js';
import type { DataFrame } from './dataframe.js';
import type { StreamingQueryManager } from './streaming-query-manager.js';

export class DataStreamWriter {
  private mode: 'append' | 'update' | 'complete' = 'append';
  private fmt = 'console';
  private readonly opts: Record<string, string> = {};
  private trig: Trigger | undefined;
  private name: string | undefined;
  private customSink: Sink | undefined;

  constructor(private readonly df: DataFrame, private readonly manager: StreamingQueryManager) {}

  outputMode(mode: string): this {
    const m = mode.toLowerCase();
    if (m !== 'append' && m !== 'update' && m !== 'complete') throw new SluiceError('ANALYSIS_ERROR', `outputMode must be append, update or complete, not '${mode}'`);
    this.mode = m;
    return this;
  }
  format(name: string): this { this.fmt = name; return this; }
  option(key: string, value: string | number | boolean): this { this.opts[key] = String(value); return this; }
  options(o: Readonly<Record<string, string | number | boolean>>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  /** File sinks: one `col=value/` directory level per column (sets the `partitionBy` option). */
  partitionBy(...cols: string[]): this { this.opts['partitionBy'] = cols.join(','); return this; }
  trigger(spec: TriggerSpec): this { this.trig = triggerFromSpec(spec); return this; }
  queryName(name: string): this { this.name = name; return this; }
  /** Calls `fn` with each micro-batch's output and its batch id (the same id again if a batch is re-run). */
  foreachBatch(fn: (batch: Batch, batchId: number) => void | Promise<void>): this { this.customSink = createForeachBatchSink(fn); return this; }

  start(path?: string): StreamingQueryHandle {
    const options = path === undefined ? { ...this.opts } : { ...this.opts, path };
    const checkpoint = Object.entries(options).find(([k]) => k.toLowerCase() === 'checkpointlocation')?.[1];
    const sink = this.customSink ?? createSink(this.fmt, { ...options, ...(this.name ? { queryName: this.name } : {}) });
    const started = this.manager.startQuery({
      query: this.df.query, sink, outputMode: this.mode, checkpointLocation: checkpoint, trigger: this.trig, queryName: this.name,
    });
    return new StreamingQueryHandle(started, this.name ?? null, sink);
  }
}

/** The handle `start()` returns: usable at once; each method waits for the query to have started. */
export class StreamingQueryHandle implements StreamingQuery {
  private execution: StreamExecution | undefined;
  private startError: SluiceError | undefined;

  constructor(private readonly started: Promise<StreamExecution>, readonly name: string | null, readonly sink: Sink) {
    started.then((e) => { this.execution = e; }, (err) => { this.startError = err instanceof SluiceError ? err : new SluiceError('RUNTIME_ERROR', String(err)); });
  }

  /** Resolves once the query has read its checkpoint and is running; rejects if it could not start. */
  async ready(): Promise<this> { await this.started; return this; }

  get id(): string { return this.required().id; }
  get runId(): string { return this.required().runId; }
  get isActive(): boolean { return this.execution ? this.execution.isActive : this.startError === undefined; }
  get exception(): SluiceError | null { return this.execution?.exception ?? this.startError ?? null; }
  get status(): StreamingQueryStatus { return this.execution?.status ?? { message: 'Initializing', isDataAvailable: false, isTriggerActive: false }; }
  get lastProgress(): StreamingQueryProgress | null { return this.execution?.lastProgress ?? null; }
  get recentProgress(): readonly StreamingQueryProgress[] { return this.execution?.recentProgress ?? []; }

  async stop(): Promise<void> { try { await (await this.started).stop(); } catch (err) { if (!this.startError) throw err; } }
  async awaitTermination(timeoutMs?: number): Promise<boolean> { return (await this.started).awaitTermination(timeoutMs); }
  async processAllAvailable(): Promise<void> { return (await this.started).processAllAvailable(); }
  addListener(l: StreamingQueryListener): void { void this.started.then((e) => e.addListener(l), () => undefined); }
  removeListener(l: StreamingQueryListener): void { void this.started.then((e) => e.removeListener(l), () => undefined); }

  private required(): StreamExecution {
    if (this.execution) return this.execution;
    if (this.startError) throw this.startError;
    throw new SluiceError('RUNTIME_ERROR', 'the query is still starting; await query.ready() first');
  }
}
