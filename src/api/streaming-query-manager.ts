/**
 * Starts and tracks the session's streaming queries (Spark's `spark.streams`): plans a query incrementally,
 * resolves its sources and sink through the connector registry, and runs it with a StreamExecution.
 *
 * Defaults: output mode from the sink's `outputMode` option, else `append` (a live SELECT with an aggregation
 * uses `update`, as ksqlDB's EMIT CHANGES does); checkpoint from `checkpointLocation`, else
 * `<checkpoint root>/<query name>` when the CLI gave `--checkpoint`, else a fresh temporary directory (such a
 * query cannot resume after a restart); 4 state partitions unless `SET sluice.sql.shuffle.partitions`.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Options, Query } from '../sql/ast.js';
import { SluiceError } from '../types/errors.js';
import { field, schema } from '../types/schema.js';
import { BigIntType, DoubleType, StringType } from '../types/data-type.js';
import { isStreaming, planChildren, type LogicalPlan } from '../planner/logical-plan.js';
import { planIncremental } from '../planner/streaming/incremental-planner.js';
import type { StreamOutputMode } from '../planner/physical-plan.js';
import { batchFromRows, type Batch } from '../execution/batch.js';
import type { Sink } from '../execution/sink.js';
import type { Source } from '../execution/source.js';
import { StreamExecution } from '../execution/stream-execution.js';
import { defaultTrigger, parseTrigger, type Trigger } from '../execution/trigger.js';
import { PlannedIncrementalQuery } from '../execution/stateful/planned-incremental-query.js';
import { createSink, createSource } from './connector-registry.js';
import { analyzeQuery, optimizeAndPlan } from './query-runner.js';
import type { SessionCatalog, SourceDefinition } from './session-catalog.js';
import { optionRecord, optionValue, type StreamingRuntime } from './statement-executor.js';

export interface StreamStartSpec {
  readonly query: Query;
  readonly sink: Sink;
  readonly outputMode?: StreamOutputMode;
  readonly checkpointLocation?: string;
  readonly trigger?: Trigger;
  readonly queryName?: string;
  readonly sqlText?: string;
}

interface TrackedQuery {
  readonly execution: StreamExecution;
  readonly name: string;
  readonly sqlText?: string;
}

let unnamed = 0;

export class StreamingQueryManager implements StreamingRuntime {
  private readonly queries: TrackedQuery[] = [];
  private defaults: { checkpointRoot?: string; trigger?: Trigger; liveOutput?: string } = {};

  constructor(private readonly catalog: SessionCatalog, checkpointRoot?: string) {
    this.defaults = { checkpointRoot };
  }

  /** CLI defaults: `--checkpoint`, `--trigger`, and how live SELECT results print (`--output`). */
  configure(o: { checkpointRoot?: string; trigger?: Trigger; liveOutput?: string }): void {
    this.defaults = { ...this.defaults, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  }

  /** The queries started in this session, running or not. */
  get all(): StreamExecution[] { return this.queries.map((q) => q.execution); }
  get active(): StreamExecution[] { return this.all.filter((q) => q.isActive); }

  get(idOrName: string): StreamExecution | undefined {
    return this.find(idOrName)?.execution;
  }

  async startQuery(spec: StreamStartSpec): Promise<StreamExecution> {
    const analyzed = analyzeQuery(this.catalog, spec.query);
    if (!isStreaming(analyzed)) throw new SluiceError('ANALYSIS_ERROR', 'writeStream needs a query over a streaming source; use collect() or a table for static data');
    const { optimized } = optimizeAndPlan(analyzed);
    const mode = spec.outputMode ?? 'append';
    const plan = planIncremental(optimized, mode, { planSubquery: (p) => optimizeAndPlan(p).physical });
    const name = spec.queryName ?? `query${++unnamed}`;
    const checkpoint = spec.checkpointLocation
      ?? (this.defaults.checkpointRoot ? path.join(this.defaults.checkpointRoot, name) : await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-checkpoint-')));
    const sources: Source[] = plan.sources.map((s) => {
      const def = s.handle as SourceDefinition;
      return createSource(def.connector, def.options, def.declaredSchema);
    });
    const partitions = Number(this.catalog.setting('sluice.sql.shuffle.partitions') ?? this.catalog.setting('spark.sql.shuffle.partitions') ?? 4);
    if (!Number.isInteger(partitions) || partitions < 1) throw new SluiceError('ANALYSIS_ERROR', 'sluice.sql.shuffle.partitions must be a positive integer');
    const incremental = new PlannedIncrementalQuery(plan, { stateDir: path.join(checkpoint, 'state'), numStatePartitions: partitions });
    const conf: Record<string, string> = {};
    const policy = this.catalog.setting('sluice.multipleWatermarkPolicy') ?? this.catalog.setting('spark.sql.streaming.multipleWatermarkPolicy');
    if (policy) conf['sluice.multipleWatermarkPolicy'] = policy;
    const execution = new StreamExecution({
      queryName: name, checkpointLocation: checkpoint, sources, sink: spec.sink, incrementalQuery: incremental,
      trigger: spec.trigger ?? this.defaults.trigger ?? defaultTrigger, conf,
    });
    await execution.start();
    this.queries.push({ execution, name, sqlText: spec.sqlText });
    return execution;
  }

  // ---------------------------------------------------------------- StreamingRuntime (SQL statements)

  async start(query: Query, sink: { readonly name: string; readonly options: Options } | undefined, sqlText: string | undefined): Promise<{ id: string; name: string }> {
    const opts = sink ? optionRecord(sink.options) : {};
    const connector = optionValue(opts, 'connector') ?? 'console';
    const sinkOptions = sink ? opts : { format: this.defaults.liveOutput === 'jsonl' ? 'jsonl' : 'table' };
    const modeOption = optionValue(opts, 'outputMode');
    const mode = (modeOption?.toLowerCase() as StreamOutputMode | undefined) ?? (sink ? 'append' : hasAggregate(analyzeQuery(this.catalog, query)) ? 'update' : 'append');
    if (mode !== 'append' && mode !== 'update' && mode !== 'complete') {
      throw new SluiceError('ANALYSIS_ERROR', `outputMode must be append, update or complete, not '${modeOption}'`);
    }
    const triggerOption = optionValue(opts, 'trigger');
    const q = await this.startQuery({
      query, sink: createSink(connector, sinkOptions), outputMode: mode,
      checkpointLocation: optionValue(opts, 'checkpointLocation'),
      trigger: triggerOption ? parseTrigger(triggerOption) : undefined,
      queryName: sink?.name, sqlText,
    });
    return { id: q.id, name: q.name ?? sink?.name ?? q.id };
  }

  async stop(idOrName: string): Promise<void> {
    const q = this.find(idOrName);
    if (!q) throw new SluiceError('ANALYSIS_ERROR', `No query '${idOrName}'; SHOW QUERIES lists them`);
    await q.execution.stop();
  }

  describe(idOrName: string): Batch {
    const q = this.find(idOrName);
    if (!q) throw new SluiceError('ANALYSIS_ERROR', `No query '${idOrName}'; SHOW QUERIES lists them`);
    const p = q.execution.lastProgress;
    return batchFromRows(schema([field('property', StringType), field('value', StringType)]), [
      { property: 'id', value: q.execution.id }, { property: 'name', value: q.name },
      { property: 'status', value: statusOf(q.execution) }, { property: 'sql', value: q.sqlText ?? null },
      { property: 'lastProgress', value: p ? JSON.stringify(p) : null },
    ]);
  }

  list(): Batch {
    return batchFromRows(
      schema([
        field('id', StringType), field('name', StringType), field('status', StringType), field('batchId', BigIntType),
        field('inputRowsPerSecond', DoubleType), field('processedRowsPerSecond', DoubleType),
      ]),
      this.queries.map((q) => {
        const p = q.execution.lastProgress;
        return {
          id: q.execution.id, name: q.name, status: statusOf(q.execution), batchId: p?.batchId ?? null,
          inputRowsPerSecond: p?.inputRowsPerSecond ?? null, processedRowsPerSecond: p?.processedRowsPerSecond ?? null,
        };
      }),
    );
  }

  /** Waits for every started query to end; rejects with the first failure. */
  async awaitAll(): Promise<void> {
    for (const q of this.queries) await q.execution.awaitTermination();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.queries.map((q) => q.execution.stop()));
  }

  private find(idOrName: string): TrackedQuery | undefined {
    const lower = idOrName.toLowerCase();
    return this.queries.find((q) => {
      let id: string | undefined;
      try { id = q.execution.id; } catch { id = undefined; }
      return id === idOrName || q.name.toLowerCase() === lower;
    });
  }
}

function statusOf(q: StreamExecution): string {
  if (q.isActive) return 'RUNNING';
  return q.exception ? 'FAILED' : 'STOPPED';
}

function hasAggregate(p: LogicalPlan): boolean {
  return p.kind === 'aggregate' || planChildren(p).some(hasAggregate);
}
