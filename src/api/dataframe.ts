/**
 * `DataFrame`: a query built call by call, with Spark's method names. Each call wraps the previous query as a
 * subquery and adds one clause, producing the same AST (and so the same logical plan) as the equivalent SQL.
 * Transformations are lazy; actions (`collect`, `show`, `count`, `toArrow`) run the query.
 *
 * ```ts
 * const s = new Session();
 * const df = s.createDataFrame([{ k: 'a', v: 1 }, { k: 'a', v: 2 }], 'k STRING, v INT');
 * const rows = await df.groupBy('k').agg(sum('v').as('total')).collect(); // [{ k: 'a', total: 3 }]
 * ```
 */
import type * as arrow from 'apache-arrow';
import type { Expr, JoinType, Query, Relation, SelectItem, TableFunctionArg } from '../sql/ast.js';
import { typeToString } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { field, schema as makeSchema, type Schema } from '../types/schema.js';
import { toJsonValue } from '../types/values.js';
import { valueAt } from '../execution/column.js';
import type { Batch } from '../execution/batch.js';
import { batchToArrow } from './arrow-export.js';
import { Column, NO_POSITION, callColumn, literalExpr, toColumn, type ColumnLike } from './column.js';
import { DataStreamWriter } from './data-stream-writer.js';
import { parseSelectItem } from '../sql/parse.js';
import { formatShowTable } from '../sinks/show-table-formatter.js';
import type { Session } from './session.js';

let dataFrameCounter = 0;

export type Row = Record<string, unknown>;

export class DataFrame {
  /** The alias this DataFrame's rows go by when it is wrapped: `df.col('a')` names `alias.a`. */
  readonly alias: string;

  constructor(readonly session: Session, readonly query: Query, alias?: string) {
    this.alias = alias ?? `__df${++dataFrameCounter}`;
  }

  // ---------------------------------------------------------------- schema

  get schema(): Schema {
    const plan = this.session.analyze(this.query);
    return makeSchema(plan.output.map((a) => field(a.name, a.type, a.nullable)));
  }
  get columns(): string[] { return this.schema.fields.map((f) => f.name); }
  get dtypes(): [string, string][] { return this.schema.fields.map((f) => [f.name, typeToString(f.type).toLowerCase()]); }
  get isStreaming(): boolean { return this.session.isStreamingQuery(this.query); }
  printSchema(): string {
    const text = ['root', ...this.schema.fields.map((f) => ` |-- ${f.name}: ${typeToString(f.type).toLowerCase()} (nullable = ${f.nullable})`)].join('\n');
    this.session.print(text);
    return text;
  }

  /**
   * This DataFrame's column `name`, qualified so it stays unambiguous in joins. A join's own columns are named
   * plainly: their sides' qualifiers stay visible through it (`a.join(b, …).select(a.col('x'))`).
   */
  col(name: string): Column {
    if (passThroughFrom(this.query)?.kind === 'join') return toColumn(`\`${name}\``);
    return new Column({ kind: 'column', parts: [this.alias, name], pos: NO_POSITION });
  }

  // ---------------------------------------------------------------- transformations

  select(...cols: (ColumnLike | ColumnLike[])[]): DataFrame {
    return this.wrap({ items: cols.flat().map((c) => selectItem(toColumn(c))) });
  }
  selectExpr(...exprs: string[]): DataFrame {
    return this.wrap({ items: exprs.map((e) => { const s = parseSelectItem(e); return { expr: s.expr, alias: s.alias, pos: NO_POSITION }; }) });
  }
  where(condition: Column | string): DataFrame {
    const c = typeof condition === 'string' ? parseSelectItem(condition).expr : condition.expr;
    return this.wrap({ where: c });
  }
  filter(condition: Column | string): DataFrame { return this.where(condition); }

