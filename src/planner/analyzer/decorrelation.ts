/**
 * Rewrites a correlated subquery into a plan without outer references plus the predicates that tie it to the
 * outer query; the caller joins the two on those predicates (semi/anti join for EXISTS and IN, left join for
 * scalar subqueries). Correlated conditions are pulled up out of WHERE clauses through projections (which
 * then pass the needed inner columns up) and aggregations (which then also group by them).
 */
import { analysisError, type SourcePosition } from '../../types/errors.js';
import {
  conjoin, exprEquals, forEachExpr, referencedIds, ref, splitConjuncts, type Attribute, type BoundExpr,
} from '../expr.js';
import { planChildren, type LogicalPlan, type NamedExpr } from '../logical-plan.js';
import { newAttribute } from './attribute-ids.js';

/** Every expression a node evaluates (not its children's). */
export function nodeExpressions(p: LogicalPlan): BoundExpr[] {
  switch (p.kind) {
    case 'scan': case 'values': case 'setOp': case 'distinct': case 'limit': case 'watermark': case 'deduplicate': return [];
    case 'project': return p.exprs.map((n) => n.expr);
    case 'filter': return [p.condition];
    case 'aggregate': return [...p.groupBy.map((n) => n.expr), ...p.aggregates.flatMap((a) => (a.filter ? [...a.args, a.filter] : a.args))];
    case 'join': return p.condition ? [p.condition] : [];
    case 'sort': return p.orders.map((o) => o.expr);
    case 'window': return p.calls.flatMap((c) => [...c.args, ...c.partitionBy, ...c.orderBy.map((o) => o.expr)]);
    case 'generate': return [p.arg];
  }
}

/** Ids of attributes that nodes of `p` produce. */
export function producedIds(p: LogicalPlan, into = new Set<number>()): Set<number> {
  for (const a of p.output) into.add(a.id);
  if (p.kind === 'aggregate') for (const a of p.aggregates) into.add(a.attr.id);
  for (const c of planChildren(p)) producedIds(c, into);
  return into;
}

/** Ids `p` references that no node of `p` produces: its outer references. */
export function freeRefIds(p: LogicalPlan): Set<number> {
  const used = new Set<number>();
  const visit = (n: LogicalPlan): void => {
    for (const e of nodeExpressions(n)) {
      forEachExpr(e, (x) => {
        if (x.kind === 'ref') used.add(x.id);
        if (x.kind === 'subquery') for (const id of freeRefIds(x.plan as LogicalPlan)) used.add(id);
      });
    }
    planChildren(n).forEach(visit);
  };
  visit(p);
  const produced = producedIds(p);
  return new Set([...used].filter((id) => !produced.has(id)));
}

export interface Decorrelated {
  readonly plan: LogicalPlan;
  readonly predicates: readonly BoundExpr[];
}

export function decorrelate(p: LogicalPlan, outerIds: ReadonlySet<number>, pos: SourcePosition): Decorrelated {
  const touchesOuter = (e: BoundExpr): boolean => [...referencedIds(e)].some((id) => outerIds.has(id));
  const innerAttrsNeeded = (preds: readonly BoundExpr[], available: readonly Attribute[]): Attribute[] => {
    const ids = new Set<number>();
    for (const e of preds) for (const id of referencedIds(e)) if (!outerIds.has(id)) ids.add(id);
    return available.filter((a) => ids.has(a.id));
  };
  const onlyOuter = (e: BoundExpr): boolean => [...referencedIds(e)].every((id) => outerIds.has(id));
  const onlyInner = (e: BoundExpr): boolean => {
    const ids = referencedIds(e);
    return ids.size > 0 && [...ids].every((id) => !outerIds.has(id));
  };
  const innerAndOuter = (l: BoundExpr, r: BoundExpr): { inner: BoundExpr; outer: BoundExpr } | undefined =>
    onlyInner(l) && onlyOuter(r) ? { inner: l, outer: r } : onlyInner(r) && onlyOuter(l) ? { inner: r, outer: l } : undefined;
  const unsupported = (what: string) =>
    analysisError(`Correlated subqueries are supported only with the outer columns in WHERE conditions of the subquery; found one ${what}`, pos);

  const visit = (n: LogicalPlan): Decorrelated => {
    switch (n.kind) {
      case 'scan': case 'values': return { plan: n, predicates: [] };
      case 'filter': {
        const inner = visit(n.input);
        const local: BoundExpr[] = [], correlated: BoundExpr[] = [];
        for (const c of splitConjuncts(n.condition)) (touchesOuter(c) ? correlated : local).push(c);
        const cond = conjoin(local);
        const plan: LogicalPlan = cond ? { ...n, input: inner.plan, condition: cond, output: inner.plan.output } : inner.plan;
        return { plan, predicates: [...inner.predicates, ...correlated] };
      }
      case 'project': {
        const inner = visit(n.input);
        if (n.exprs.some((x) => touchesOuter(x.expr))) throw unsupported('in the SELECT list');
        if (inner.predicates.length === 0) return { plan: { ...n, input: inner.plan }, predicates: [] };
        const have = new Set(n.output.map((a) => a.id));
        const extra = innerAttrsNeeded(inner.predicates, inner.plan.output).filter((a) => !have.has(a.id));
        const exprs = [...n.exprs, ...extra.map((a) => ({ expr: ref(a), attr: a }))];
        return { plan: { ...n, input: inner.plan, exprs, output: exprs.map((x) => x.attr) }, predicates: inner.predicates };
      }
      case 'aggregate': {
        const inner = visit(n.input);
        if (inner.predicates.length === 0) return { plan: { ...n, input: inner.plan }, predicates: [] };
        // `f(inner) = outer` groups by f(inner) itself, not by the columns under f: grouped by those, an outer
        // row would meet every group whose f agrees (f = k % 2) and be joined several times.
        const exprKeys: NamedExpr[] = [];
        const predicates = inner.predicates.map((p): BoundExpr => {
          const sides = p.kind === 'cmp' && p.op === '=' ? innerAndOuter(p.left, p.right) : undefined;
          if (!sides || sides.inner.kind === 'ref') return p;
          let key = exprKeys.find((k) => exprEquals(k.expr, sides.inner));
          if (!key) exprKeys.push(key = { expr: sides.inner, attr: newAttribute('correlation_key', sides.inner.type) });
          return { ...p, left: ref(key.attr), right: sides.outer } as BoundExpr;
        });
        const keys = innerAttrsNeeded(predicates, inner.plan.output);
        const groupBy = [...n.groupBy, ...exprKeys, ...keys.map((a) => ({ expr: ref(a), attr: a }))];
        return {
          plan: { ...n, input: inner.plan, groupBy, output: [...groupBy.map((g) => g.attr), ...n.aggregates.map((a) => a.attr)] },
          predicates,
        };
      }
      case 'sort': case 'distinct': case 'watermark': {
        const inner = visit(n.input);
        return { plan: { ...n, input: inner.plan, output: inner.plan.output } as LogicalPlan, predicates: inner.predicates };
      }
      default: {
        if (freeRefIds(n).size > 0 && [...freeRefIds(n)].some((id) => outerIds.has(id))) throw unsupported(`under ${n.kind.toUpperCase()}`);
        return { plan: n, predicates: [] };
      }
    }
  };
  return visit(p);
}
