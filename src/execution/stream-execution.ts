/**
 * StreamExecution: the micro-batch loop of one running streaming query (DESIGN.md §4), and its handle.
 *
 * Each batch runs the six steps, in this order:
 * 1. `latestOffset(start)` on every source, where `start` is the end of the previous batch (so a source can apply
 *    its per-trigger limits); a batch runs when some source moved. When none did, a batch without input still runs
 *    if the watermark moved past the one the last batch ran with and the plan says it would emit or evict something
 *    (Spark's no-data micro-batch).
 * 2. the batch's offsets, watermark, timestamp and `conf` are written to `offsets/<batchId>` — before any data is
 *    read, so a crash at any later point re-runs exactly this batch;
 * 3. `getBatch(start, end)` on every source that moved;
 * 4. `incrementalQuery.runBatch(inputs, ctx)`;
 * 5. `sink.addBatch(batchId, output)`;
 * 6. `commit(end)` on every source, then `commits/<batchId>` with the watermark for the next batch.
 *
 * Watermark: at the end of batch n the tracker (watermark-tracker.ts) turns the batch's largest event times into
 * the watermark of batch n+1; it is stored in `commits/n` and `offsets/n+1` and never moves backwards. Batch n runs
 * with `watermarkMs` = its own watermark (for eviction and output) and `lateWatermarkMs` = batch n−1's (input rows
 * at or before it are late).
 *
 * `conf`, stored with every batch, is the plan's `stateConf` plus the engine's own settings that change results
 * (`sluice.multipleWatermarkPolicy`). A restart whose plan has different state settings is refused.
 *
 * Stopping and failing: `stop()` lets the phase in flight finish and then abandons the batch, unless its output
 * already reached the sink, in which case the batch is committed first. A batch that throws stops the query with
 * the error as its `exception`; sources, sink and plan are closed; the checkpoint stays valid, and the next start
 * re-runs the failed batch with the same offsets.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { SluiceError } from '../types/errors.js';
import type { Batch } from './batch.js';
import { ensureDirectory } from './checkpoint/atomic-file.js';
import { CommitLog } from './checkpoint/commit-log.js';
import { OffsetLog, type OffsetSeq } from './checkpoint/offset-log.js';
import { readOrCreateQueryMetadata } from './checkpoint/query-metadata.js';
import type { BatchResult, IncrementalQuery } from './incremental-query.js';
import { isoTimestamp, rowsPerSecond, type SourceProgress, type StreamingQueryProgress } from './progress.js';
import type { Sink } from './sink.js';
import type { Offset, Source } from './source.js';
import type {
  QueryProgressEvent, StreamingQuery, StreamingQueryListener, StreamingQueryStatus,
} from './streaming-query.js';
import type { Trigger } from './trigger.js';
import {
  MULTIPLE_WATERMARK_POLICY_CONF, parseWatermarkPolicy, WatermarkTracker, type MultipleWatermarkPolicy,
} from './watermark-tracker.js';

/** Where the query reports things a person should know but that do not stop it. */
export interface QueryLogger {
  warn(message: string): void;
}

export interface StreamExecutionOptions {
  readonly queryName?: string;
  /** The checkpoint directory: `metadata`, `offsets/`, `commits/`, `sources/<n>/`, `state/`. */
  readonly checkpointLocation: string;
  /** In the order of `incrementalQuery.sourceNames`. */
  readonly sources: readonly Source[];
  readonly sink: Sink;
  readonly incrementalQuery: IncrementalQuery;
  readonly trigger: Trigger;
  /** Session settings; only those that shape results are read (see the file comment). */
  readonly conf?: Readonly<Record<string, string>>;
  /** Defaults to writing `WARN <message>` lines to stderr. */
  readonly logger?: QueryLogger;
  /** How often an idle query with the default trigger looks for new data, in ms (default 20). */
  readonly idlePollMs?: number;
}

/** Offsets and watermarks of one batch, fixed before it runs (step 2) and identical when it is re-run. */
interface PlannedBatch {
  readonly batchId: number;
  readonly starts: readonly (Offset | null)[];
  readonly ends: readonly (Offset | null)[];
  /** What the sources reported in step 1 (for progress); equal to `ends` for a re-run. */
  readonly latest: readonly (Offset | null)[];
  readonly watermarkMs: number;
  readonly lateWatermarkMs: number;
  readonly timestampMs: number;
}

