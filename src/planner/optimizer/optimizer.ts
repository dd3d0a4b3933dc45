/**
 * The logical optimizer: rules run in this order, each once —
 *   1. constant folding   (so pushdown sees simplified conditions and `WHERE true` is gone),
 *   2. predicate pushdown (filters move toward scans and into join sides),
 *   3. constant folding   (pushdown substitutes projected expressions, which may fold further),
 *   4. collapse projections (adjacent projections, e.g. from DataFrame calls, become one),
 *   5. column pruning     (last: it only removes what the final shape of the plan does not read).
 * After every rule the plan's output must be unchanged (same attributes, same types); a rule that changes it
 * is a bug and is reported as one instead of silently producing a different result.
 */
import { runtimeError } from '../../types/errors.js';
import { sameType } from '../../types/data-type.js';
import type { LogicalPlan } from '../logical-plan.js';
import { foldConstants, type ConstantEvaluator } from './constant-folding.js';
import { collapseProjections } from './collapse-projections.js';
import { pruneColumns } from './column-pruning.js';
import { pushDownPredicates } from './predicate-pushdown.js';

export interface OptimizerOptions {
  readonly evaluate: ConstantEvaluator;
}

export function optimize(plan: LogicalPlan, opts: OptimizerOptions): LogicalPlan {
  const rules: [string, (p: LogicalPlan) => LogicalPlan][] = [
    ['constant folding', (p) => foldConstants(p, opts.evaluate)],
    ['predicate pushdown', pushDownPredicates],
    ['constant folding (after pushdown)', (p) => foldConstants(p, opts.evaluate)],
    ['collapse projections', collapseProjections],
    ['column pruning', pruneColumns],
  ];
  let p = plan;
  for (const [name, rule] of rules) {
    const next = rule(p);
    checkSameOutput(name, p, next);
    p = next;
  }
  return p;
}

function checkSameOutput(rule: string, before: LogicalPlan, after: LogicalPlan): void {
  const a = before.output, b = after.output;
  if (a.length !== b.length || a.some((x, i) => x.id !== b[i]!.id || !sameType(x.type, b[i]!.type))) {
    throw runtimeError(`internal: optimizer rule '${rule}' changed the plan's output`);
  }
}
