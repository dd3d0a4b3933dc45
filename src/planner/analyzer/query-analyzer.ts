/**
 * Query analysis: AST query → analyzed logical plan. Handles the query shell (CTEs, set operations, VALUES,
 * ORDER BY / LIMIT / OFFSET) and subqueries; SELECT blocks are analyzed by select-analyzer.ts.
 */
import type { Expr, OrderItem, Query, QueryBody } from '../../sql/ast.js';
import { BooleanType, IntType, typeToString, type DataType } from '../../types/data-type.js';
import { analysisError, type SourcePosition } from '../../types/errors.js';
import { conjoin, ref, referencedIds, type Attribute, type BoundExpr } from '../expr.js';
import type { LogicalPlan, SortOrder } from '../logical-plan.js';
import { newAttribute } from './attribute-ids.js';
import type { Catalog } from './catalog.js';
import { coerce, commonTypeOf, comparisonType } from './coercion.js';
import { decorrelate, freeRefIds } from './decorrelation.js';
import { ExpressionBinder, type BindHooks } from './expression-binder.js';
import { CteScope, type QueryAnalysis } from './relation-analyzer.js';
import { Scope } from './scope.js';
import { analyzeSelect } from './select-analyzer.js';

export class Analyzer implements QueryAnalysis {
  constructor(readonly catalog: Catalog) {}

  /** Analyzes a top-level query. */
  analyze(q: Query): LogicalPlan {
    return this.query(q, undefined, new CteScope());
  }

  query(q: Query, outer: Scope | undefined, ctes: CteScope): LogicalPlan {
    const inner = ctes.with(q.with);
    let plan: LogicalPlan;
    if (q.body.kind === 'select') {
      plan = analyzeSelect(this, q.body, q.orderBy, outer, inner);
    } else {
      plan = this.body(q.body, outer, inner);
      if (q.orderBy.length > 0) plan = this.sortByOutput(plan, q.orderBy, outer, inner);
    }
    if (q.limit !== undefined || q.offset !== undefined) {
      const limit = q.limit !== undefined ? this.constantInt(q.limit, 'LIMIT') : null;
      const offset = q.offset !== undefined ? this.constantInt(q.offset, 'OFFSET') : 0;
      plan = { kind: 'limit', input: plan, limit, offset, output: plan.output };
    }
    return plan;
  }

  body(b: QueryBody, outer: Scope | undefined, ctes: CteScope): LogicalPlan {
    switch (b.kind) {
      case 'select': return analyzeSelect(this, b, [], outer, ctes);
      case 'nested': return this.query(b.query, outer, ctes);
      case 'values': return this.values(b.rows, b.pos, ctes);
      case 'setOperation': {
        const left = this.body(b.left, outer, ctes), right = this.body(b.right, outer, ctes);
        if (left.output.length !== right.output.length) {
          throw analysisError(`${b.op.toUpperCase()} needs the same number of columns on both sides: ${left.output.length} vs ${right.output.length}`, b.pos);
        }
        const types = left.output.map((l, i) => commonTypeOf([l.type, right.output[i]!.type], `${b.op.toUpperCase()} column ${i + 1}`, b.pos));
        const l2 = castOutput(left, types), r2 = castOutput(right, types);
        const output = l2.output.map((a, i) => newAttribute(a.name, types[i]!, a.nullable || r2.output[i]!.nullable));
        return { kind: 'setOp', op: b.op, all: b.all, left: l2, right: r2, output };
      }
    }
  }

  private values(rows: readonly (readonly Expr[])[], pos: SourcePosition, ctes: CteScope): LogicalPlan {
    const scope = new Scope([]);
    const binder = new ExpressionBinder(scope, this.hooksFor(scope, ctes, 'VALUES'));
    const bound = rows.map((r) => r.map((e) => binder.bind(e)));
    const width = bound[0]?.length ?? 0;
    if (bound.some((r) => r.length !== width)) throw analysisError('All VALUES rows must have the same number of columns', pos);
    const types: DataType[] = [];
    for (let c = 0; c < width; c++) types.push(commonTypeOf(bound.map((r) => r[c]!.type), `VALUES column ${c + 1}`, pos, false));
    const output = types.map((t, c) => newAttribute(`col${c + 1}`, t.kind === 'null' ? IntType : t));
    const allConstant = bound.every((r) => r.every((e) => e.kind === 'lit'));
    if (allConstant) {
      const values = bound.map((r) => r.map((e, c) => castLiteral(e, output[c]!.type)));
      if (values.some((r) => r.some((v) => v === undefined))) return this.valuesViaProject(bound, output);
      return { kind: 'values', rows: values as unknown[][], output };
    }
    return this.valuesViaProject(bound, output);
  }

