/**
 * Executes parsed statements against a session: DDL changes the catalog, queries run, commands answer. A
 * statement over streams (a SELECT on a source, CREATE SINK … AS, INSERT INTO a sink) starts a streaming query
 * through the session's streaming runtime.
 */
import type { ColumnDef, Expr, Options, Query, Statement } from '../sql/ast.js';
import { BooleanType, StringType, typeToString } from '../types/data-type.js';
import { analysisError, SluiceError } from '../types/errors.js';
import { intervalMicros } from '../types/temporal.js';
import { field, schema, type Schema } from '../types/schema.js';
import { isStreaming } from '../planner/logical-plan.js';
import { Analyzer } from '../planner/analyzer/query-analyzer.js';
import { bindIntervalLiteral } from '../planner/analyzer/literal-binder.js';
import { batchFromRows, type Batch } from '../execution/batch.js';
import { castColumn } from '../execution/cast.js';
import { createSource, createTable } from './connector-registry.js';
import { InMemoryTable } from './in-memory-table.js';
import { explainQuery, runQuery } from './query-runner.js';
import type { SessionCatalog } from './session-catalog.js';

export type StatementResult =
  | { readonly kind: 'rows'; readonly batch: Batch }
  | { readonly kind: 'message'; readonly message: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'streaming'; readonly queryId: string; readonly name: string; readonly live: boolean };

/** What the executor needs for statements over streams; the session supplies it. */
export interface StreamingRuntime {
  /** Starts a query reading streams: a sink's (`sinkName`, options) or, for a live SELECT, none. */
  start(query: Query, sink: { readonly name: string; readonly options: Options } | undefined, sqlText: string | undefined): Promise<{ id: string; name: string }>;
  stop(id: string): Promise<void>;
  describe(id: string): Batch;
  list(): Batch;
}

export class StatementExecutor {
  constructor(private readonly catalog: SessionCatalog, private readonly streaming: StreamingRuntime) {}