  withColumn(name: string, c: Column): DataFrame {
    const existing = this.columns;
    const replaced = existing.some((n) => n.toLowerCase() === name.toLowerCase());
    const items: SelectItem[] = existing.map((n) => (n.toLowerCase() === name.toLowerCase()
      ? { expr: c.expr, alias: name, pos: NO_POSITION }
      : selectItem(toColumn(`\`${n}\``))));
    if (!replaced) items.push({ expr: c.expr, alias: name, pos: NO_POSITION });
    return this.wrap({ items });
  }
  withColumnRenamed(from: string, to: string): DataFrame {
    return this.wrap({
      items: this.columns.map((n) => ({ expr: toColumn(`\`${n}\``).expr, alias: n.toLowerCase() === from.toLowerCase() ? to : n, pos: NO_POSITION })),
    });
  }
  drop(...names: string[]): DataFrame {
    const gone = new Set(names.map((n) => n.toLowerCase()));
    return this.wrap({ items: this.columns.filter((n) => !gone.has(n.toLowerCase())).map((n) => selectItem(toColumn(`\`${n}\``))) });
  }

  groupBy(...cols: (ColumnLike | ColumnLike[])[]): GroupedData { return new GroupedData(this, cols.flat().map((c) => toColumn(c))); }
  groupby(...cols: (ColumnLike | ColumnLike[])[]): GroupedData { return this.groupBy(...cols); }
  agg(...aggs: Column[]): DataFrame { return this.groupBy().agg(...aggs); }

  join(other: DataFrame, on?: string | string[] | Column, how = 'inner'): DataFrame {
    const joinType = joinTypeOf(how);
    const left: Relation = { kind: 'subquery', query: this.query, alias: this.alias, pos: NO_POSITION };
    const right: Relation = { kind: 'subquery', query: other.query, alias: other.alias, pos: NO_POSITION };
    const using = typeof on === 'string' ? [on] : Array.isArray(on) ? on : undefined;
    const cond = on instanceof Column ? on.expr : undefined;
    const rel: Relation = {
      kind: 'join', joinType: on === undefined && joinType === 'inner' ? 'cross' : joinType, left, right, on: cond, using, pos: NO_POSITION,
    };
    return this.session.dataFrame(selectQuery([{ expr: { kind: 'star', pos: NO_POSITION }, pos: NO_POSITION }], rel));
  }
  crossJoin(other: DataFrame): DataFrame { return this.join(other, undefined, 'cross'); }

  orderBy(...cols: (ColumnLike | ColumnLike[])[]): DataFrame {
    const orders = cols.flat().map((c) => {
      const column = toColumn(c);
      return { expr: column.expr, ascending: column.sort?.ascending ?? true, nullsFirst: column.sort?.nullsFirst, pos: NO_POSITION };
    });
    return this.session.dataFrame({ ...this.starQuery(), orderBy: orders });
  }
  sort(...cols: (ColumnLike | ColumnLike[])[]): DataFrame { return this.orderBy(...cols); }
  limit(n: number): DataFrame {
    return this.session.dataFrame({ ...this.starQuery(), limit: { kind: 'literal', literalType: 'number', value: String(n), pos: NO_POSITION } });
  }
  distinct(): DataFrame { return this.wrap({ distinct: true }); }
  dropDuplicates(cols?: string[]): DataFrame {
    if (!cols || cols.length === 0) return this.distinct();
    if (this.isStreaming) return this.tableFunction('__dedupe', [descriptorArg(cols)]);
    // Keep one row per key: group by the key columns and take the first of every other column.
    const keys = new Set(cols.map((c) => c.toLowerCase()));
    const items = this.columns.map((n) => (keys.has(n.toLowerCase())
      ? selectItem(toColumn(`\`${n}\``))
      : { expr: callColumn('first', [toColumn(`\`${n}\``)]).expr, alias: n, pos: NO_POSITION }));
    return this.wrap({ items, groupBy: cols.map((c) => toColumn(`\`${c}\``).expr) });
  }
  union(other: DataFrame): DataFrame { return this.setOp('union', true, other); }
  unionAll(other: DataFrame): DataFrame { return this.union(other); }
  intersect(other: DataFrame): DataFrame { return this.setOp('intersect', false, other); }
  intersectAll(other: DataFrame): DataFrame { return this.setOp('intersect', true, other); }
  exceptAll(other: DataFrame): DataFrame { return this.setOp('except', true, other); }
  subtract(other: DataFrame): DataFrame { return this.setOp('except', false, other); }
  alias_(name: string): DataFrame { return new DataFrame(this.session, this.query, name); }

  createOrReplaceTempView(name: string): void { this.session.registerView(name, this.query, true); }
  createTempView(name: string): void { this.session.registerView(name, this.query, false); }