  /** VALUES with non-constant expressions: one single-row projection per row, unioned. */
  private valuesViaProject(bound: BoundExpr[][], output: Attribute[]): LogicalPlan {
    const one: LogicalPlan = { kind: 'values', rows: [[]], output: [] };
    const rowPlans = bound.map((r): LogicalPlan => {
      const exprs = r.map((e, c) => ({ expr: coerce(e, output[c]!.type), attr: newAttribute(output[c]!.name, output[c]!.type) }));
      return { kind: 'project', input: one, exprs, output: exprs.map((x) => x.attr) };
    });
    return rowPlans.reduce((acc, p) => ({ kind: 'setOp', op: 'union', all: true, left: acc, right: p, output }));
  }

  constantInt(e: Expr, what: string): number {
    const scope = new Scope([]);
    const b = new ExpressionBinder(scope, this.hooksFor(scope, new CteScope(), what)).bind(e);
    if (b.kind !== 'lit' || typeof b.value !== 'number' || !Number.isInteger(b.value) || b.value < 0) {
      throw analysisError(`${what} must be a non-negative integer constant`, e.pos);
    }
    return b.value;
  }

  /** ORDER BY after a set operation or VALUES: only output columns (by name or ordinal) are visible. */
  private sortByOutput(plan: LogicalPlan, items: readonly OrderItem[], outer: Scope | undefined, ctes: CteScope): LogicalPlan {
    const scope = Scope.of(plan.output, undefined, outer);
    const binder = new ExpressionBinder(scope, this.hooksFor(scope, ctes, 'ORDER BY'));
    const orders: SortOrder[] = items.map((o) => {
      const ordinal = ordinalOf(o.expr);
      const expr = ordinal !== undefined ? ref(outputAt(plan.output, ordinal, o.expr.pos, 'ORDER BY')) : binder.bind(o.expr);
      return sortOrder(expr, o);
    });
    return { kind: 'sort', input: plan, orders, output: plan.output };
  }

  hooksFor(scope: Scope, ctes: CteScope, clause: string): BindHooks {
    return {
      clause,
      scalarSubquery: (q, pos) => this.scalarSubquery(q, scope, ctes, pos),
      predicateSubquery: (e) => this.valuePredicateSubquery(e, scope, ctes),
    };
  }

  private scalarSubquery(q: Query, scope: Scope, ctes: CteScope, pos: SourcePosition): BoundExpr {
    const plan = this.query(q, scope, ctes);
    if (plan.output.length !== 1) {
      throw analysisError(`A scalar subquery must return one column, this one returns ${plan.output.length}`, pos);
    }
    if (freeRefIds(plan).size > 0) {
      throw analysisError('A correlated scalar subquery is only supported in the SELECT list or WHERE clause of a query without GROUP BY', pos);
    }
    return { kind: 'subquery', mode: 'scalar', plan, negated: false, type: plan.output[0]!.type };
  }

  /** IN / EXISTS used as a value (not a top-level WHERE conjunct): uncorrelated only. */
  private valuePredicateSubquery(e: Expr, scope: Scope, ctes: CteScope): BoundExpr {
    if (e.kind !== 'inSubquery' && e.kind !== 'exists') throw new Error('unreachable');
    const plan = this.query(e.query, scope, ctes);
    if (freeRefIds(plan).size > 0) {
      throw analysisError('A correlated IN/EXISTS subquery is only supported as a condition of WHERE or HAVING joined by AND', e.pos);
    }
    if (e.kind === 'exists') return { kind: 'subquery', mode: 'exists', plan, negated: e.negated, type: BooleanType };
    if (plan.output.length !== 1) throw analysisError(`The IN subquery must return one column, this one returns ${plan.output.length}`, e.pos);
    const operand = new ExpressionBinder(scope, this.hooksFor(scope, ctes, 'IN')).bind(e.expr);
    const t = comparisonType(operand.type, plan.output[0]!.type, e.pos);
    return { kind: 'subquery', mode: 'in', plan: castOutput(plan, [t]), operand: coerce(operand, t), negated: e.negated, type: BooleanType };
  }

