/**
 * Collapses a projection over a projection into one (substituting the lower one's expressions), as long as
 * nothing non-deterministic would be evaluated a different number of times and no expression is duplicated:
 * each lower expression that is not a plain column or literal must be used at most once above.
 */
import { isDeterministic, referencedIds, transformExpr, type BoundExpr } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { transformPlan } from './plan-rewrite.js';

export function collapseProjections(p: LogicalPlan): LogicalPlan {
  return transformPlan(p, (node) => {
    if (node.kind !== 'project' || node.input.kind !== 'project') return node;
    const lower = node.input;
    const byId = new Map<number, BoundExpr>(lower.exprs.map((x) => [x.attr.id, x.expr]));
    const uses = new Map<number, number>();
    for (const x of node.exprs) for (const id of referencedIds(x.expr)) uses.set(id, (uses.get(id) ?? 0) + 1);
    for (const [id, e] of byId) {
      const cheap = e.kind === 'ref' || e.kind === 'lit';
      if (!isDeterministic(e) && (uses.get(id) ?? 0) > 0) return node;
      if (!cheap && (uses.get(id) ?? 0) > 1) return node;
    }
    const exprs = node.exprs.map((x) => ({
      expr: transformExpr(x.expr, (e) => (e.kind === 'ref' && byId.has(e.id) ? byId.get(e.id)! : e)),
      attr: x.attr,
    }));
    return { ...node, input: lower.input, exprs };
  });
}
