/**
 * `Column`: an expression in the DataFrame API, built like Spark's (`col('a').plus(1).as('b')`). A Column wraps
 * the same AST the SQL parser produces, so a DataFrame query and its SQL twin analyze to the same plan.
 *
 * ```ts
 * df.select(col('price').multiply(col('qty')).as('total')).where(col('total').gt(100));
 * ```
 */
import type { BinaryOp, Expr, WindowSpec as AstWindowSpec } from '../sql/ast.js';
import { parseTypeName } from '../types/data-type.js';
import { SluiceError, type SourcePosition } from '../types/errors.js';

/** DataFrame-built nodes have no SQL text; their position is line 0. */
export const NO_POSITION: SourcePosition = Object.freeze({ line: 0, column: 0, offset: 0, length: 0 });

export type ColumnLike = Column | string | number | boolean | null;

export interface SortSpec { readonly ascending: boolean; readonly nullsFirst?: boolean }

export class Column {
  constructor(readonly expr: Expr, readonly aliasName?: string, readonly sort?: SortSpec) {}

  as(alias: string): Column { return new Column(this.expr, alias, this.sort); }
  alias(alias: string): Column { return this.as(alias); }
  name(alias: string): Column { return this.as(alias); }

  plus(o: ColumnLike): Column { return this.binary('+', o); }
  minus(o: ColumnLike): Column { return this.binary('-', o); }
  multiply(o: ColumnLike): Column { return this.binary('*', o); }
  divide(o: ColumnLike): Column { return this.binary('/', o); }
  mod(o: ColumnLike): Column { return this.binary('%', o); }
  equalTo(o: ColumnLike): Column { return this.binary('=', o); }
  eq(o: ColumnLike): Column { return this.binary('=', o); }
  eqNullSafe(o: ColumnLike): Column { return this.binary('<=>', o); }
  notEqual(o: ColumnLike): Column { return this.binary('<>', o); }
  ne(o: ColumnLike): Column { return this.binary('<>', o); }
  gt(o: ColumnLike): Column { return this.binary('>', o); }
  geq(o: ColumnLike): Column { return this.binary('>=', o); }
  ge(o: ColumnLike): Column { return this.binary('>=', o); }
  lt(o: ColumnLike): Column { return this.binary('<', o); }
  leq(o: ColumnLike): Column { return this.binary('<=', o); }
  le(o: ColumnLike): Column { return this.binary('<=', o); }
  and(o: ColumnLike): Column { return this.binary('and', o); }
  or(o: ColumnLike): Column { return this.binary('or', o); }
  not(): Column { return new Column({ kind: 'unary', op: 'not', operand: this.expr, pos: NO_POSITION }); }
  negate(): Column { return new Column({ kind: 'unary', op: '-', operand: this.expr, pos: NO_POSITION }); }
  concat(o: ColumnLike): Column { return this.binary('||', o); }

  isNull(): Column { return new Column({ kind: 'isNull', expr: this.expr, negated: false, pos: NO_POSITION }); }
  isNotNull(): Column { return new Column({ kind: 'isNull', expr: this.expr, negated: true, pos: NO_POSITION }); }
  isin(...values: ColumnLike[]): Column {
    return new Column({ kind: 'inList', expr: this.expr, list: values.map((v) => toColumn(v, true).expr), negated: false, pos: NO_POSITION });
  }
  between(lo: ColumnLike, hi: ColumnLike): Column {
    return new Column({ kind: 'between', expr: this.expr, low: toColumn(lo, true).expr, high: toColumn(hi, true).expr, negated: false, pos: NO_POSITION });
  }
  like(pattern: string): Column { return this.matcher('like', pattern); }
  ilike(pattern: string): Column { return this.matcher('ilike', pattern); }
  rlike(pattern: string): Column { return this.matcher('rlike', pattern); }
  contains(s: ColumnLike): Column { return callColumn('contains', [this, toColumn(s, true)]); }
  startsWith(s: ColumnLike): Column { return callColumn('startswith', [this, toColumn(s, true)]); }
  endsWith(s: ColumnLike): Column { return callColumn('endswith', [this, toColumn(s, true)]); }
  substr(pos: ColumnLike, len: ColumnLike): Column { return callColumn('substring', [this, toColumn(pos, true), toColumn(len, true)]); }