  /**
   * A top-level `[NOT] EXISTS` / `x [NOT] IN (subquery)` condition: joins `input` with the (decorrelated)
   * subquery as a semi or anti join.
   */
  predicateSubqueryJoin(input: LogicalPlan, e: Expr, negatedOuter: boolean, scope: Scope, ctes: CteScope): LogicalPlan {
    if (e.kind !== 'inSubquery' && e.kind !== 'exists') throw new Error('unreachable');
    const negated = e.negated !== negatedOuter;
    const sub = this.query(e.query, scope, ctes);
    const outerIds = new Set(scope.attributes.map((a) => a.id));
    const { plan, predicates } = decorrelate(sub, outerIds, e.pos);
    const leftover = [...freeRefIds(plan)].filter((id) => outerIds.has(id));
    if (leftover.length > 0) throw analysisError('Outer columns may only be used in WHERE conditions of a correlated subquery', e.pos);
    const conds = [...predicates];
    let nullAwareAnti = false;
    if (e.kind === 'inSubquery') {
      if (sub.output.length !== 1) throw analysisError(`The IN subquery must return one column, this one returns ${sub.output.length}`, e.pos);
      const operand = new ExpressionBinder(scope, this.hooksFor(scope, ctes, 'IN')).bind(e.expr);
      const col = ref(sub.output[0]!);
      const t = comparisonType(operand.type, col.type, e.pos);
      const eq: BoundExpr = { kind: 'cmp', op: '=', left: coerce(operand, t), right: coerce(col, t), type: BooleanType };
      if (negated && (predicates.length > 0 || referencedIds(operand).size === 0)) {
        // Correlated NOT IN: a NULL only poisons the rows of its own correlated group, so the anti join drops a
        // row when some partner compares TRUE or unknown; the join's global NULL check would be wrong here. (A
        // constant operand gives no equi-join key, and the nested-loop join has no NULL check at all.)
        conds.push({ kind: 'or', left: eq, right: { kind: 'isNull', operand: eq, negated: false, type: BooleanType }, type: BooleanType });
      } else {
        conds.unshift(eq);
        nullAwareAnti = negated;
      }
    }
    return {
      kind: 'join', left: input, right: plan, joinType: negated ? 'anti' : 'semi',
      condition: conjoin(conds), nullAwareAnti, output: input.output,
    };
  }
}

export function ordinalOf(e: Expr): number | undefined {
  return e.kind === 'literal' && e.literalType === 'number' && /^\d+$/.test(String(e.value)) ? Number(e.value) : undefined;
}

export function outputAt(output: readonly Attribute[], ordinal: number, pos: SourcePosition, clause: string): Attribute {
  const a = output[ordinal - 1];
  if (!a) throw analysisError(`${clause} position ${ordinal} is not in the select list (it has ${output.length} columns)`, pos);
  return a;
}

export function sortOrder(expr: BoundExpr, o: OrderItem): SortOrder {
  if (expr.type.kind === 'map') throw analysisError(`Cannot sort by a value of type ${typeToString(expr.type)}`, o.pos);
  return { expr, ascending: o.ascending, nullsFirst: o.nullsFirst ?? o.ascending };
}

function castOutput(plan: LogicalPlan, types: readonly DataType[]): LogicalPlan {
  if (plan.output.every((a, i) => a.type === types[i] || JSON.stringify(a.type) === JSON.stringify(types[i]))) return plan;
  const exprs = plan.output.map((a, i) => ({ expr: coerce(ref(a), types[i]!), attr: newAttribute(a.name, types[i]!, a.nullable) }));
  return { kind: 'project', input: plan, exprs, output: exprs.map((e) => e.attr) };
}

function castLiteral(e: BoundExpr, t: DataType): unknown {
  if (e.kind !== 'lit') return undefined;
  if (e.value === null) return null;
  if (e.type.kind === t.kind) return e.value;
  const numeric = (k: string) => k === 'int' || k === 'bigint' || k === 'double' || k === 'decimal';
  if (numeric(e.type.kind) && numeric(t.kind)) return e.value;
  return undefined;
}
