/**
 * Bound (analyzed) expressions: every name resolved, every node typed. In a logical plan a column is a `ref`
 * to an attribute id; the physical planner rewrites refs to `col` (an input column index) so the execution
 * layer never resolves names.
 */
import { BooleanType, type DataType } from '../types/data-type.js';

/** A column produced by some plan node, identified by a query-unique id (names can repeat, ids cannot). */
export interface Attribute {
  readonly id: number;
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | 'div';
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>';
export type BitwiseOp = '&' | '|' | '^';

export type BoundExpr =
  | { readonly kind: 'ref'; readonly id: number; readonly name: string; readonly type: DataType; readonly nullable: boolean }
  | { readonly kind: 'col'; readonly index: number; readonly name: string; readonly type: DataType }
  | { readonly kind: 'lit'; readonly value: unknown; readonly type: DataType }
  | { readonly kind: 'arith'; readonly op: ArithmeticOp; readonly left: BoundExpr; readonly right: BoundExpr; readonly type: DataType }
  | { readonly kind: 'bitwise'; readonly op: BitwiseOp; readonly left: BoundExpr; readonly right: BoundExpr; readonly type: DataType }
  | { readonly kind: 'cmp'; readonly op: ComparisonOp; readonly left: BoundExpr; readonly right: BoundExpr; readonly type: DataType }
  | { readonly kind: 'and' | 'or'; readonly left: BoundExpr; readonly right: BoundExpr; readonly type: DataType }
  | { readonly kind: 'not'; readonly operand: BoundExpr; readonly type: DataType }
  | { readonly kind: 'neg'; readonly operand: BoundExpr; readonly type: DataType }
  | { readonly kind: 'isNull'; readonly operand: BoundExpr; readonly negated: boolean; readonly type: DataType }
  | { readonly kind: 'cast'; readonly operand: BoundExpr; readonly type: DataType }
  | { readonly kind: 'case'; readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[]; readonly otherwise: BoundExpr; readonly type: DataType }
  | { readonly kind: 'inList'; readonly operand: BoundExpr; readonly list: readonly BoundExpr[]; readonly negated: boolean; readonly type: DataType }
  | { readonly kind: 'field'; readonly operand: BoundExpr; readonly field: string; readonly type: DataType }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly BoundExpr[]; readonly type: DataType; readonly deterministic: boolean }
  /**
   * An uncorrelated subquery used as a value: `scalar` (its single value, null when empty), `exists`, or `in`
   * (`operand IN (subquery)`, with SQL's three-valued IN semantics). `plan` is a LogicalPlan in logical plans
   * and a PhysicalPlan in physical ones (opaque here so the two stay separate); execution evaluates it once
   * before the operator that uses it runs.
   */
  | {
    readonly kind: 'subquery'; readonly mode: 'scalar' | 'exists' | 'in'; readonly plan: unknown;
    readonly operand?: BoundExpr; readonly negated: boolean; readonly type: DataType;
  };

export type ExprKind = BoundExpr['kind'];

export const ref = (a: Attribute): BoundExpr => ({ kind: 'ref', id: a.id, name: a.name, type: a.type, nullable: a.nullable });
export const lit = (value: unknown, type: DataType): BoundExpr => ({ kind: 'lit', value, type });
export const and = (left: BoundExpr, right: BoundExpr): BoundExpr => ({ kind: 'and', left, right, type: BooleanType });

/** The direct children of an expression. */
export function children(e: BoundExpr): readonly BoundExpr[] {
  switch (e.kind) {
    case 'ref': case 'col': case 'lit': return [];
    case 'subquery': return e.operand ? [e.operand] : [];
    case 'arith': case 'bitwise': case 'cmp': case 'and': case 'or': return [e.left, e.right];
    case 'not': case 'neg': case 'isNull': case 'cast': case 'field': return [e.operand];
    case 'case': return [...e.whens.flatMap((w) => [w.when, w.then]), e.otherwise];
    case 'inList': return [e.operand, ...e.list];
    case 'call': return e.args;
  }
}

/** Rebuilds `e` with children mapped by `f` (bottom-up when `f` recurses itself). */
export function mapChildren(e: BoundExpr, f: (c: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'ref': case 'col': case 'lit': return e;
    case 'subquery': return e.operand ? { ...e, operand: f(e.operand) } : e;
    case 'arith': case 'bitwise': case 'cmp': case 'and': case 'or': return { ...e, left: f(e.left), right: f(e.right) };
    case 'not': case 'neg': case 'isNull': case 'cast': case 'field': return { ...e, operand: f(e.operand) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), otherwise: f(e.otherwise) };
    case 'inList': return { ...e, operand: f(e.operand), list: e.list.map(f) };
    case 'call': return { ...e, args: e.args.map(f) };
  }
}

/** Bottom-up rewrite. */
export function transformExpr(e: BoundExpr, f: (e: BoundExpr) => BoundExpr): BoundExpr {
  return f(mapChildren(e, (c) => transformExpr(c, f)));
}

export function forEachExpr(e: BoundExpr, f: (e: BoundExpr) => void): void {
  f(e);
  for (const c of children(e)) forEachExpr(c, f);
}

/** Ids of the attributes an expression reads. */
export function referencedIds(e: BoundExpr, into = new Set<number>()): Set<number> {
  forEachExpr(e, (x) => { if (x.kind === 'ref') into.add(x.id); });
  return into;
}

export function isDeterministic(e: BoundExpr): boolean {
  let det = true;
  forEachExpr(e, (x) => { if (x.kind === 'call' && !x.deterministic) det = false; });
  return det;
}

/** Splits a conjunction into its conjuncts. */
export function splitConjuncts(e: BoundExpr): BoundExpr[] {
  return e.kind === 'and' ? [...splitConjuncts(e.left), ...splitConjuncts(e.right)] : [e];
}

export function conjoin(es: readonly BoundExpr[]): BoundExpr | undefined {
  return es.length === 0 ? undefined : es.reduce((a, b) => and(a, b));
}

/** Structural equality (used to match GROUP BY expressions in SELECT and HAVING). */
export function exprEquals(a: BoundExpr, b: BoundExpr): boolean {
  return exprKey(a) === exprKey(b);
}

export function exprKey(e: BoundExpr): string {
  switch (e.kind) {
    case 'ref': return `#${e.id}`;
    case 'col': return `@${e.index}`;
    case 'lit': return `lit(${stringifyValue(e.value)}:${e.type.kind})`;
    case 'subquery': return `subquery(${Math.random()})`;
    case 'field': return `${exprKey(e.operand)}.${e.field}`;
    case 'cast': return `cast(${exprKey(e.operand)} as ${JSON.stringify(e.type)})`;
    case 'arith': case 'bitwise': case 'cmp': return `(${exprKey(e.left)} ${e.op} ${exprKey(e.right)})`;
    case 'isNull': return `isnull${e.negated ? '!' : ''}(${exprKey(e.operand)})`;
    case 'inList': return `in${e.negated ? '!' : ''}(${[e.operand, ...e.list].map(exprKey).join(',')})`;
    case 'call': return `${e.fn}(${e.args.map(exprKey).join(',')})${e.deterministic ? '' : Math.random()}`;
    default: return `${e.kind}(${children(e).map(exprKey).join(',')})`;
  }
}

function stringifyValue(v: unknown): string {
  if (v instanceof Map) return JSON.stringify([...v]);
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  return JSON.stringify(v);
}