  async execute(st: Statement, sqlText?: string): Promise<StatementResult> {
    switch (st.kind) {
      case 'query': {
        const plan = new Analyzer(this.catalog).analyze(st.query);
        if (isStreaming(plan)) {
          const q = await this.streaming.start(st.query, undefined, sqlText);
          return { kind: 'streaming', queryId: q.id, name: q.name, live: true };
        }
        return { kind: 'rows', batch: await runQuery(this.catalog, st.query) };
      }
      case 'createTable': return this.createTable(st);
      case 'createSource': {
        const opts = optionRecord(st.options);
        const connector = optionValue(opts, 'connector') ?? optionValue(opts, 'format');
        if (!connector) throw analysisError(`CREATE SOURCE ${st.name} needs WITH (connector = '…')`, st.pos);
        const declared = st.columns.length ? schemaOf(st.columns) : undefined;
        const src = createSource(connector, opts, declared);
        const s = src.schema();
        await src.stop();
        let watermark: { column: string; delayMs: number } | undefined;
        if (st.watermark) {
          if (!s.fields.some((f) => f.name.toLowerCase() === st.watermark!.column.toLowerCase())) {
            throw analysisError(`WATERMARK FOR ${st.watermark.column}: no such column in ${st.name}`, st.watermark.pos);
          }
          const col = s.fields.find((f) => f.name.toLowerCase() === st.watermark!.column.toLowerCase())!;
          if (col.type.kind !== 'timestamp') throw analysisError(`WATERMARK FOR ${col.name}: the column must be a TIMESTAMP, it is ${typeToString(col.type)}`, st.watermark.pos);
          watermark = { column: col.name, delayMs: watermarkDelayMs(st.watermark.column, st.watermark.expr) };
        }
        const added = this.catalog.register(
          { kind: 'source', name: st.name, schema: s, definition: { connector, options: opts, declaredSchema: declared }, watermark },
          { replace: st.orReplace, ifNotExists: st.ifNotExists, pos: st.pos },
        );
        return { kind: 'message', message: added ? `Source ${st.name} created` : `Source ${st.name} already exists` };
      }
      case 'createSink': {
        const added = this.catalog.register({ kind: 'sink', name: st.name, options: st.options, sqlText }, { ifNotExists: st.ifNotExists, pos: st.pos });
        if (!st.query) return { kind: 'message', message: `Sink ${st.name} created` };
        if (!added) return { kind: 'message', message: `Sink ${st.name} already exists` };
        try {
          const q = await this.streaming.start(st.query, { name: st.name, options: st.options }, sqlText);
          return { kind: 'streaming', queryId: q.id, name: q.name, live: false };
        } catch (err) {
          // A sink whose query could not start is not left behind: fixing the statement and re-running it works.
          this.catalog.drop('sink', st.name, true);
          throw err;
        }
      }
      case 'createView': {
        // Analyze now so a broken view is reported where it is written, not where it is used.
        new Analyzer(this.catalog).analyze(st.query);
        this.catalog.register({ kind: 'view', name: st.name, query: st.query, columnAliases: st.columnAliases, sqlText }, { replace: st.orReplace, pos: st.pos });
        return { kind: 'message', message: `View ${st.name} created` };
      }
      case 'insert': return this.insert(st);
      case 'drop': {
        const dropped = this.catalog.drop(st.objectType, st.name, st.ifExists, st.pos);
        return { kind: 'message', message: dropped ? `Dropped ${st.objectType} ${st.name}` : `${st.objectType} ${st.name} does not exist` };
      }
      case 'show': return { kind: 'rows', batch: this.show(st.what) };
      case 'describe': {
        if (st.target === 'query') return { kind: 'rows', batch: this.streaming.describe(st.name) };
        return { kind: 'rows', batch: this.describe(st.name, st.pos) };
      }
      case 'explain': {
        const inner = st.statement;
        const q = inner.kind === 'query' ? inner.query : inner.kind === 'createSink' && inner.query ? inner.query : inner.kind === 'insert' ? inner.source : undefined;
        if (!q) throw analysisError('EXPLAIN works on queries (SELECT, INSERT … SELECT, CREATE SINK … AS SELECT)', st.pos);
        return { kind: 'text', text: explainQuery(this.catalog, q, st.extended) };
      }
      case 'set': {
        if (st.key === undefined) {
          return { kind: 'rows', batch: batchFromRows(schema([field('key', StringType), field('value', StringType)]), this.catalog.allSettings().map(([k, v]) => ({ key: k, value: v }))) };
        }
        this.catalog.set(st.key, st.value ?? '');
        return { kind: 'message', message: `${st.key} = ${st.value ?? ''}` };
      }
      case 'stopQuery':
        await this.streaming.stop(st.id);
        return { kind: 'message', message: `Query ${st.id} stopped` };
    }
  }

  private async createTable(st: Extract<Statement, { kind: 'createTable' }>): Promise<StatementResult> {
    const opts = optionRecord(st.options);
    const connector = optionValue(opts, 'connector') ?? optionValue(opts, 'format');
    const opt = { replace: st.orReplace, ifNotExists: st.ifNotExists, pos: st.pos };
    if (st.asQuery) {
      const result = await runQuery(this.catalog, st.asQuery);
      const table = new InMemoryTable(result.schema, [result]);
      this.catalog.register({ kind: 'table', name: st.name, schema: result.schema, provider: table, connector: 'memory' }, opt);
      return { kind: 'message', message: `Table ${st.name} created with ${result.numRows} rows` };
    }
    const declared = st.columns.length ? schemaOf(st.columns) : undefined;
    if (connector) {
      const t = createTable(connector, opts, declared);
      this.catalog.register({ kind: 'table', name: st.name, schema: t.schema, provider: t.provider, connector }, opt);
      return { kind: 'message', message: `Table ${st.name} created` };
    }
    if (!declared) throw analysisError(`CREATE TABLE ${st.name} needs a column list, WITH (connector = …) or AS SELECT`, st.pos);
    this.catalog.register({ kind: 'table', name: st.name, schema: declared, provider: new InMemoryTable(declared), connector: 'memory' }, opt);
    return { kind: 'message', message: `Table ${st.name} created` };
  }

