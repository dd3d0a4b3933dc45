/**
 * Runs a physical plan to a single materialized batch. Each operator is a function from its node (and, through
 * the context, its children's results) to a batch; `operators` is an exhaustive table over node kinds, so a
 * new physical node fails to compile until it can run. Subqueries inside expressions are run once, before the
 * operator that holds them compiles its expressions, and replaced by their values.
 */
import { BooleanType } from '../types/data-type.js';
import { runtimeError } from '../types/errors.js';
import { transformExprAsync } from './expr-async.js';
import type { BoundExpr } from '../planner/expr.js';
import type { PhysicalKind, PhysicalPlan } from '../planner/physical-plan.js';
import { batchFromRows, type Batch } from './batch.js';
import { valueAt } from './column.js';
import { compileExpr, type CompiledExpr } from './expression-compiler.js';
import { executeFilter } from './operators/filter-exec.js';
import { executeGenerate } from './operators/generate-exec.js';
import { executeHashAggregate } from './operators/hash-aggregate-exec.js';
import { executeHashJoin } from './operators/hash-join-exec.js';
import { executeLimit } from './operators/limit-exec.js';
import { executeNestedLoopJoin } from './operators/nested-loop-join-exec.js';
import { executeProject } from './operators/project-exec.js';
import { executeScan } from './operators/scan-exec.js';
import { executeDistinct, executeSetOperation, executeUnionAll } from './operators/set-operation-exec.js';
import { executeSort, executeTopN } from './operators/sort-exec.js';
import { executeWindow } from './operators/window-exec.js';
import { executeEventTimeWatermark } from './stateful/event-time-watermark-exec.js';
import { executeStatefulAggregate } from './stateful/stateful-aggregate-exec.js';
import { executeStatefulDeduplicate } from './stateful/stateful-deduplicate-exec.js';
import { executeSessionWindowAggregate } from './stateful/session-window-aggregate-exec.js';
import type { StreamingBatchState } from './stateful/streaming-batch-state.js';

export interface ExecutionContext {
  /** Runs a child plan. */
  run(p: PhysicalPlan): Promise<Batch>;
  /** Compiles an expression, first evaluating any subqueries in it. */
  compile(e: BoundExpr): Promise<CompiledExpr>;
  /** For `streamInput` nodes: the rows each streaming source contributes to the current micro-batch. */
  readonly streamInputs: readonly Batch[];
  /** Present in a streaming micro-batch: state stores, watermarks and progress for stateful operators. */
  readonly streaming?: StreamingBatchState;
}

type Operator<K extends PhysicalKind> = (p: Extract<PhysicalPlan, { kind: K }>, ctx: ExecutionContext) => Promise<Batch>;

const operators: { [K in PhysicalKind]: Operator<K> } = {
  scan: executeScan,
  streamInput: async (p, ctx) => {
    const b = ctx.streamInputs[p.sourceIndex];
    if (!b) throw runtimeError(`internal: no input for streaming source #${p.sourceIndex}`);
    return { schema: p.schema, columns: p.columns.map((c) => b.columns[c]!), numRows: b.numRows };
  },
  values: async (p) => batchFromRows(p.schema, p.rows as unknown[][]),
  project: executeProject,
  filter: executeFilter,
  hashAggregate: executeHashAggregate,
  hashJoin: executeHashJoin,
  nestedLoopJoin: executeNestedLoopJoin,
  sort: executeSort,
  topN: executeTopN,
  limit: executeLimit,
  unionAll: executeUnionAll,
  setOp: executeSetOperation,
  distinct: executeDistinct,
  window: executeWindow,
  generate: executeGenerate,
  eventTimeWatermark: executeEventTimeWatermark,
  statefulAggregate: executeStatefulAggregate,
  statefulDeduplicate: executeStatefulDeduplicate,
  sessionWindowAggregate: executeSessionWindowAggregate,
};

export function createExecutionContext(streamInputs: readonly Batch[] = [], streaming?: StreamingBatchState): ExecutionContext {
  const ctx: ExecutionContext = {
    streamInputs,
    streaming,
    run: (p) => (operators[p.kind] as Operator<typeof p.kind>)(p as never, ctx),
    compile: async (e) => compileExpr(await resolveSubqueries(e, ctx)),
  };
  return ctx;
}

export async function executePlan(p: PhysicalPlan, streamInputs: readonly Batch[] = [], streaming?: StreamingBatchState): Promise<Batch> {
  return createExecutionContext(streamInputs, streaming).run(p);
}

/** Replaces each subquery by its value: a literal for scalar and EXISTS, a literal IN list for IN. */
async function resolveSubqueries(e: BoundExpr, ctx: ExecutionContext): Promise<BoundExpr> {
  return transformExprAsync(e, async (x) => {
    if (x.kind !== 'subquery') return x;
    const result = await ctx.run(x.plan as PhysicalPlan);
    switch (x.mode) {
      case 'scalar': {
        if (result.numRows > 1) throw runtimeError(`A scalar subquery returned ${result.numRows} rows; it must return at most one`);
        return { kind: 'lit', value: result.numRows === 0 ? null : valueAt(result.columns[0]!, 0), type: x.type };
      }
      case 'exists': return { kind: 'lit', value: (result.numRows > 0) !== x.negated, type: BooleanType };
      case 'in': {
        const seen = new Set<unknown>();
        const list: BoundExpr[] = [];
        const col = result.columns[0]!;
        for (let i = 0; i < result.numRows; i++) {
          const v = valueAt(col, i);
          const key = typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
          if (seen.has(key)) continue;
          seen.add(key);
          list.push({ kind: 'lit', value: v, type: col.type });
        }
        if (list.length === 0) return { kind: 'lit', value: x.negated, type: BooleanType };
        return { kind: 'inList', operand: x.operand!, list, negated: x.negated, type: BooleanType };
      }
    }
  });
}
