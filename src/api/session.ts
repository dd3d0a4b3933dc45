/**
 * `Session`: the entry point of the API, like Spark's SparkSession. It owns the catalog of tables, sources,
 * views and sinks, runs SQL, and makes DataFrames.
 *
 * ```ts
 * const s = new Session();
 * await s.execute(`CREATE TABLE sales (region STRING, amount DOUBLE) WITH (connector = 'file', path = 'sales.jsonl', format = 'json')`);
 * const rows = await s.sql('SELECT region, sum(amount) AS total FROM sales GROUP BY region').collect();
 * ```
 */
import type { Query } from '../sql/ast.js';
import { parseQuery, parseStatements, parseSchemaString } from '../sql/parse.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { isStreaming, type LogicalPlan } from '../planner/logical-plan.js';
import { batchFromRows, type Batch } from '../execution/batch.js';
import { Analyzer } from '../planner/analyzer/query-analyzer.js';
import { DataFrame, selectQuery } from './dataframe.js';
import { DataFrameReader } from './dataframe-reader.js';
import { InMemoryTable } from './in-memory-table.js';
import { NO_POSITION } from './column.js';
import { explainQuery, runQuery } from './query-runner.js';
import { SessionCatalog } from './session-catalog.js';
import { schemaOf, StatementExecutor, type StatementResult, type StreamingRuntime } from './statement-executor.js';
import { StreamingQueryManager } from './streaming-query-manager.js';

let generatedNames = 0;

export interface SessionOptions {
  /** Where show(), printSchema() and explain() print (default: standard output). */
  readonly out?: (text: string) => void;
  /** Directory for checkpoints of queries started without `checkpointLocation` (default: a temp directory). */
  readonly checkpointRoot?: string;
}

export class Session {
  readonly catalog = new SessionCatalog();
  /** Running and finished streaming queries (Spark's `spark.streams`). */
  readonly streams: StreamingQueryManager;
  private readonly executor: StatementExecutor;
  private readonly out: (text: string) => void;

  constructor(opts: SessionOptions = {}) {
    this.out = opts.out ?? ((t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'));
    this.streams = new StreamingQueryManager(this.catalog, opts.checkpointRoot);
    this.executor = new StatementExecutor(this.catalog, this.streams as StreamingRuntime);
  }

  /** A DataFrame for one SQL query. Other statements (DDL, INSERT, …) go through `execute`. */
  sql(text: string): DataFrame {
    const statements = parseStatements(text);
    if (statements.length !== 1 || statements[0]!.statement.kind !== 'query') {
      throw new SluiceError('UNSUPPORTED', 'session.sql() takes one query; run other statements with `await session.execute(sql)`');
    }
    const q = (statements[0]!.statement as Extract<typeof statements[0]['statement'], { kind: 'query' }>).query;
    this.analyze(q);
    return this.dataFrame(q);
  }

  /**
   * Runs a script of statements in order, returning each statement's result; `onResult` sees each result as
   * soon as its statement has run.
   */
  async execute(text: string, onResult?: (r: StatementResult) => void): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    for (const p of parseStatements(text)) {
      try {
        const r = await this.executor.execute(p.statement, text.slice(p.start, p.end));
        results.push(r);
        onResult?.(r);
      } catch (err) {
        if (err instanceof SluiceError && err.position && err.sourceText === undefined) err.sourceText = text;
        throw err;
      }
    }
    return results;
  }

  table(name: string): DataFrame {
    if (!this.catalog.lookup(name)) throw new SluiceError('ANALYSIS_ERROR', `Table or view '${name}' does not exist`);
    return this.dataFrame(parseQuery(`SELECT * FROM ${name}`));
  }

  get read(): DataFrameReader { return new DataFrameReader(this, false); }
  get readStream(): DataFrameReader { return new DataFrameReader(this, true); }

  /** A DataFrame over rows given in memory; `schema` is a DDL string (`'a INT, b STRING'`) or a Schema. */
  createDataFrame(rows: readonly (Readonly<Record<string, unknown>> | readonly unknown[])[], schema: string | Schema): DataFrame {
    const s = typeof schema === 'string' ? schemaOf(parseSchemaString(schema)) : schema;
    const name = `__local${++generatedNames}`;
    const table = new InMemoryTable(s, [batchFromRows(s, rows)]);
    this.catalog.register({ kind: 'table', name, schema: s, provider: table, connector: 'memory' });
    return this.tableDataFrame(name);
  }

  // ---------------------------------------------------------------- used by DataFrame and the streaming API

  dataFrame(q: Query): DataFrame { return new DataFrame(this, q); }
  tableDataFrame(name: string): DataFrame {
    return this.dataFrame(selectQuery([{ expr: { kind: 'star', pos: NO_POSITION }, pos: NO_POSITION }], { kind: 'table', name, pos: NO_POSITION }));
  }
  analyze(q: Query): LogicalPlan { return new Analyzer(this.catalog).analyze(q); }
  isStreamingQuery(q: Query): boolean { return isStreaming(this.analyze(q)); }
  run(q: Query): Promise<Batch> {
    if (this.isStreamingQuery(q)) {
      throw new SluiceError('UNSUPPORTED', 'Queries with streaming sources must be started with writeStream.start()');
    }
    return runQuery(this.catalog, q);
  }
  explain(q: Query, extended: boolean): string { return explainQuery(this.catalog, q, extended); }
  registerView(name: string, query: Query, replace: boolean): void {
    this.catalog.register({ kind: 'view', name, query }, { replace });
  }
  print(text: string): void { this.out(text); }

  /** Stops every running streaming query. */
  async stop(): Promise<void> { await this.streams.stopAll(); }
}

