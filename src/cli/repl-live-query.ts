/**
 * Runs one live query: starts it through the session's streaming query manager with a sink that feeds a
 * LiveView, and waits until it ends — by `interrupt()` (Ctrl-C), by reaching its LIMIT, or by failing.
 *
 * The query checkpoints to a fresh temporary directory, removed when it ends: a live query is a look at the
 * stream, not something to resume. It is triggered every 500 ms unless `SET sluice.repl.trigger = '…'` says
 * otherwise (`default` runs batches back to back; the screen is still redrawn at most ten times a second).
 * `SET startingOffsets = …` applies to the Kafka sources it reads (repl-live-source-options.ts).
 *
 * ```ts
 * const live = new LiveQuery(session, planLiveQuery(session, query), () => view, 'SELECT …');
 * const outcome = await live.run();     // another task may call live.interrupt()
 * ```
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Batch } from '../execution/batch.js';
import type { Sink, SinkBatchInfo } from '../execution/sink.js';
import type { StreamExecution } from '../execution/stream-execution.js';
import { parseTrigger, type Trigger } from '../execution/trigger.js';
import type { Session } from '../api/session.js';
import type { LivePlan } from './repl-live-plan.js';
import { withLiveSourceOptions } from './repl-live-source-options.js';
import type { LiveEndReason, LiveView } from './repl-live-view.js';

export const LIVE_TRIGGER_SETTING = 'sluice.repl.trigger';
const DEFAULT_LIVE_TRIGGER = '500 milliseconds';

let liveQueries = 0;

export interface LiveOutcome {
  readonly reason: LiveEndReason;
  readonly rows: number;
  /** The query's failure, when reason is 'failed'. */
  readonly error?: unknown;
}

/** Hands each batch's rows to the view, counting them against the LIMIT. */
class LiveSink implements Sink {
  private lastBatchId = -1;
  private rows = 0;

  constructor(private readonly view: () => LiveView, private readonly rowLimit: number | undefined, private readonly limitReached: () => void) {}

  get rowCount(): number { return this.rows; }

  async addBatch(batchId: number, data: readonly Batch[], _info: SinkBatchInfo): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    this.lastBatchId = batchId;
    let available = 0;
    for (const b of data) available += b.numRows;
    const take = this.rowLimit === undefined ? available : Math.min(available, this.rowLimit - this.rows);
    this.rows += take;
    this.view().batch(batchId, data, take);
    if (this.rowLimit !== undefined && this.rows >= this.rowLimit) this.limitReached();
  }
}

export class LiveQuery {
  private execution: StreamExecution | undefined;
  private stopReason: LiveEndReason | undefined;
  private shown: LiveView | undefined;

  /** `makeView` is called once, when the query has started: a query that cannot start draws nothing. */
  constructor(private readonly session: Session, private readonly plan: LivePlan, private readonly makeView: () => LiveView,
    private readonly sqlText: string) {}

  /** Ends the query (Ctrl-C); safe to call at any time, more than once. */
  interrupt(): void {
    this.stopReason ??= 'interrupted';
    void this.execution?.stop();
  }

  /** Starts the query and resolves when it has ended; rejects only when it cannot start. */
  async run(): Promise<LiveOutcome> {
    const checkpoint = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-live-'));
    const sink = new LiveSink(() => this.view(), this.plan.rowLimit, () => {
      this.stopReason ??= 'limit';
      // Not awaited: stop() waits for the batch that is calling this sink to finish.
      void this.execution?.stop();
    });
    try {
      if (this.plan.rowLimit === 0) {
        this.view().end('limit');
        return { reason: 'limit', rows: 0 };
      }
      this.execution = await withLiveSourceOptions(this.session, this.plan.query, () => this.session.streams.startQuery({
        query: this.plan.query, sink, outputMode: this.plan.outputMode, trigger: this.trigger(),
        queryName: `live${++liveQueries}`, checkpointLocation: checkpoint, sqlText: this.sqlText,
      }));
      const view = this.view();
      this.execution.addListener({ onQueryProgress: (e) => view.progress(e.progress) });
      if (this.stopReason !== undefined) void this.execution.stop();
      let error: unknown;
      try {
        await this.execution.awaitTermination();
      } catch (err) {
        error = err;
      }
      const reason: LiveEndReason = error !== undefined ? 'failed' : this.stopReason ?? 'finished';
      view.end(reason);
      return { reason, rows: sink.rowCount, error };
    } finally {
      await fsp.rm(checkpoint, { recursive: true, force: true });
    }
  }

  private view(): LiveView {
    this.shown ??= this.makeView();
    return this.shown;
  }

  private trigger(): Trigger {
    return parseTrigger(this.session.catalog.setting(LIVE_TRIGGER_SETTING) ?? DEFAULT_LIVE_TRIGGER);
  }
}
