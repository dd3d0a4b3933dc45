/**
 * Physical plan nodes: what execution runs. Expressions here reference input columns by index (`col`); a
 * join's `residual` condition and a nested-loop join's condition see the left columns followed by the right.
 * Each node carries the schema of what it produces.
 */
import type { Schema } from '../types/schema.js';
import type { BoundExpr } from './expr.js';
import type {
  AggregateFunctionName, FrameBoundSpec, JoinKind, RelationSource, WindowFunctionName,
} from './logical-plan.js';

export interface PhysicalSortOrder {
  readonly expr: BoundExpr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

export interface PhysicalAggregate {
  readonly fn: AggregateFunctionName;
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  readonly filter?: BoundExpr;
  readonly name: string;
  readonly type: import('../types/data-type.js').DataType;
}

export interface PhysicalWindowCall {
  readonly fn: WindowFunctionName;
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  readonly frame: { readonly type: 'rows' | 'range'; readonly start: FrameBoundSpec; readonly end: FrameBoundSpec };
  readonly name: string;
  readonly type: import('../types/data-type.js').DataType;
}

/**
 * The input columns a join emits, the chosen left columns then the chosen right ones (no right ones for semi and
 * anti joins). Columns only the join itself reads, such as its keys, are left out unless the plan above reads them.
 */
export interface JoinOutputColumns {
  readonly left: readonly number[];
  readonly right: readonly number[];
}

export type PhysicalPlan =
  | { readonly kind: 'scan'; readonly source: RelationSource; readonly columns: readonly number[]; readonly schema: Schema }
  /** A streaming source's rows for the current micro-batch (incremental execution substitutes them). */
  | { readonly kind: 'streamInput'; readonly sourceIndex: number; readonly columns: readonly number[]; readonly schema: Schema }
  | { readonly kind: 'values'; readonly rows: readonly (readonly unknown[])[]; readonly schema: Schema }
  | { readonly kind: 'project'; readonly input: PhysicalPlan; readonly exprs: readonly BoundExpr[]; readonly schema: Schema }
  | { readonly kind: 'filter'; readonly input: PhysicalPlan; readonly condition: BoundExpr; readonly schema: Schema }
  | {
    readonly kind: 'hashAggregate'; readonly input: PhysicalPlan; readonly groupBy: readonly BoundExpr[];
    readonly aggregates: readonly PhysicalAggregate[]; readonly schema: Schema;
  }
  | {
    readonly kind: 'hashJoin'; readonly left: PhysicalPlan; readonly right: PhysicalPlan; readonly joinType: JoinKind;
    readonly leftKeys: readonly BoundExpr[]; readonly rightKeys: readonly BoundExpr[];
    readonly residual?: BoundExpr; readonly nullAwareAnti: boolean; readonly output: JoinOutputColumns;
    readonly schema: Schema;
  }
  | {
    readonly kind: 'nestedLoopJoin'; readonly left: PhysicalPlan; readonly right: PhysicalPlan; readonly joinType: JoinKind;
    readonly condition?: BoundExpr; readonly nullAwareAnti: boolean; readonly output: JoinOutputColumns;
    readonly schema: Schema;
  }
  | { readonly kind: 'sort'; readonly input: PhysicalPlan; readonly orders: readonly PhysicalSortOrder[]; readonly schema: Schema }
  | {
    readonly kind: 'topN'; readonly input: PhysicalPlan; readonly orders: readonly PhysicalSortOrder[];
    readonly limit: number; readonly offset: number; readonly schema: Schema;
  }
  | { readonly kind: 'limit'; readonly input: PhysicalPlan; readonly limit: number | null; readonly offset: number; readonly schema: Schema }
  | { readonly kind: 'unionAll'; readonly inputs: readonly PhysicalPlan[]; readonly schema: Schema }
  | {
    readonly kind: 'setOp'; readonly op: 'union' | 'intersect' | 'except'; readonly all: boolean;
    readonly left: PhysicalPlan; readonly right: PhysicalPlan; readonly schema: Schema;
  }
  | { readonly kind: 'distinct'; readonly input: PhysicalPlan; readonly schema: Schema }
  | {
    readonly kind: 'window'; readonly input: PhysicalPlan; readonly partitionBy: readonly BoundExpr[];
    readonly orderBy: readonly PhysicalSortOrder[]; readonly calls: readonly PhysicalWindowCall[]; readonly schema: Schema;
  }
  | {
    readonly kind: 'generate'; readonly input: PhysicalPlan; readonly generator: 'explode' | 'posexplode';
    readonly arg: BoundExpr; readonly outer: boolean; readonly schema: Schema;
  }
  /** Streaming: passes rows through and records the largest value of the event-time column (ms) for the watermark. */
  | {
    readonly kind: 'eventTimeWatermark'; readonly input: PhysicalPlan; readonly columnIndex: number;
    readonly watermarkIndex: number; readonly schema: Schema;
  }
  /**
   * Streaming aggregation: StateStoreRestore + aggregate + StateStoreSave in one operator. Merges the batch's
   * partial aggregates with the stored ones, saves them, and emits rows according to the output mode.
   */
  | {
    readonly kind: 'statefulAggregate'; readonly input: PhysicalPlan; readonly groupBy: readonly BoundExpr[];
    readonly aggregates: readonly PhysicalAggregate[]; readonly operatorId: number; readonly outputMode: StreamOutputMode;
    readonly eventTime?: EventTimeKey;
    /** When set, `groupBy[windowKey.keyIndex]` is a placeholder: the operator computes the window itself. */
    readonly windowKey?: WindowKeySpec;
    readonly schema: Schema;
  }
  /**
   * Aggregation by session window (`GROUP BY k, session_window(ts, gap)`): per key, events less than the gap
   * apart form one session. `groupBy` holds the other keys; the session `{start, end}` is output at
   * `sessionKeyIndex` among the keys. In a streaming query (`stateful`), open sessions live in the state store
   * and merge with each batch's events.
   */
  | {
    readonly kind: 'sessionWindowAggregate'; readonly input: PhysicalPlan; readonly groupBy: readonly BoundExpr[];
    readonly sessionKeyIndex: number; readonly ts: BoundExpr; readonly gap: BoundExpr;
    readonly aggregates: readonly PhysicalAggregate[];
    readonly stateful?: { readonly operatorId: number; readonly outputMode: StreamOutputMode };
    readonly schema: Schema;
  }
  /** Streaming deduplication: emits the first row of each key; with event time, keys expire with the watermark. */
  | {
    readonly kind: 'statefulDeduplicate'; readonly input: PhysicalPlan; readonly keys: readonly BoundExpr[];
    readonly operatorId: number; readonly eventTime?: EventTimeKey;
    /** dropDuplicatesWithinWatermark: a key expires `delayMs` after its first event time. */
    readonly withinWatermarkDelayMs?: number;
    /** dropDuplicatesWithinWatermark: the input column holding the event time (the watermark column). */
    readonly eventTimeColumn?: number;
    readonly schema: Schema;
  };

export type PhysicalKind = PhysicalPlan['kind'];

/** Streaming output modes (Spark's). */
export type StreamOutputMode = 'append' | 'update' | 'complete';

/**
 * An event-time window grouping key that the aggregation computes itself: each row's pane (the slide-aligned
 * interval containing its time) is aggregated once, and panes are then merged into every window containing
 * them — so a sliding window never multiplies the input rows. Requires size to be a multiple of slide
 * (a tumbling window is the case slide = size).
 */
export interface WindowKeySpec {
  readonly keyIndex: number;
  readonly ts: BoundExpr;
  readonly sizeMicros: number;
  readonly slideMicros: number;
  readonly startMicros: number;
}

/** Which grouping key carries event time, for late-row filtering and state eviction by the watermark. */
export interface EventTimeKey {
  /** Index into the operator's key columns. */
  readonly keyIndex: number;
  /** A window struct (its `end` is compared with the watermark) or a plain timestamp. */
  readonly isWindow: boolean;
}

export function physicalChildren(p: PhysicalPlan): readonly PhysicalPlan[] {
  switch (p.kind) {
    case 'scan': case 'streamInput': case 'values': return [];
    case 'hashJoin': case 'nestedLoopJoin': case 'setOp': return [p.left, p.right];
    case 'unionAll': return p.inputs;
    default: return [p.input];
  }
}
