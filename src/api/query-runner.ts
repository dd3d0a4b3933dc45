/**
 * The batch query pipeline, assembled: analyze → optimize → physical plan → execute. The api layer owns the
 * assembly because it is the first layer that sees both the planner and the executor.
 */
import type { Query } from '../sql/ast.js';
import { Analyzer } from '../planner/analyzer/query-analyzer.js';
import type { Catalog } from '../planner/analyzer/catalog.js';
import type { BoundExpr } from '../planner/expr.js';
import type { LogicalPlan } from '../planner/logical-plan.js';
import { optimize } from '../planner/optimizer/optimizer.js';
import type { PhysicalPlan } from '../planner/physical-plan.js';
import { toPhysical } from '../planner/physical-planner.js';
import { logicalPlanToString, physicalPlanToString } from '../planner/plan-printer.js';
import type { Batch } from '../execution/batch.js';
import { valueAt } from '../execution/column.js';
import { compileExpr } from '../execution/expression-compiler.js';
import { executePlan } from '../execution/plan-executor.js';
import { schema } from '../types/schema.js';

const oneRow: Batch = { schema: schema([]), columns: [], numRows: 1 };

/** Evaluates a constant expression (used by the optimizer's constant folding). */
export function evaluateConstant(e: BoundExpr): unknown {
  return valueAt(compileExpr(e)(oneRow), 0);
}

export function analyzeQuery(catalog: Catalog, q: Query): LogicalPlan {
  return new Analyzer(catalog).analyze(q);
}

export function optimizeAndPlan(plan: LogicalPlan): { optimized: LogicalPlan; physical: PhysicalPlan } {
  const optimized = optimize(plan, { evaluate: evaluateConstant });
  const physical = toPhysical(optimized, { planSubquery: (p) => optimizeAndPlan(p).physical });
  return { optimized, physical };
}

export async function runQuery(catalog: Catalog, q: Query): Promise<Batch> {
  const { physical } = optimizeAndPlan(analyzeQuery(catalog, q));
  return executePlan(physical);
}

export function explainQuery(catalog: Catalog, q: Query, extended: boolean): string {
  const analyzed = analyzeQuery(catalog, q);
  const { optimized, physical } = optimizeAndPlan(analyzed);
  const parts: string[] = [];
  if (extended) parts.push('== Analyzed Logical Plan ==', logicalPlanToString(analyzed), '');
  parts.push('== Optimized Logical Plan ==', logicalPlanToString(optimized), '', '== Physical Plan ==', physicalPlanToString(physical));
  return parts.join('\n');
}