/** Thrown inside the loop when `stop()` asks to abandon the batch in flight; never escapes the loop. */
class BatchAbandoned extends Error {}

const RECENT_PROGRESS = 100;
/** Offsets and commits of this many most recent batches are kept; older ones are purged. */
const MIN_BATCHES_TO_RETAIN = 100;
const PURGE_EVERY = 10;
/** Bound on repeated `latestOffset` calls when a `once` trigger collects everything available. */
const MAX_ONCE_ROUNDS = 100_000;

const defaultLogger: QueryLogger = { warn: (m) => { process.stderr.write(`WARN ${m}\n`); } };

export class StreamExecution implements StreamingQuery {
  readonly runId = randomUUID();
  readonly name: string | null;

  private queryId: string | undefined;
  private readonly sources: readonly Source[];
  private readonly sink: Sink;
  private readonly plan: IncrementalQuery;
  private readonly trigger: Trigger;
  private readonly logger: QueryLogger;
  private readonly idlePollMs: number;
  private readonly offsetLog: OffsetLog;
  private readonly commitLog: CommitLog;
  private readonly listeners = new Set<StreamingQueryListener>();

  private conf: Readonly<Record<string, string>> = {};
  private tracker: WatermarkTracker | undefined;
  /** End offsets of the last committed batch: the start of the next one. */
  private committedEnds: (Offset | null)[];
  private nextBatchId = 0;
  /** The watermark the last executed batch ran with (0 before the first). */
  private lastBatchWatermarkMs = 0;
  /** A batch found in the offset log without a commit: it runs first, with its stored offsets. */
  private pending: PlannedBatch | null = null;
  private previousBatchTriggerStartMs: number | undefined;
  private readonly malformedDropped: number[];

