/**
 * Logical plan nodes: readonly data with a `kind`, each listing its `output` attributes. The analyzer builds
 * them from the AST (or from DataFrame calls, which build the same AST), the optimizer rewrites them, and the
 * physical planner turns them into physical plans.
 */
import type { Schema } from '../types/schema.js';
import type { Attribute, BoundExpr } from './expr.js';

/** A named relation a Scan reads: a static table, or a streaming source. `handle` is opaque to the planner. */
export interface RelationSource {
  readonly name: string;
  readonly schema: Schema;
  readonly streaming: boolean;
  readonly handle: unknown;
  /** For a source declared with `WATERMARK FOR col AS col - INTERVAL …`: the column and the delay. */
  readonly watermark?: { readonly column: string; readonly delayMs: number };
}

export interface NamedExpr { readonly expr: BoundExpr; readonly attr: Attribute }

export type AggregateFunctionName =
  | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last' | 'collect_list' | 'collect_set'
  | 'stddev_samp' | 'stddev_pop' | 'var_samp' | 'var_pop' | 'approx_count_distinct' | 'any' | 'every'
  | 'count_if' | 'max_by' | 'min_by' | 'bool_and' | 'bool_or';

export interface AggregateCall {
  readonly fn: AggregateFunctionName;
  /** Empty for count(*). */
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  /** `FILTER (WHERE …)`; first/last's `ignoreNulls` is the second argument as Spark has it. */
  readonly filter?: BoundExpr;
  readonly ignoreNulls: boolean;
  readonly attr: Attribute;
}

export type WindowFunctionName =
  | 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' | 'ntile' | 'lag' | 'lead'
  | 'first_value' | 'last_value' | 'nth_value' | AggregateFunctionName;

export interface FrameBoundSpec {
  readonly kind: 'unboundedPreceding' | 'preceding' | 'currentRow' | 'following' | 'unboundedFollowing';
  readonly offset?: number;
}

export interface SortOrder {
  readonly expr: BoundExpr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

export interface WindowCall {
  readonly fn: WindowFunctionName;
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly SortOrder[];
  readonly frame: { readonly type: 'rows' | 'range'; readonly start: FrameBoundSpec; readonly end: FrameBoundSpec };
  readonly attr: Attribute;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';

export type LogicalPlan =
  | { readonly kind: 'scan'; readonly source: RelationSource; readonly output: readonly Attribute[] }
  | { readonly kind: 'values'; readonly rows: readonly (readonly unknown[])[]; readonly output: readonly Attribute[] }
  | { readonly kind: 'project'; readonly input: LogicalPlan; readonly exprs: readonly NamedExpr[]; readonly output: readonly Attribute[] }
  | { readonly kind: 'filter'; readonly input: LogicalPlan; readonly condition: BoundExpr; readonly output: readonly Attribute[] }
  | {
    readonly kind: 'aggregate'; readonly input: LogicalPlan; readonly groupBy: readonly NamedExpr[];
    readonly aggregates: readonly AggregateCall[]; readonly output: readonly Attribute[];
  }
  | {
    readonly kind: 'join'; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly joinType: JoinKind;
    readonly condition?: BoundExpr;
    /**
     * For NOT IN subqueries: an anti join that also drops left rows when the comparison is unknown (null-aware).
     */
    readonly nullAwareAnti?: boolean;
    /**
     * The left output then the right (only the left for semi and anti joins), nullable as the join type makes
     * them; column pruning may leave out attributes nothing above reads, keeping that order.
     */
    readonly output: readonly Attribute[];
  }
  | {
    readonly kind: 'setOp'; readonly op: 'union' | 'intersect' | 'except'; readonly all: boolean;
    readonly left: LogicalPlan; readonly right: LogicalPlan; readonly output: readonly Attribute[];
  }
  | { readonly kind: 'distinct'; readonly input: LogicalPlan; readonly output: readonly Attribute[] }
  | { readonly kind: 'sort'; readonly input: LogicalPlan; readonly orders: readonly SortOrder[]; readonly output: readonly Attribute[] }
  | { readonly kind: 'limit'; readonly input: LogicalPlan; readonly limit: number | null; readonly offset: number; readonly output: readonly Attribute[] }
  | { readonly kind: 'window'; readonly input: LogicalPlan; readonly calls: readonly WindowCall[]; readonly output: readonly Attribute[] }
  | {
    /** explode/posexplode/inline: one output row per element; `outer` keeps rows whose collection is empty or null. */
    readonly kind: 'generate'; readonly input: LogicalPlan; readonly generator: 'explode' | 'posexplode';
    readonly arg: BoundExpr; readonly outer: boolean; readonly generated: readonly Attribute[];
    readonly output: readonly Attribute[];
  }
  | {
    readonly kind: 'watermark'; readonly input: LogicalPlan; readonly column: Attribute; readonly delayMs: number;
    readonly output: readonly Attribute[];
  }
  | {
    /** Streaming deduplication on the given columns (Spark's dropDuplicates on a stream). */
    readonly kind: 'deduplicate'; readonly input: LogicalPlan; readonly keys: readonly Attribute[];
    readonly withinWatermark: boolean; readonly output: readonly Attribute[];
  };

export type PlanKind = LogicalPlan['kind'];

export function planChildren(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'scan': case 'values': return [];
    case 'join': case 'setOp': return [p.left, p.right];
    default: return [p.input];
  }
}

/** True when any scan under `p` reads a stream. */
export function isStreaming(p: LogicalPlan): boolean {
  if (p.kind === 'scan') return p.source.streaming;
  return planChildren(p).some(isStreaming);
}
