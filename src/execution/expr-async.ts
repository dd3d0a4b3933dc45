import { children, mapChildren, type BoundExpr } from '../planner/expr.js';

/** Bottom-up rewrite with an async function (for evaluating subqueries inside expressions). */
export async function transformExprAsync(e: BoundExpr, f: (e: BoundExpr) => Promise<BoundExpr>): Promise<BoundExpr> {
  const kids = children(e);
  const mapped = new Map<BoundExpr, BoundExpr>();
  for (const c of kids) mapped.set(c, await transformExprAsync(c, f));
  return f(kids.length === 0 ? e : mapChildren(e, (c) => mapped.get(c) ?? c));
}
