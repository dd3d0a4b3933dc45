/**
 * Logical → physical: binds attribute references to column indexes and chooses operators — a hash join when
 * the condition has equality conjuncts between the two sides (the rest becomes a residual filter), a
 * nested-loop join otherwise; top-N for ORDER BY … LIMIT; one window operator per distinct window spec.
 */
import { field, schema, type Schema } from '../types/schema.js';
import { runtimeError } from '../types/errors.js';
import {
  conjoin, exprKey, referencedIds, splitConjuncts, transformExpr, type Attribute, type BoundExpr,
} from './expr.js';
import type { LogicalPlan, SortOrder, WindowCall } from './logical-plan.js';
import type { JoinOutputColumns, PhysicalPlan, PhysicalSortOrder } from './physical-plan.js';

export interface PhysicalPlanningOptions {
  /** Plans the logical plan of a subquery found in an expression (the caller optimizes it first). */
  readonly planSubquery?: (p: LogicalPlan) => PhysicalPlan;
  /**
   * Plans a node differently (streaming scans and stateful operators); undefined means "as usual". `recurse`
   * plans a child with the same options.
   */
  readonly override?: (p: LogicalPlan, recurse: (child: LogicalPlan) => PhysicalPlan) => PhysicalPlan | undefined;
}

export function schemaOf(output: readonly Attribute[]): Schema {
  return schema(output.map((a) => field(a.name, a.type, a.nullable)));
}

/** Replaces attribute references by column indexes of `input`. */
export function bindToInput(e: BoundExpr, input: readonly Attribute[], opts: PhysicalPlanningOptions = {}): BoundExpr {
  const index = new Map<number, number>();
  input.forEach((a, i) => { if (!index.has(a.id)) index.set(a.id, i); });
  return transformExpr(e, (x) => {
    if (x.kind === 'ref') {
      const i = index.get(x.id);
      if (i === undefined) throw runtimeError(`internal: column '${x.name}'#${x.id} is not produced by the operator's input`);
      return { kind: 'col', index: i, name: x.name, type: x.type };
    }
    if (x.kind === 'subquery') {
      const planSub = opts.planSubquery ?? ((p: LogicalPlan) => toPhysical(p, opts));
      return { ...x, plan: planSub(x.plan as LogicalPlan) };
    }
    return x;
  });
}