  // ---------------------------------------------------------------- actions

  /** Runs the query and returns its rows as objects (values as in jsonl output: timestamps as ISO strings). */
  async collect(): Promise<Row[]> {
    const b = await this.session.run(this.query);
    return rowsOf(b);
  }
  /** Rows as arrays of values in column order (no name collisions). */
  async collectArrays(): Promise<unknown[][]> {
    const b = await this.session.run(this.query);
    const out: unknown[][] = [];
    for (let i = 0; i < b.numRows; i++) out.push(b.columns.map((c, k) => toJsonValue(valueAt(c, i), b.schema.fields[k]!.type)));
    return out;
  }
  async toBatch(): Promise<Batch> { return this.session.run(this.query); }
  async toArrow(): Promise<arrow.Table> { return batchToArrow(await this.session.run(this.query)); }
  async count(): Promise<number> {
    const rows = await this.groupBy().agg(callColumn('count', [], { star: true }).as('count')).collectArrays();
    return rows[0]![0] as number;
  }
  async first(): Promise<Row | undefined> { return (await this.limit(1).collect())[0]; }
  async take(n: number): Promise<Row[]> { return this.limit(n).collect(); }
  /** Prints the first `n` rows as a table, like Spark's show(). */
  async show(n = 20, truncate = true): Promise<string> {
    const b = await this.session.run(this.limit(n + 1).query);
    const text = formatShowTable(b.schema.fields.map((f) => f.name), b.schema.fields.map((f) => f.type), [b], n, truncate ? 20 : 0);
    this.session.print(text);
    return text;
  }
  explain(extended = false): string {
    const text = this.session.explain(this.query, extended);
    this.session.print(text);
    return text;
  }

  // ---------------------------------------------------------------- streaming

  /** Starts building a streaming query's output (see data-stream-writer.ts). */
  get writeStream(): DataStreamWriter { return new DataStreamWriter(this, this.session.streams); }

  /** Declares `eventTime` the event-time column, with late data tolerated up to `delay` (`'10 minutes'`). */
  withWatermark(eventTime: string, delay: string): DataFrame {
    return this.tableFunction('__watermark', [descriptorArg([eventTime]), exprArg(literalExpr(delay))]);
  }
  /** Streaming deduplication within the watermark delay (Spark's dropDuplicatesWithinWatermark). */
  dropDuplicatesWithinWatermark(cols?: string[]): DataFrame {
    return this.tableFunction('__dedupe_within_watermark', [descriptorArg(cols ?? this.columns)]);
  }

  // ---------------------------------------------------------------- internals

  /** Wraps this DataFrame in a table function applied to it (registered as a hidden view). */
  private tableFunction(name: string, args: TableFunctionArg[]): DataFrame {
    const view = `__view_${this.alias}`;
    this.session.registerView(view, this.query, true);
    return this.session.dataFrame(selectQuery([{ expr: { kind: 'star', pos: NO_POSITION }, pos: NO_POSITION }], {
      kind: 'tableFunction', name, args: [{ kind: 'tableArg', name: view, pos: NO_POSITION }, ...args], pos: NO_POSITION,
    }));
  }

  private starQuery(): Query {
    return selectQuery([{ expr: { kind: 'star', pos: NO_POSITION }, pos: NO_POSITION }], this.relation());
  }
  /**
   * How this DataFrame appears in the FROM of the next call. A plain `SELECT * FROM r` is unwrapped to `r`, so
   * chained calls do not nest needlessly and a join's sides keep their qualifiers.
   */
  relation(): Relation {
    const from = passThroughFrom(this.query);
    if (from?.kind === 'join') return from;
    if (from) return { ...from, alias: this.alias } as Relation;
    return { kind: 'subquery', query: this.query, alias: this.alias, pos: NO_POSITION };
  }
  wrap(parts: { items?: SelectItem[]; where?: Expr; groupBy?: Expr[]; distinct?: boolean }): DataFrame {
    const items = parts.items ?? [{ expr: { kind: 'star', pos: NO_POSITION }, pos: NO_POSITION }];
    const q = selectQuery(items, this.relation(), parts);
    return this.session.dataFrame(q);
  }
  private setOp(op: 'union' | 'intersect' | 'except', all: boolean, other: DataFrame): DataFrame {
    return this.session.dataFrame({
      kind: 'query', with: [], orderBy: [], emitChanges: false, pos: NO_POSITION,
      body: {
        kind: 'setOperation', op, all, pos: NO_POSITION,
        left: { kind: 'nested', query: this.query, pos: NO_POSITION },
        right: { kind: 'nested', query: other.query, pos: NO_POSITION },
      },
    });
  }
}