  cast(type: string): Column {
    const t = parseTypeName(type);
    if (!t) throw new SluiceError('TYPE_ERROR', `Unknown type '${type}' in cast()`);
    return new Column({ kind: 'cast', expr: this.expr, type: t, isTry: false, pos: NO_POSITION });
  }
  getField(name: string): Column { return new Column({ kind: 'fieldAccess', expr: this.expr, field: name, pos: NO_POSITION }); }
  getItem(key: ColumnLike): Column { return new Column({ kind: 'subscript', expr: this.expr, index: toColumn(key, true).expr, pos: NO_POSITION }); }

  asc(): Column { return new Column(this.expr, this.aliasName, { ascending: true }); }
  desc(): Column { return new Column(this.expr, this.aliasName, { ascending: false }); }
  asc_nulls_first(): Column { return new Column(this.expr, this.aliasName, { ascending: true, nullsFirst: true }); }
  asc_nulls_last(): Column { return new Column(this.expr, this.aliasName, { ascending: true, nullsFirst: false }); }
  desc_nulls_first(): Column { return new Column(this.expr, this.aliasName, { ascending: false, nullsFirst: true }); }
  desc_nulls_last(): Column { return new Column(this.expr, this.aliasName, { ascending: false, nullsFirst: false }); }

  /** `CASE WHEN` chains: `when(c, v).when(c2, v2).otherwise(v3)`. */
  when(condition: Column, value: ColumnLike): Column {
    if (this.expr.kind !== 'case' || this.expr.else) throw new SluiceError('ANALYSIS_ERROR', 'when() can only follow when()');
    return new Column({ ...this.expr, whens: [...this.expr.whens, { when: condition.expr, then: toColumn(value, true).expr }] });
  }
  otherwise(value: ColumnLike): Column {
    if (this.expr.kind !== 'case' || this.expr.else) throw new SluiceError('ANALYSIS_ERROR', 'otherwise() can only follow when()');
    return new Column({ ...this.expr, else: toColumn(value, true).expr });
  }

  /** A window function over a window spec: `row_number().over(Window.partitionBy('k').orderBy('ts'))`. */
  over(spec: WindowSpecBuilder = new WindowSpecBuilder()): Column {
    if (this.expr.kind !== 'call') throw new SluiceError('ANALYSIS_ERROR', 'over() applies to a function call');
    return new Column({ ...this.expr, over: spec.toAst() });
  }

  private binary(op: BinaryOp, o: ColumnLike): Column {
    return new Column({ kind: 'binary', op, left: this.expr, right: toColumn(o, true).expr, pos: NO_POSITION });
  }
  private matcher(op: 'like' | 'ilike' | 'rlike', pattern: string): Column {
    return new Column({ kind: 'like', op, expr: this.expr, pattern: literalExpr(pattern), negated: false, pos: NO_POSITION });
  }
}

export function literalExpr(v: string | number | boolean | null): Expr {
  if (v === null) return { kind: 'literal', literalType: 'null', value: null, pos: NO_POSITION };
  if (typeof v === 'boolean') return { kind: 'literal', literalType: 'boolean', value: v, pos: NO_POSITION };
  if (typeof v === 'number') {
    const text = Number.isInteger(v) ? (Math.abs(v) > 2147483647 ? `${v}L` : String(v)) : `${v}D`;
    if (v < 0) return { kind: 'unary', op: '-', operand: { kind: 'literal', literalType: 'number', value: text.slice(1), pos: NO_POSITION }, pos: NO_POSITION };
    return { kind: 'literal', literalType: 'number', value: text, pos: NO_POSITION };
  }
  return { kind: 'literal', literalType: 'string', value: v, pos: NO_POSITION };
}