export function toPhysical(p: LogicalPlan, opts: PhysicalPlanningOptions = {}): PhysicalPlan {
  const overridden = opts.override?.(p, (c) => toPhysical(c, opts));
  if (overridden) return overridden;
  const bind = (e: BoundExpr, input: readonly Attribute[]) => bindToInput(e, input, opts);
  const sortOrders = (orders: readonly SortOrder[], input: readonly Attribute[]): PhysicalSortOrder[] =>
    orders.map((o) => ({ expr: bind(o.expr, input), ascending: o.ascending, nullsFirst: o.nullsFirst }));
  switch (p.kind) {
    case 'scan': {
      const fields = p.source.schema.fields;
      const columns = p.output.map((a) => {
        const i = fields.findIndex((f) => f.name === a.name);
        if (i < 0) throw runtimeError(`internal: scan column '${a.name}' not in '${p.source.name}'`);
        return i;
      });
      return { kind: 'scan', source: p.source, columns, schema: schemaOf(p.output) };
    }
    case 'values': return { kind: 'values', rows: p.rows, schema: schemaOf(p.output) };
    case 'watermark': return toPhysical(p.input, opts);
    case 'project': {
      const input = toPhysical(p.input, opts);
      return { kind: 'project', input, exprs: p.exprs.map((x) => bind(x.expr, p.input.output)), schema: schemaOf(p.output) };
    }
    case 'filter':
      return { kind: 'filter', input: toPhysical(p.input, opts), condition: bind(p.condition, p.input.output), schema: schemaOf(p.output) };
    case 'aggregate': {
      const input = toPhysical(p.input, opts);
      const session = sessionWindowAggregate(p, input, opts);
      if (session) return session;
      return {
        kind: 'hashAggregate', input,
        groupBy: p.groupBy.map((g) => bind(g.expr, p.input.output)),
        aggregates: p.aggregates.map((a) => ({
          fn: a.fn, args: a.args.map((x) => bind(x, p.input.output)), distinct: a.distinct, ignoreNulls: a.ignoreNulls,
          filter: a.filter ? bind(a.filter, p.input.output) : undefined, name: a.attr.name, type: a.attr.type,
        })),
        schema: schemaOf(p.output),
      };
    }
    case 'join': return planJoin(p, opts);
    case 'setOp': {
      const left = toPhysical(p.left, opts), right = toPhysical(p.right, opts);
      const s = schemaOf(p.output);
      if (p.op === 'union') {
        const inputs = [...flattenUnion(left), ...flattenUnion(right)];
        const all: PhysicalPlan = { kind: 'unionAll', inputs, schema: s };
        return p.all ? all : { kind: 'distinct', input: all, schema: s };
      }
      return { kind: 'setOp', op: p.op, all: p.all, left, right, schema: s };
    }
    case 'distinct': return { kind: 'distinct', input: toPhysical(p.input, opts), schema: schemaOf(p.output) };
    case 'deduplicate': {
      const input = toPhysical(p.input, opts);
      const keys = p.keys.map((k) => bind({ kind: 'ref', id: k.id, name: k.name, type: k.type, nullable: k.nullable }, p.input.output));
      return {
        kind: 'hashAggregate', input, groupBy: keys,
        aggregates: p.output.filter((o) => !p.keys.some((k) => k.id === o.id)).map((o) => ({
          fn: 'first' as const, args: [bind({ kind: 'ref', id: o.id, name: o.name, type: o.type, nullable: o.nullable }, p.input.output)],
          distinct: false, ignoreNulls: false, name: o.name, type: o.type,
        })),
        schema: schemaOf([...p.keys, ...p.output.filter((o) => !p.keys.some((k) => k.id === o.id))]),
      };
    }
    case 'sort': return { kind: 'sort', input: toPhysical(p.input, opts), orders: sortOrders(p.orders, p.input.output), schema: schemaOf(p.output) };
    case 'limit': {
      if (p.input.kind === 'sort' && p.limit !== null) {
        const sort = p.input;
        return {
          kind: 'topN', input: toPhysical(sort.input, opts), orders: sortOrders(sort.orders, sort.input.output),
          limit: p.limit, offset: p.offset, schema: schemaOf(p.output),
        };
      }
      return { kind: 'limit', input: toPhysical(p.input, opts), limit: p.limit, offset: p.offset, schema: schemaOf(p.output) };
    }
    case 'window': return planWindow(p, opts);
    case 'generate':
      return {
        kind: 'generate', input: toPhysical(p.input, opts), generator: p.generator, arg: bind(p.arg, p.input.output),
        outer: p.outer, schema: schemaOf(p.output),
      };
  }
}

/** An aggregation with a `session_window(…)` key becomes a session-window aggregation (stateless here). */
export function sessionWindowAggregate(
  p: Extract<LogicalPlan, { kind: 'aggregate' }>, input: PhysicalPlan, opts: PhysicalPlanningOptions,
  stateful?: { operatorId: number; outputMode: 'append' | 'update' | 'complete' },
): PhysicalPlan | undefined {
  const index = p.groupBy.findIndex((g) => g.expr.kind === 'call' && g.expr.fn === 'session_window');
  if (index < 0) return undefined;
  const bind = (e: BoundExpr) => bindToInput(e, p.input.output, opts);
  const call = p.groupBy[index]!.expr as Extract<BoundExpr, { kind: 'call' }>;
  return {
    kind: 'sessionWindowAggregate', input, sessionKeyIndex: index,
    groupBy: p.groupBy.filter((_, i) => i !== index).map((g) => bind(g.expr)),
    ts: bind(call.args[0]!), gap: bind(call.args[1]!),
    aggregates: p.aggregates.map((a) => ({
      fn: a.fn, args: a.args.map(bind), distinct: a.distinct, ignoreNulls: a.ignoreNulls,
      filter: a.filter ? bind(a.filter) : undefined, name: a.attr.name, type: a.attr.type,
    })),
    stateful, schema: schemaOf(p.output),
  };
}

function flattenUnion(p: PhysicalPlan): readonly PhysicalPlan[] {
  return p.kind === 'unionAll' ? p.inputs : [p];
}

