/**
 * How the REPL runs a SELECT over a stream (a live query), decided before it starts:
 *
 * - Output mode: a query with an aggregation runs in `update` mode (each batch brings the groups it changed,
 *   as ksqlDB's `EMIT CHANGES`) and is shown as a table keyed by its group columns; with an ORDER BY on top it
 *   runs in `complete` mode (Spark allows sorting a streaming aggregation only there) and the table is
 *   replaced each batch, in the query's order. Anything else runs in `append` mode and its rows are appended.
 * - `LIMIT n`: in append and update mode the REPL ends the query after n rows (the engine allows LIMIT on a stream
 *   only in complete mode, so the LIMIT is taken out of the plan); in complete mode the LIMIT stays in the plan — a live
 *   top-n — and the query runs until Ctrl-C.
 * - Group columns: the output columns computed from grouping expressions only, found by following the
 *   analyzed plan from the aggregate up to the output.
 */
import type { Query } from '../sql/ast.js';
import { field, schema, type Schema } from '../types/schema.js';
import { children, type BoundExpr } from '../planner/expr.js';
import { planChildren, type LogicalPlan } from '../planner/logical-plan.js';
import type { OutputMode } from '../execution/sink.js';
import type { Session } from '../api/session.js';

export interface LivePlan {
  /** The query to start (without its LIMIT when the REPL enforces it). */
  readonly query: Query;
  readonly outputMode: OutputMode;
  /** Indices of the group columns; undefined without an aggregation. */
  readonly keyColumns: readonly number[] | undefined;
  /** Rows after which the REPL stops the query. */
  readonly rowLimit: number | undefined;
  /** The columns the query outputs. */
  readonly schema: Schema;
}

export function planLiveQuery(session: Session, query: Query): LivePlan {
  const plan = session.analyze(query);
  const aggregate = findAggregate(plan);
  const sorted = query.orderBy.length > 0;
  const outputMode: OutputMode = aggregate ? (sorted ? 'complete' : 'update') : 'append';
  const keyColumns = aggregate ? groupColumns(plan) : undefined;
  const output = schema(plan.output.map((a) => field(a.name, a.type, a.nullable)));
  // The analyzer has checked the LIMIT and evaluated it: it is the root of the plan.
  const rowLimit = plan.kind === 'limit' && plan.limit !== null ? plan.limit : undefined;
  if (rowLimit === undefined || outputMode === 'complete') return { query, outputMode, keyColumns, rowLimit: undefined, schema: output };
  return { query: { ...query, limit: undefined }, outputMode, keyColumns, rowLimit, schema: output };
}

function findAggregate(p: LogicalPlan): boolean {
  return p.kind === 'aggregate' || planChildren(p).some(findAggregate);
}

/**
 * Output positions whose values come from grouping expressions only. Nodes between the aggregate and the
 * output either keep attributes (filter, sort, limit, …) or compute them (project: an expression over group
 * attributes is a group column). When the aggregate sits below a join or a union, every column is a key.
 */
function groupColumns(plan: LogicalPlan): number[] {
  const ids = groupIds(plan);
  if (ids === undefined) return plan.output.map((_, i) => i);
  const out: number[] = [];
  plan.output.forEach((a, i) => { if (ids.has(a.id)) out.push(i); });
  return out;
}

function groupIds(p: LogicalPlan): Set<number> | undefined {
  switch (p.kind) {
    case 'aggregate': return new Set(p.groupBy.map((g) => g.attr.id));
    case 'project': {
      const inner = groupIds(p.input);
      if (inner === undefined) return undefined;
      const out = new Set<number>();
      for (const e of p.exprs) if (refsWithin(e.expr, inner)) out.add(e.attr.id);
      return out;
    }
    case 'filter': case 'sort': case 'limit': case 'watermark': case 'distinct': case 'deduplicate':
      return groupIds(p.input);
    default: return undefined;
  }
}

function refsWithin(e: BoundExpr, ids: ReadonlySet<number>): boolean {
  if (e.kind === 'ref') return ids.has(e.id);
  if (e.kind === 'subquery') return false;
  return children(e).every((c) => refsWithin(c, ids));
}