/** A column name (`'a'`, `'t.a'`, `'*'`) or a value: `literal` decides whether a string is a name or a string value. */
export function toColumn(v: ColumnLike, literal = false): Column {
  if (v instanceof Column) return v;
  if (typeof v === 'string' && !literal) {
    if (v === '*') return new Column({ kind: 'star', pos: NO_POSITION });
    if (v.endsWith('.*')) return new Column({ kind: 'star', qualifier: v.slice(0, -2), pos: NO_POSITION });
    return new Column({ kind: 'column', parts: splitName(v), pos: NO_POSITION });
  }
  return new Column(literalExpr(v));
}

/** `a.b` → [a, b]; backquotes keep dots: `` `a.b` `` → [a.b]. */
function splitName(name: string): string[] {
  const parts: string[] = [];
  let cur = '', quoted = false;
  for (const ch of name) {
    if (ch === '`') { quoted = !quoted; continue; }
    if (ch === '.' && !quoted) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur);
  return parts;
}

export function callColumn(name: string, args: readonly ColumnLike[], opts: { distinct?: boolean; star?: boolean } = {}): Column {
  return new Column({
    kind: 'call', name, args: args.map((a) => toColumn(a).expr), distinct: opts.distinct ?? false, star: opts.star ?? false, pos: NO_POSITION,
  });
}

/** `Window.partitionBy(…).orderBy(…).rowsBetween(…)` */
export class WindowSpecBuilder {
  constructor(
    private readonly partition: readonly Column[] = [],
    private readonly order: readonly Column[] = [],
    private readonly frame?: AstWindowSpec['frame'],
  ) {}
  partitionBy(...cols: ColumnLike[]): WindowSpecBuilder { return new WindowSpecBuilder(cols.map((c) => toColumn(c)), this.order, this.frame); }
  orderBy(...cols: ColumnLike[]): WindowSpecBuilder { return new WindowSpecBuilder(this.partition, cols.map((c) => toColumn(c)), this.frame); }
  rowsBetween(start: number, end: number): WindowSpecBuilder { return new WindowSpecBuilder(this.partition, this.order, frameOf('rows', start, end)); }
  rangeBetween(start: number, end: number): WindowSpecBuilder { return new WindowSpecBuilder(this.partition, this.order, frameOf('range', start, end)); }
  toAst(): AstWindowSpec {
    return {
      partitionBy: this.partition.map((c) => c.expr),
      orderBy: this.order.map((c) => ({ expr: c.expr, ascending: c.sort?.ascending ?? true, nullsFirst: c.sort?.nullsFirst, pos: NO_POSITION })),
      frame: this.frame,
      pos: NO_POSITION,
    };
  }
}

/** Spark's frame bounds: Number.MIN_SAFE_INTEGER / Window.unboundedPreceding, 0 = current row, positive = following. */
function frameOf(type: 'rows' | 'range', start: number, end: number): AstWindowSpec['frame'] {
  const bound = (n: number) => {
    if (n <= Window.unboundedPreceding) return { kind: 'unboundedPreceding' as const };
    if (n >= Window.unboundedFollowing) return { kind: 'unboundedFollowing' as const };
    if (n === 0) return { kind: 'currentRow' as const };
    const offset = literalExpr(Math.abs(n));
    return n < 0 ? { kind: 'preceding' as const, offset } : { kind: 'following' as const, offset };
  };
  return { type, start: bound(start), end: bound(end) };
}

export const Window = {
  unboundedPreceding: Number.MIN_SAFE_INTEGER,
  unboundedFollowing: Number.MAX_SAFE_INTEGER,
  currentRow: 0,
  partitionBy: (...cols: ColumnLike[]) => new WindowSpecBuilder().partitionBy(...cols),
  orderBy: (...cols: ColumnLike[]) => new WindowSpecBuilder().orderBy(...cols),
};