  private async insert(st: Extract<Statement, { kind: 'insert' }>): Promise<StatementResult> {
    const target = this.catalog.get(st.target);
    if (target?.kind === 'sink') {
      const q = await this.streaming.start(st.source, { name: target.name, options: target.options }, undefined);
      return { kind: 'streaming', queryId: q.id, name: q.name, live: false };
    }
    if (!target || target.kind !== 'table') throw analysisError(`Table '${st.target}' does not exist`, st.pos);
    if (!(target.provider instanceof InMemoryTable)) {
      throw analysisError(`Table '${target.name}' reads files (connector '${target.connector}'); INSERT INTO works on in-memory tables`, st.pos);
    }
    const result = await runQuery(this.catalog, st.source);
    const fields = target.schema.fields;
    const order = st.columns
      ? fields.map((f) => st.columns!.findIndex((c) => c.toLowerCase() === f.name.toLowerCase()))
      : fields.map((_, i) => i);
    const width = st.columns ? st.columns.length : fields.length;
    if (result.schema.fields.length !== width) {
      throw analysisError(`INSERT INTO ${target.name}: ${result.schema.fields.length} values for ${width} columns`, st.pos);
    }
    if (st.columns) {
      for (const c of st.columns) if (!fields.some((f) => f.name.toLowerCase() === c.toLowerCase())) throw analysisError(`Column '${c}' is not in table ${target.name}`, st.pos);
    }
    const columns = fields.map((f, i) => {
      const from = order[i]!;
      if (from < 0) return castColumn(batchFromRows(schema([field('x', f.type)]), new Array(result.numRows).fill([null])).columns[0]!, f.type);
      return castColumn(result.columns[from]!, f.type);
    });
    const batch: Batch = { schema: target.schema, columns, numRows: result.numRows };
    if (st.overwrite) target.provider.overwrite(batch); else target.provider.append(batch);
    return { kind: 'message', message: `Inserted ${result.numRows} row${result.numRows === 1 ? '' : 's'} into ${target.name}` };
  }

  private show(what: Extract<Statement, { kind: 'show' }>['what']): Batch {
    if (what === 'queries') return this.streaming.list();
    if (what === 'functions') {
      return batchFromRows(schema([field('function', StringType)]), []);
    }
    const kind = ({ tables: 'table', views: 'view', sources: 'source', sinks: 'sink' } as const)[what];
    const rows = this.catalog.list(kind).map((o) => ({ name: o.name, isStreaming: o.kind === 'source' }));
    return batchFromRows(schema([field('name', StringType), field('isStreaming', BooleanType)]), rows);
  }

  private describe(name: string, pos: Statement['pos']): Batch {
    const o = this.catalog.get(name);
    if (!o) throw analysisError(`Table, view, source or sink '${name}' does not exist`, pos);
    let s: Schema;
    if (o.kind === 'view') {
      const plan = new Analyzer(this.catalog).analyze(o.query);
      s = schema(plan.output.map((a) => field(a.name, a.type, a.nullable)));
    } else if (o.kind === 'sink') {
      return batchFromRows(schema([field('option', StringType), field('value', StringType)]), Object.entries(o.options).map(([k, v]) => ({ option: k, value: String(v) })));
    } else s = o.schema;
    const wm = o.kind === 'source' ? o.watermark : undefined;
    return batchFromRows(
      schema([field('col_name', StringType), field('data_type', StringType), field('comment', StringType)]),
      s.fields.map((f) => ({
        col_name: f.name, data_type: typeToString(f.type).toLowerCase(),
        comment: wm && wm.column === f.name ? `watermark: ${f.name} - ${wm.delayMs} ms` : null,
      })),
    );
  }
}

export function optionRecord(o: Options): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = String(v);
  return out;
}

/** An option's value, the key matched case-insensitively. */
export function optionValue(o: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : String(o[k]);
}

export function schemaOf(cols: readonly ColumnDef[]): Schema {
  return schema(cols.map((c) => field(c.name, c.type, !c.notNull)));
}

/** `ts - INTERVAL '10' MINUTES` → 600000. */
export function watermarkDelayMs(column: string, e: Expr): number {
  if (e.kind === 'column' && e.parts[e.parts.length - 1]!.toLowerCase() === column.toLowerCase()) return 0;
  if (e.kind === 'binary' && e.op === '-' && e.left.kind === 'column' && e.right.kind === 'intervalLiteral') {
    const iv = (bindIntervalLiteral(e.right) as { value: unknown }).value as { months: number; days: number; micros: number };
    const micros = intervalMicros(iv);
    if (micros === null || micros < 0) throw analysisError('A watermark delay must be a non-negative interval without months or years', e.pos);
    return Math.floor(micros / 1000);
  }
  throw new SluiceError('ANALYSIS_ERROR', `WATERMARK FOR ${column} must be '${column} - INTERVAL …'`, e.pos);
}