/** `df.groupBy(…)`: add aggregates with `agg(…)` or a shortcut (`count()`, `sum('x')`). */
export class GroupedData {
  constructor(private readonly df: DataFrame, private readonly keys: readonly Column[]) {}
  agg(...aggs: Column[]): DataFrame {
    const items = [...this.keys.map(selectItem), ...aggs.map(selectItem)];
    return this.df.wrap({ items, groupBy: this.keys.map((k) => k.expr) });
  }
  count(): DataFrame { return this.agg(callColumn('count', [], { star: true }).as('count')); }
  sum(...cols: string[]): DataFrame { return this.agg(...cols.map((c) => callColumn('sum', [c]).as(`sum(${c})`))); }
  avg(...cols: string[]): DataFrame { return this.agg(...cols.map((c) => callColumn('avg', [c]).as(`avg(${c})`))); }
  mean(...cols: string[]): DataFrame { return this.avg(...cols); }
  min(...cols: string[]): DataFrame { return this.agg(...cols.map((c) => callColumn('min', [c]).as(`min(${c})`))); }
  max(...cols: string[]): DataFrame { return this.agg(...cols.map((c) => callColumn('max', [c]).as(`max(${c})`))); }
}

/** The relation of a query that is exactly `SELECT * FROM relation`, if it is one. */
function passThroughFrom(q: Query): Relation | undefined {
  const b = q.body;
  if (b.kind !== 'select' || q.with.length || q.orderBy.length || q.limit || q.offset || b.distinct || b.where || b.having || b.groupBy.length) return undefined;
  if (b.items.length !== 1 || b.items[0]!.expr.kind !== 'star' || b.items[0]!.expr.qualifier !== undefined || b.items[0]!.alias) return undefined;
  return b.from;
}

const descriptorArg = (columns: readonly string[]): TableFunctionArg => ({ kind: 'descriptor', columns, pos: NO_POSITION });
const exprArg = (expr: Expr): TableFunctionArg => ({ kind: 'exprArg', expr, pos: NO_POSITION });

function selectItem(c: Column): SelectItem {
  return { expr: c.expr, alias: c.aliasName, pos: NO_POSITION };
}

export function selectQuery(items: SelectItem[], from: Relation | undefined, parts: { where?: Expr; groupBy?: Expr[]; distinct?: boolean } = {}): Query {
  return {
    kind: 'query', with: [], orderBy: [], emitChanges: false, pos: NO_POSITION,
    body: {
      kind: 'select', distinct: parts.distinct ?? false, items, from, where: parts.where, groupBy: parts.groupBy ?? [], pos: NO_POSITION,
    },
  };
}

function joinTypeOf(how: string): JoinType {
  const map: Record<string, JoinType> = {
    inner: 'inner', cross: 'cross', left: 'left', leftouter: 'left', left_outer: 'left', right: 'right', rightouter: 'right',
    right_outer: 'right', full: 'full', outer: 'full', fullouter: 'full', full_outer: 'full', semi: 'semi', leftsemi: 'semi',
    left_semi: 'semi', anti: 'anti', leftanti: 'anti', left_anti: 'anti',
  };
  const t = map[how.toLowerCase()];
  if (!t) throw new SluiceError('ANALYSIS_ERROR', `Unknown join type '${how}'; use one of ${Object.keys(map).join(', ')}`);
  return t;
}

/** Rows as objects with JSON-shaped values (what collect() returns and jsonl prints). */
export function rowsOf(b: Batch): Row[] {
  const out: Row[] = [];
  const fields = b.schema.fields;
  for (let i = 0; i < b.numRows; i++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) row[fields[c]!.name] = toJsonValue(valueAt(b.columns[c]!, i), fields[c]!.type);
    out.push(row);
  }
  return out;
}
