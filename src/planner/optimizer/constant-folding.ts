/**
 * Constant folding: a deterministic expression whose inputs are all literals is evaluated once at planning
 * time (by an evaluator the caller supplies — the planner does not run expressions itself), boolean logic with
 * a literal side is simplified, and a filter that is always true disappears.
 */
import { BooleanType } from '../../types/data-type.js';
import { children, transformExpr, type BoundExpr } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { mapNodeExpressions, transformPlan } from './plan-rewrite.js';

/** Evaluates a constant expression to its value; throws if it cannot. */
export type ConstantEvaluator = (e: BoundExpr) => unknown;

export function foldConstants(p: LogicalPlan, evaluate: ConstantEvaluator): LogicalPlan {
  return transformPlan(p, (node) => {
    const folded = mapNodeExpressions(node, (e) => foldExpr(e, evaluate));
    if (folded.kind === 'filter' && folded.condition.kind === 'lit' && folded.condition.value === true) return folded.input;
    return folded;
  });
}

export function foldExpr(e: BoundExpr, evaluate: ConstantEvaluator): BoundExpr {
  return transformExpr(e, (x) => {
    if (x.kind === 'lit' || x.kind === 'ref' || x.kind === 'col' || x.kind === 'subquery') return x;
    if (x.kind === 'and' || x.kind === 'or') return simplifyLogic(x);
    if (x.kind === 'call' && !x.deterministic) return x;
    const kids = children(x);
    if (kids.length === 0 && x.kind !== 'call') return x;
    if (!kids.every((k) => k.kind === 'lit')) return x;
    try {
      return { kind: 'lit', value: evaluate(x), type: x.type };
    } catch {
      return x; // left for run time, where the error (if any) surfaces with its context
    }
  });
}

function simplifyLogic(x: Extract<BoundExpr, { kind: 'and' | 'or' }>): BoundExpr {
  const isLit = (e: BoundExpr, v: boolean) => e.kind === 'lit' && e.value === v;
  if (x.kind === 'and') {
    if (isLit(x.left, false) || isLit(x.right, false)) return { kind: 'lit', value: false, type: BooleanType };
    if (isLit(x.left, true)) return x.right;
    if (isLit(x.right, true)) return x.left;
  } else {
    if (isLit(x.left, true) || isLit(x.right, true)) return { kind: 'lit', value: true, type: BooleanType };
    if (isLit(x.left, false)) return x.right;
    if (isLit(x.right, false)) return x.left;
  }
  return x;
}