  private started = false;
  private active = false;
  private stopRequested = false;
  private failure: SluiceError | null = null;
  private statusValue: StreamingQueryStatus = { message: 'Initializing', isDataAvailable: false, isTriggerActive: false };
  private readonly progress: StreamingQueryProgress[] = [];
  /** Triggers started so far; processAllAvailable waits for a trigger that started after the call. */
  private triggersStarted = 0;
  private readonly drainWaiters: { afterTrigger: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private wakeSleeper: (() => void) | null = null;
  private resolveTerminated!: () => void;
  private readonly terminated = new Promise<void>((r) => { this.resolveTerminated = r; });

  constructor(private readonly options: StreamExecutionOptions) {
    if (options.sources.length !== options.incrementalQuery.sourceNames.length) {
      throw new SluiceError('RUNTIME_ERROR',
        `the query reads ${options.incrementalQuery.sourceNames.length} streaming source(s) but ${options.sources.length} were given`);
    }
    this.name = options.queryName ?? null;
    this.sources = options.sources;
    this.sink = options.sink;
    this.plan = options.incrementalQuery;
    this.trigger = options.trigger;
    this.logger = options.logger ?? defaultLogger;
    this.idlePollMs = options.idlePollMs ?? 20;
    this.offsetLog = new OffsetLog(path.join(options.checkpointLocation, 'offsets'), options.sources.length);
    this.commitLog = new CommitLog(path.join(options.checkpointLocation, 'commits'));
    this.committedEnds = options.sources.map(() => null);
    this.malformedDropped = options.sources.map(() => 0);
  }

  get id(): string {
    if (this.queryId === undefined) throw new SluiceError('RUNTIME_ERROR', 'the query id is known once start() has read the checkpoint');
    return this.queryId;
  }

  get isActive(): boolean { return this.active; }
  get exception(): SluiceError | null { return this.failure; }
  get status(): StreamingQueryStatus { return this.statusValue; }
  get lastProgress(): StreamingQueryProgress | null { return this.progress[this.progress.length - 1] ?? null; }
  get recentProgress(): readonly StreamingQueryProgress[] { return [...this.progress]; }

  addListener(listener: StreamingQueryListener): void { this.listeners.add(listener); }
  removeListener(listener: StreamingQueryListener): void { this.listeners.delete(listener); }

  /**
   * Reads or creates the checkpoint, recovers the position to continue from, initializes the sources and starts
   * the loop. Rejects (and leaves the query terminated with that exception) when the checkpoint is refused.
   */
  async start(): Promise<void> {
    if (this.started) throw new SluiceError('RUNTIME_ERROR', 'a StreamExecution can be started only once; create a new one to restart');
    this.started = true;
    this.active = true;
    try {
      await this.initialize();
    } catch (err) {
      this.failure = toSluiceError(err, 'the query could not start');
      await this.shutDown();
      throw this.failure;
    }
    this.emit((l) => l.onQueryStarted?.({ id: this.id, runId: this.runId, name: this.name, timestamp: isoTimestamp(Date.now()) }));
    void this.loop();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopRequested = true;
    this.wakeSleeper?.();
    await this.terminated;
  }

  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (!this.started) throw new SluiceError('RUNTIME_ERROR', 'the query has not been started');
    if (timeoutMs === undefined) {
      await this.terminated;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.terminated.then(() => false),
        new Promise<boolean>((r) => { timer = setTimeout(() => r(true), Math.max(0, timeoutMs)); }),
      ]);
      clearTimeout(timer);
      if (timedOut) return false;
    }
    if (this.failure !== null) throw this.failure;
    return true;
  }

  processAllAvailable(): Promise<void> {
    if (!this.active) return this.failure !== null ? Promise.reject(this.failure) : Promise.resolve();
    return new Promise((resolve, reject) => {
      this.drainWaiters.push({ afterTrigger: this.triggersStarted, resolve, reject });
      // An idle default trigger may look for data at once; a processing-time trigger keeps its schedule.
      if (this.trigger.kind === 'default') this.wakeSleeper?.();
    });
  }

  /**
   * Restart recovery (Spark's `populateStartOffsets`), run once before the first trigger:
   * ```
   * id ← metadata.id, or a new UUID written to `metadata` when the checkpoint is new (a non-empty directory
   *      without metadata, or unreadable metadata, is refused)
   * if offsets/ is empty:            next batch 0 from no offsets, watermark 0
   * else n ← latest batch id in offsets/, O ← offsets/n
   *      refuse if O.conf's state settings differ from the plan's stateConf (naming setting and both values)
   *      refuse if commits/ has a batch newer than n
   *      if commits/n exists:        next batch n+1 starts from O's offsets, watermark commits/n.nextBatchWatermarkMs,
   *                                  last batch watermark O.batchWatermarkMs
   *      else:                       P ← offsets/n−1 (n > 0; must exist and be committed)
   *                                  re-run batch n: from P's offsets to O's offsets, with O's watermark and
   *                                  timestamp, late watermark P.batchWatermarkMs (0 for n = 0)
   * ```
   */
  private async initialize(): Promise<void> {
    const checkpoint = this.options.checkpointLocation;
    const metadata = await readOrCreateQueryMetadata(checkpoint);
    this.queryId = metadata.id;
    await this.offsetLog.removeStaleTempFiles();
    await this.commitLog.removeStaleTempFiles();

    let policy = parseWatermarkPolicy(this.options.conf?.[MULTIPLE_WATERMARK_POLICY_CONF]);
    let initialWatermarkMs = 0;
    const latest = await this.offsetLog.getLatest();
    if (latest !== undefined) {
      const { batchId: n, entry } = latest;
      policy = this.checkStoredConf(entry, n, policy);
      const latestCommit = await this.commitLog.getLatest();
      if (latestCommit !== undefined && latestCommit.batchId > n) {
        throw new SluiceError('CHECKPOINT_ERROR',
          `checkpoint ${checkpoint} is inconsistent: commits/${latestCommit.batchId} exists but offsets/ ends at batch ${n}`);
      }
      const commit = latestCommit?.batchId === n ? latestCommit.entry : undefined;
      if (commit !== undefined) {
        this.committedEnds = [...entry.offsets];
        this.nextBatchId = n + 1;
        this.lastBatchWatermarkMs = entry.batchWatermarkMs;
        initialWatermarkMs = commit.nextBatchWatermarkMs;
      } else {
        const prev = n > 0 ? await this.offsetLog.get(n - 1) : undefined;
        if (n > 0 && prev === undefined) {
          throw new SluiceError('CHECKPOINT_ERROR',
            `checkpoint ${checkpoint} is inconsistent: batch ${n} must be re-run but offsets/${n - 1}, where it starts, is missing`);
        }
        if (n > 0 && (await this.commitLog.get(n - 1)) === undefined) {
          throw new SluiceError('CHECKPOINT_ERROR',
            `checkpoint ${checkpoint} is inconsistent: neither batch ${n - 1} nor batch ${n} is committed`);
        }
        const starts = prev?.offsets ?? entry.offsets.map(() => null);
        this.pending = {
          batchId: n, starts, ends: entry.offsets, latest: entry.offsets,
          watermarkMs: entry.batchWatermarkMs, lateWatermarkMs: prev?.batchWatermarkMs ?? 0, timestampMs: entry.batchTimestampMs,
        };
        this.committedEnds = [...starts];
        this.nextBatchId = n;
        this.lastBatchWatermarkMs = prev?.batchWatermarkMs ?? 0;
        initialWatermarkMs = entry.batchWatermarkMs;
      }
    }
    this.conf = { ...this.plan.stateConf, [MULTIPLE_WATERMARK_POLICY_CONF]: policy };
    this.tracker = new WatermarkTracker(this.plan.watermarkDelaysMs, policy, initialWatermarkMs);

    this.setStatus('Initializing sources', false, false);
    for (let i = 0; i < this.sources.length; i++) {
      const source = this.sources[i]!;
      const metadataPath = path.join(checkpoint, 'sources', String(i));
      await ensureDirectory(metadataPath);
      await source.initialize?.({ metadataPath, onMalformedDropped: (count) => { this.malformedDropped[i]! += count; } });
      if (!source.replayable) {
        this.logger.warn(`source ${describe(source)} cannot replay its data, so the query ${this.label()} is not fault-tolerant: ` +
          'after a failure, data it had delivered may be lost or processed again');
      }
    }
    if (this.trigger.kind === 'availableNow' || this.trigger.kind === 'once') {
      for (const s of this.sources) await s.prepareForAvailableNow?.();
    }
  }

  /** Compares the settings stored with the newest batch against this run's; returns the watermark policy to use. */
  private checkStoredConf(entry: OffsetSeq, batchId: number, requestedPolicy: MultipleWatermarkPolicy): MultipleWatermarkPolicy {
    const stored = entry.conf;
    const current = this.plan.stateConf;
    const keys = new Set([...Object.keys(stored), ...Object.keys(current)]);
    keys.delete(MULTIPLE_WATERMARK_POLICY_CONF);
    for (const key of [...keys].sort()) {
      if (stored[key] !== current[key]) {
        throw new SluiceError('CHECKPOINT_ERROR',
          `the checkpoint at ${this.options.checkpointLocation} was written with ${key} = ${showSetting(stored[key])} ` +
          `(offsets/${batchId}) but the query now has ${key} = ${showSetting(current[key])}; these settings shape the ` +
          'query\'s state and cannot change across restarts: restore the old setting or start with a new checkpoint location');
      }
    }
    const storedPolicy = stored[MULTIPLE_WATERMARK_POLICY_CONF];
    if (storedPolicy === undefined) return requestedPolicy;
    const explicit = this.options.conf?.[MULTIPLE_WATERMARK_POLICY_CONF];
    if (explicit !== undefined && parseWatermarkPolicy(explicit) !== parseWatermarkPolicy(storedPolicy)) {
      throw new SluiceError('CHECKPOINT_ERROR',
        `the checkpoint at ${this.options.checkpointLocation} was written with ${MULTIPLE_WATERMARK_POLICY_CONF} = ` +
        `${storedPolicy} but the session sets ${MULTIPLE_WATERMARK_POLICY_CONF} = ${explicit}; the policy cannot change ` +
        'across restarts: unset it or start with a new checkpoint location');
    }
    return parseWatermarkPolicy(storedPolicy);
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopRequested) {
        const triggerStartMs = Date.now();
        this.triggersStarted++;
        const triggerNumber = this.triggersStarted;
        const ran = await this.runTrigger(triggerStartMs);
        if (!ran) {
          this.setStatus('Waiting for data to arrive', false, false);
          this.releaseDrainWaiters(triggerNumber);
        }
        if (this.trigger.kind === 'once') break;
        if (this.trigger.kind === 'availableNow' && !ran) break;
        await this.waitForNextTrigger(triggerStartMs, ran);
      }
    } catch (err) {
      if (!(err instanceof BatchAbandoned)) this.failure = toSluiceError(err, `the query ${this.label()} failed`);
    }
    await this.shutDown();
  }

  /** One trigger: runs a batch and returns true, or returns false when there was nothing to do. */
  private async runTrigger(triggerStartMs: number): Promise<boolean> {
    if (this.pending !== null) {
      const batch = this.pending;
      this.pending = null;
      this.setStatus('Processing new data', true, true);
      await this.runBatch(batch, triggerStartMs, { latestOffset: 0, walCommit: 0 });
      return true;
    }
    this.setStatus('Getting offsets from sources', this.statusValue.isDataAvailable, true);
    const tLatest = Date.now();
    const latest: (Offset | null)[] = [];
    for (let i = 0; i < this.sources.length; i++) latest.push(await this.latestOffsetOf(i));
    const latestOffsetMs = Date.now() - tLatest;

    const hasNewData = latest.some((l, i) => l !== null && !sameOffset(l, this.committedEnds[i] ?? null));
    const watermarkMs = this.tracker!.currentMs;
    if (!hasNewData) {
      const needsNoDataBatch = watermarkMs > this.lastBatchWatermarkMs && this.plan.needsNoDataBatch(watermarkMs);
      if (!needsNoDataBatch) return false;
    }
    this.setStatus('Processing new data', hasNewData, true);
    this.throwIfStopping();
    const batch: PlannedBatch = {
      batchId: this.nextBatchId,
      starts: [...this.committedEnds],
      ends: hasNewData ? latest.map((l, i) => l ?? this.committedEnds[i] ?? null) : [...this.committedEnds],
      latest,
      watermarkMs,
      lateWatermarkMs: this.lastBatchWatermarkMs,
      timestampMs: Date.now(),
    };
    const tWal = Date.now();
    await this.offsetLog.add(batch.batchId, {
      batchWatermarkMs: batch.watermarkMs, batchTimestampMs: batch.timestampMs, conf: this.conf, offsets: batch.ends,
    });
    await this.runBatch(batch, triggerStartMs, { latestOffset: latestOffsetMs, walCommit: Date.now() - tWal });
    return true;
  }

  /**
   * The source's latest offset relative to the last committed end. Under the `once` trigger the source is asked
   * again from each answer until it stops moving, so the single batch holds everything available (the sources were
   * prepared for available-now, which bounds this).
   */
  private async latestOffsetOf(i: number): Promise<Offset | null> {
    const source = this.sources[i]!;
    let latest = await source.latestOffset(this.committedEnds[i] ?? null);
    if (this.trigger.kind !== 'once' || latest === null) return latest;
    for (let round = 0; round < MAX_ONCE_ROUNDS; round++) {
      const next = await source.latestOffset(latest);
      if (next === null || sameOffset(next, latest)) break;
      latest = next;
    }
    return latest;
  }

  private async runBatch(batch: PlannedBatch, triggerStartMs: number, before: { latestOffset: number; walCommit: number }): Promise<void> {
    const { batchId } = batch;
    this.malformedDropped.fill(0);

    const tGet = Date.now();
    const inputs: (readonly Batch[])[] = [];
    const inputRows: number[] = [];
    for (let i = 0; i < this.sources.length; i++) {
      const start = batch.starts[i] ?? null;
      const end = batch.ends[i] ?? null;
      const data = end === null || (start !== null && sameOffset(start, end)) ? [] : await this.sources[i]!.getBatch(start, end);
      inputs.push(data);
      inputRows.push(countRows(data));
    }
    const getBatchMs = Date.now() - tGet;
    this.throwIfStopping();

    const tAdd = Date.now();
    const result: BatchResult = await this.plan.runBatch(inputs, {
      batchId,
      watermarkMs: batch.watermarkMs,
      lateWatermarkMs: batch.lateWatermarkMs,
      batchTimestampMs: batch.timestampMs,
      stateVersion: batchId,
    });
    this.throwIfStopping();
    await this.sink.addBatch(batchId, result.output, {
      schema: this.plan.outputSchema, outputMode: this.plan.outputMode, queryId: this.id,
    });
    const addBatchMs = Date.now() - tAdd;

    // From here on the batch is completed even if stop() was called: its output is already in the sink.
    const tCommit = Date.now();
    for (let i = 0; i < this.sources.length; i++) {
      const end = batch.ends[i] ?? null;
      if (end !== null) await this.sources[i]!.commit(end);
    }
    const nextWatermarkMs = this.tracker!.observe(result.maxEventTimeMs);
    await this.commitLog.add(batchId, { nextBatchWatermarkMs: nextWatermarkMs });
    const commitMs = Date.now() - tCommit;

    this.committedEnds = [...batch.ends];
    this.nextBatchId = batchId + 1;
    this.lastBatchWatermarkMs = batch.watermarkMs;
    if (batchId % PURGE_EVERY === 0 && batchId >= MIN_BATCHES_TO_RETAIN) {
      await this.offsetLog.purge(batchId - MIN_BATCHES_TO_RETAIN + 1);
      await this.commitLog.purge(batchId - MIN_BATCHES_TO_RETAIN + 1);
    }

    const finishedMs = Date.now();
    this.recordProgress(batch, result, inputRows, triggerStartMs, {
      latestOffset: before.latestOffset,
      walCommit: before.walCommit,
      getBatch: getBatchMs,
      addBatch: addBatchMs,
      commitOffsets: commitMs,
      triggerExecution: finishedMs - triggerStartMs,
    });
  }

  private recordProgress(
    batch: PlannedBatch, result: BatchResult, inputRows: readonly number[], triggerStartMs: number,
    durationMs: StreamingQueryProgress['durationMs'],
  ): void {
    const numInputRows = inputRows.reduce((a, b) => a + b, 0);
    const sinceLastMs = this.previousBatchTriggerStartMs === undefined ? 0 : triggerStartMs - this.previousBatchTriggerStartMs;
    this.previousBatchTriggerStartMs = triggerStartMs;
    const processingMs = durationMs.triggerExecution;
    const sources: SourceProgress[] = this.sources.map((s, i) => ({
      description: describe(s),
      startOffset: batch.starts[i] ?? null,
      endOffset: batch.ends[i] ?? null,
      latestOffset: batch.latest[i] ?? null,
      numInputRows: inputRows[i]!,
      inputRowsPerSecond: rowsPerSecond(inputRows[i]!, sinceLastMs),
      processedRowsPerSecond: rowsPerSecond(inputRows[i]!, processingMs),
      ...(this.malformedDropped[i]! > 0 ? { numMalformedRowsDropped: this.malformedDropped[i]! } : {}),
    }));
    let maxEventMs = -Infinity;
    for (const m of result.maxEventTimeMs) if (Number.isFinite(m) && m > maxEventMs) maxEventMs = m;
    const hasWatermark = this.plan.watermarkDelaysMs.length > 0;
    const progress: StreamingQueryProgress = {
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: isoTimestamp(triggerStartMs),
      batchId: batch.batchId,
      numInputRows,
      inputRowsPerSecond: rowsPerSecond(numInputRows, sinceLastMs),
      processedRowsPerSecond: rowsPerSecond(numInputRows, processingMs),
      durationMs,
      eventTime: {
        ...(hasWatermark ? { watermark: isoTimestamp(batch.watermarkMs) } : {}),
        ...(maxEventMs !== -Infinity ? { max: isoTimestamp(maxEventMs) } : {}),
      },
      stateOperators: result.stateOperators,
      sources,
      sink: { description: describe(this.sink), numOutputRows: countRows(result.output) },
    };
    this.progress.push(progress);
    if (this.progress.length > RECENT_PROGRESS) this.progress.shift();
    const event: QueryProgressEvent = { progress };
    this.emit((l) => l.onQueryProgress?.(event));
  }

  private async waitForNextTrigger(triggerStartMs: number, ran: boolean): Promise<void> {
    if (this.stopRequested) return;
    if (this.trigger.kind === 'processingTime') {
      const interval = this.trigger.intervalMs;
      const next = Math.floor(triggerStartMs / interval) * interval + interval;
      this.setStatus('Waiting for next trigger', this.statusValue.isDataAvailable, false);
      await this.sleep(next - Date.now());
    } else if (ran) {
      // Let timers, I/O and stop() in before the next batch.
      await new Promise<void>((r) => setImmediate(r));
    } else {
      await this.sleep(this.idlePollMs);
    }
  }

  /** Waits `ms`, or less when `stop()` (or a waiting processAllAvailable) wakes the loop. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return new Promise<void>((r) => setImmediate(r));
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        if (this.wakeSleeper === wake) this.wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleeper = wake;
    });
  }

  private throwIfStopping(): void {
    if (this.stopRequested) throw new BatchAbandoned();
  }

  private releaseDrainWaiters(triggerNumber: number): void {
    for (let i = this.drainWaiters.length - 1; i >= 0; i--) {
      const w = this.drainWaiters[i]!;
      if (triggerNumber > w.afterTrigger) {
        this.drainWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  /** Closes sources, sink and plan (each failure only logged), settles every waiter and reports termination. */
  private async shutDown(): Promise<void> {
    const closeQuietly = async (what: string, f: () => Promise<void> | undefined): Promise<void> => {
      try {
        await f();
      } catch (err) {
        this.logger.warn(`error while closing ${what} of query ${this.label()}: ${(err as Error).message}`);
      }
    };
    for (const s of this.sources) await closeQuietly(`source ${describe(s)}`, () => s.stop());
    await closeQuietly(`sink ${describe(this.sink)}`, () => this.sink.stop?.());
    await closeQuietly('the plan', () => this.plan.close());
    this.active = false;
    this.setStatus(this.failure === null ? 'Stopped' : `Terminated with exception: ${this.failure.message}`, false, false);
    for (const w of this.drainWaiters.splice(0)) {
      if (this.failure === null) w.resolve();
      else w.reject(this.failure);
    }
    if (this.queryId !== undefined) {
      const exception = this.failure === null ? null : this.failure.message;
      this.emit((l) => l.onQueryTerminated?.({ id: this.id, runId: this.runId, exception }));
    }
    this.resolveTerminated();
  }

  private emit(call: (l: StreamingQueryListener) => void): void {
    for (const l of this.listeners) {
      try {
        call(l);
      } catch (err) {
        this.logger.warn(`a listener of query ${this.label()} threw: ${(err as Error).message}`);
      }
    }
  }

  private setStatus(message: string, isDataAvailable: boolean, isTriggerActive: boolean): void {
    this.statusValue = { message, isDataAvailable, isTriggerActive };
  }

  private label(): string {
    return this.name !== null ? `'${this.name}'` : (this.queryId ?? this.runId);
  }
}

/** Offsets are compared by their JSON with object keys sorted, so key order never makes two offsets differ. */
export function sameOffset(a: Offset | null, b: Offset | null): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(o: Offset | null): string {
  if (o === null || typeof o !== 'object') return JSON.stringify(o);
  if (Array.isArray(o)) return `[${o.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k]!)}`).join(',')}}`;
}

function countRows(batches: readonly Batch[]): number {
  let n = 0;
  for (const b of batches) n += b.numRows;
  return n;
}

/** A connector's `description` (Spark-style, e.g. `FileSource[in/]`) when it has one, else its class name. */
function describe(connector: object): string {
  const d = (connector as { readonly description?: unknown }).description;
  return typeof d === 'string' ? d : connector.constructor.name;
}

function showSetting(v: string | undefined): string {
  return v === undefined ? '(not set)' : JSON.stringify(v);
}

function toSluiceError(err: unknown, context: string): SluiceError {
  if (err instanceof SluiceError) return err;
  const wrapped = new SluiceError('RUNTIME_ERROR', `${context}: ${err instanceof Error ? err.message : String(err)}`);
  wrapped.cause = err;
  return wrapped;
}