function planJoin(p: Extract<LogicalPlan, { kind: 'join' }>, opts: PhysicalPlanningOptions): PhysicalPlan {
  const left = toPhysical(p.left, opts), right = toPhysical(p.right, opts);
  const leftIds = new Set(p.left.output.map((a) => a.id)), rightIds = new Set(p.right.output.map((a) => a.id));
  const both = [...p.left.output, ...p.right.output];
  const leftKeys: BoundExpr[] = [], rightKeys: BoundExpr[] = [], residual: BoundExpr[] = [];
  const within = (e: BoundExpr, ids: Set<number>) => {
    const refs = referencedIds(e);
    return refs.size > 0 && [...refs].every((id) => ids.has(id));
  };
  for (const c of p.condition ? splitConjuncts(p.condition) : []) {
    if (c.kind === 'cmp' && c.op === '=') {
      if (within(c.left, leftIds) && within(c.right, rightIds)) { leftKeys.push(c.left); rightKeys.push(c.right); continue; }
      if (within(c.left, rightIds) && within(c.right, leftIds)) { leftKeys.push(c.right); rightKeys.push(c.left); continue; }
    }
    residual.push(c);
  }
  const s = schemaOf(p.output);
  const output = joinOutputColumns(p);
  const rest = conjoin(residual);
  const bind = (e: BoundExpr, input: readonly Attribute[]) => bindToInput(e, input, opts);
  if (leftKeys.length > 0) {
    return {
      kind: 'hashJoin', left, right, joinType: p.joinType === 'cross' ? 'inner' : p.joinType,
      leftKeys: leftKeys.map((k) => bind(k, p.left.output)), rightKeys: rightKeys.map((k) => bind(k, p.right.output)),
      residual: rest ? bind(rest, both) : undefined, nullAwareAnti: p.nullAwareAnti ?? false, output, schema: s,
    };
  }
  return {
    kind: 'nestedLoopJoin', left, right, joinType: p.joinType, condition: rest ? bind(rest, both) : undefined,
    nullAwareAnti: p.nullAwareAnti ?? false, output, schema: s,
  };
}

/**
 * Where each output attribute of a join comes from. The output is a subsequence of the left output followed by
 * the right output, so one forward walk finds each attribute's column even when both sides carry the same id.
 */
function joinOutputColumns(p: Extract<LogicalPlan, { kind: 'join' }>): JoinOutputColumns {
  const left: number[] = [], right: number[] = [];
  const nl = p.left.output.length, sides = [...p.left.output, ...p.right.output];
  let at = 0;
  for (const a of p.output) {
    while (at < sides.length && sides[at]!.id !== a.id) at++;
    if (at === sides.length) throw runtimeError(`internal: join output column '${a.name}'#${a.id} is not produced by its inputs in order`);
    if (at < nl) left.push(at);
    else right.push(at - nl);
    at++;
  }
  return { left, right };
}

/** One window operator per distinct (PARTITION BY, ORDER BY); each appends its calls' columns. */
function planWindow(p: Extract<LogicalPlan, { kind: 'window' }>, opts: PhysicalPlanningOptions): PhysicalPlan {
  let plan = toPhysical(p.input, opts);
  let attrs = [...p.input.output];
  const groups = new Map<string, WindowCall[]>();
  for (const c of p.calls) {
    const key = `${c.partitionBy.map(exprKey).join(',')}|${c.orderBy.map((o) => `${exprKey(o.expr)} ${o.ascending} ${o.nullsFirst}`).join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const calls of groups.values()) {
    const first = calls[0]!;
    const input = attrs;
    attrs = [...attrs, ...calls.map((c) => c.attr)];
    plan = {
      kind: 'window', input: plan,
      partitionBy: first.partitionBy.map((e) => bindToInput(e, input, opts)),
      orderBy: first.orderBy.map((o) => ({ expr: bindToInput(o.expr, input, opts), ascending: o.ascending, nullsFirst: o.nullsFirst })),
      calls: calls.map((c) => ({
        fn: c.fn, args: c.args.map((a) => bindToInput(a, input, opts)), distinct: c.distinct, ignoreNulls: c.ignoreNulls,
        frame: c.frame, name: c.attr.name, type: c.attr.type,
      })),
      schema: schemaOf(attrs),
    };
  }
  // The window operators append in spec-group order; restore the logical output order.
  const order = p.output.map((a) => attrs.findIndex((x) => x.id === a.id));
  if (order.every((v, i) => v === i)) return plan;
  return {
    kind: 'project', input: plan,
    exprs: order.map((i) => ({ kind: 'col' as const, index: i, name: attrs[i]!.name, type: attrs[i]!.type })),
    schema: schemaOf(p.output),
  };
}
