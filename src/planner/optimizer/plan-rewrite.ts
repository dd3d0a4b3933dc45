import type { LogicalPlan } from '../logical-plan.js';

/** The node with its children replaced (same order as planChildren). */
export function withChildren(p: LogicalPlan, kids: readonly LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case 'scan': case 'values': return p;
    case 'join': case 'setOp': return { ...p, left: kids[0]!, right: kids[1]! };
    default: return { ...p, input: kids[0]! } as LogicalPlan;
  }
}

/** Bottom-up plan rewrite. */
export function transformPlan(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const kids = p.kind === 'scan' || p.kind === 'values' ? [] : p.kind === 'join' || p.kind === 'setOp' ? [p.left, p.right] : [p.input];
  const mapped = kids.map((k) => transformPlan(k, f));
  const changed = mapped.some((m, i) => m !== kids[i]);
  return f(changed ? withChildren(p, mapped) : p);
}

/** Every expression-bearing field of a node, rewritten by `f` (used to optimize expressions in place). */
export function mapNodeExpressions(p: LogicalPlan, f: (e: import('../expr.js').BoundExpr) => import('../expr.js').BoundExpr): LogicalPlan {
  switch (p.kind) {
    case 'project': return { ...p, exprs: p.exprs.map((x) => ({ ...x, expr: f(x.expr) })) };
    case 'filter': return { ...p, condition: f(p.condition) };
    case 'aggregate': return {
      ...p,
      groupBy: p.groupBy.map((g) => ({ ...g, expr: f(g.expr) })),
      aggregates: p.aggregates.map((a) => ({ ...a, args: a.args.map(f), filter: a.filter ? f(a.filter) : undefined })),
    };
    case 'join': return p.condition ? { ...p, condition: f(p.condition) } : p;
    case 'sort': return { ...p, orders: p.orders.map((o) => ({ ...o, expr: f(o.expr) })) };
    case 'window': return {
      ...p,
      calls: p.calls.map((c) => ({
        ...c, args: c.args.map(f), partitionBy: c.partitionBy.map(f), orderBy: c.orderBy.map((o) => ({ ...o, expr: f(o.expr) })),
      })),
    };
    case 'generate': return { ...p, arg: f(p.arg) };
    default: return p;
  }
}
