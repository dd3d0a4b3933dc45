/**
 * FROM-clause analysis: tables, views, CTE references, derived tables, VALUES, joins and table functions,
 * each giving a logical plan and the scope entries (qualifier + attribute) its columns are visible under.
 */
import type { CommonTableExpr, JoinRelation, Query, Relation, TableFunctionRelation } from '../../sql/ast.js';
import { BigIntType, BooleanType, TimestampType, WindowStructType, type Interval } from '../../types/data-type.js';
import { intervalMicros, parseIntervalString } from '../../types/temporal.js';
import { slidingWindowsExpr, tumblingWindowExpr, windowSpec } from './event-time-windows.js';
import { analysisError } from '../../types/errors.js';
import { conjoin, ref, type Attribute, type BoundExpr } from '../expr.js';
import type { JoinKind, LogicalPlan } from '../logical-plan.js';
import { cloneAttribute, newAttribute } from './attribute-ids.js';
import type { Catalog } from './catalog.js';
import { coerce, comparisonType } from './coercion.js';
import { ExpressionBinder, type BindHooks } from './expression-binder.js';
import { Scope, type ScopeEntry } from './scope.js';

/** CTEs visible at some point of a query, innermost first; each remembers the CTEs visible to its own body. */
export class CteScope {
  constructor(private readonly defs: ReadonlyMap<string, { cte: CommonTableExpr; scope: CteScope }> = new Map(), private readonly parent?: CteScope) {}

  with(ctes: readonly CommonTableExpr[]): CteScope {
    if (ctes.length === 0) return this;
    let scope: CteScope = this;
    const seen = new Set<string>();
    for (const cte of ctes) {
      if (seen.has(cte.name.toLowerCase())) throw analysisError(`The WITH clause defines '${cte.name}' twice`, cte.pos);
      seen.add(cte.name.toLowerCase());
      const defs = new Map([[cte.name.toLowerCase(), { cte, scope }]]);
      scope = new CteScope(defs, scope);
    }
    return scope;
  }

  lookup(name: string): { cte: CommonTableExpr; scope: CteScope } | undefined {
    return this.defs.get(name.toLowerCase()) ?? this.parent?.lookup(name);
  }
}

export interface PlannedRelation {
  readonly plan: LogicalPlan;
  readonly entries: readonly ScopeEntry[];
}

/** Callbacks into the query analyzer (relations contain queries, and join conditions contain expressions). */
export interface QueryAnalysis {
  readonly catalog: Catalog;
  query(q: Query, outer: Scope | undefined, ctes: CteScope): LogicalPlan;
  hooksFor(scope: Scope, ctes: CteScope, clause: string): BindHooks;
}

export function planRelation(a: QueryAnalysis, r: Relation, ctes: CteScope, outer: Scope | undefined): PlannedRelation {
  switch (r.kind) {
    case 'table': {
      const cte = ctes.lookup(r.name);
      if (cte) {
        let plan = a.query(cte.cte.query, undefined, cte.scope);
        if (cte.cte.columnAliases) plan = renameOutput(plan, cte.cte.columnAliases, r.pos);
        return qualify(plan, r.alias ?? r.name);
      }
      const entry = a.catalog.lookup(r.name);
      if (!entry) throw analysisError(`Table or view '${r.name}' does not exist`, r.pos);
      if (entry.kind === 'view') {
        let plan = a.query(entry.query, undefined, new CteScope());
        if (entry.columnAliases) plan = renameOutput(plan, entry.columnAliases, r.pos);
        return qualify(freshen(plan), r.alias ?? lastPart(r.name));
      }
      const output = entry.source.schema.fields.map((f) => newAttribute(f.name, f.type, f.nullable));
      let plan: LogicalPlan = { kind: 'scan', source: entry.source, output };
      const wm = entry.source.watermark;
      if (wm) {
        const column = output.find((o) => o.name.toLowerCase() === wm.column.toLowerCase());
        if (!column) throw analysisError(`Watermark column '${wm.column}' is not a column of '${r.name}'`, r.pos);
        plan = { kind: 'watermark', input: plan, column, delayMs: wm.delayMs, output };
      }
      return qualify(plan, r.alias ?? lastPart(r.name));
    }
    case 'subquery': {
      let plan = a.query(r.query, undefined, ctes);
      if (r.columnAliases) plan = renameOutput(plan, r.columnAliases, r.pos);
      return qualify(plan, r.alias);
    }
    case 'join': return planJoin(a, r, ctes, outer);
    case 'tableFunction': return planTableFunction(a, r, ctes);
  }
}

function lastPart(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

function qualify(plan: LogicalPlan, qualifier: string | undefined): PlannedRelation {
  return { plan, entries: plan.output.map((attr) => ({ qualifier, attr })) };
}

/** A view's plan is reused per reference; give each reference its own attribute ids via a renaming projection. */
function freshen(plan: LogicalPlan): LogicalPlan {
  const exprs = plan.output.map((a) => ({ expr: ref(a), attr: cloneAttribute(a) }));
  return { kind: 'project', input: plan, exprs, output: exprs.map((e) => e.attr) };
}

export function renameOutput(plan: LogicalPlan, names: readonly string[], pos: Relation['pos']): LogicalPlan {
  if (names.length !== plan.output.length) {
    throw analysisError(`${names.length} column aliases given for ${plan.output.length} columns`, pos);
  }
  const exprs = plan.output.map((a, i) => ({ expr: ref(a), attr: cloneAttribute(a, names[i]!) }));
  return { kind: 'project', input: plan, exprs, output: exprs.map((e) => e.attr) };
}

/** A natural join's USING columns: the left side's visible column names that the right side has too, in order. */
function naturalJoinColumns(left: readonly ScopeEntry[], right: readonly ScopeEntry[]): string[] {
  const visible = (es: readonly ScopeEntry[]) => es.filter((e) => !e.hidden).map((e) => e.attr.name.toLowerCase());
  const rightNames = new Set(visible(right));
  return [...new Set(visible(left))].filter((name) => rightNames.has(name));
}

function planJoin(a: QueryAnalysis, r: JoinRelation, ctes: CteScope, outer: Scope | undefined): PlannedRelation {
  const left = planRelation(a, r.left, ctes, outer);
  const right = planRelation(a, r.right, ctes, outer);
  const joinType: JoinKind = r.joinType;
  const leftOnly = joinType === 'semi' || joinType === 'anti';
  const output = leftOnly ? left.plan.output : [...left.plan.output, ...right.plan.output].map((attr) => nullableFor(attr, left.plan.output, joinType));
  const relabel = (entries: readonly ScopeEntry[]): ScopeEntry[] =>
    entries.map((e) => ({ ...e, attr: output.find((o) => o.id === e.attr.id) ?? e.attr }));
  const leftEntries = relabel(left.entries), rightEntries = relabel(right.entries);

  const using = r.natural ? naturalJoinColumns(leftEntries, rightEntries) : r.using;
  if (using) {
    const conds: BoundExpr[] = [];
    const merged: ScopeEntry[] = [];
    const usedLeft = new Set<number>(), usedRight = new Set<number>();
    const projections: { expr: BoundExpr; attr: Attribute }[] = [];
    for (const name of using) {
      const l = leftEntries.find((e) => e.attr.name.toLowerCase() === name.toLowerCase());
      const rt = rightEntries.find((e) => e.attr.name.toLowerCase() === name.toLowerCase());
      if (!l || !rt) throw analysisError(`USING column '${name}' is not in both sides of the join`, r.pos);
      const t = comparisonType(l.attr.type, rt.attr.type, r.pos);
      conds.push({ kind: 'cmp', op: '=', left: coerce(ref(l.attr), t), right: coerce(ref(rt.attr), t), type: BooleanType });
      usedLeft.add(l.attr.id); usedRight.add(rt.attr.id);
      if (joinType === 'full') {
        const attr = newAttribute(l.attr.name, t);
        projections.push({ expr: { kind: 'call', fn: 'coalesce', args: [coerce(ref(l.attr), t), coerce(ref(rt.attr), t)], type: t, deterministic: true }, attr });
        merged.push({ qualifier: undefined, attr });
      } else {
        merged.push({ qualifier: undefined, attr: joinType === 'right' ? rt.attr : l.attr });
      }
    }
    let plan: LogicalPlan = { kind: 'join', left: left.plan, right: right.plan, joinType, condition: conjoin(conds), output };
    if (projections.length > 0) {
      const exprs = [...projections, ...output.map((o) => ({ expr: ref(o), attr: o }))];
      plan = { kind: 'project', input: plan, exprs, output: exprs.map((e) => e.attr) };
    }
    const hideUsed = (es: ScopeEntry[], used: Set<number>) =>
      es.map((e) => (used.has(e.attr.id) ? { ...e, qualifiedOnly: true, hidden: true } : e));
    const entries = leftOnly
      ? leftEntries
      : [...merged, ...hideUsed(leftEntries, usedLeft), ...hideUsed(rightEntries, usedRight)];
    return { plan, entries };
  }

  let condition: BoundExpr | undefined;
  if (r.on) {
    const scope = new Scope([...leftEntries, ...rightEntries], outer);
    const binder = new ExpressionBinder(scope, a.hooksFor(scope, ctes, 'a JOIN condition'));
    condition = binder.bind(r.on);
    if (condition.type.kind !== 'boolean' && condition.type.kind !== 'null') {
      throw analysisError('A JOIN condition must be BOOLEAN', r.on.pos);
    }
  } else if (joinType !== 'cross' && joinType !== 'inner') {
    throw analysisError(`${joinType.toUpperCase()} JOIN needs an ON or USING clause`, r.pos);
  }
  const plan: LogicalPlan = { kind: 'join', left: left.plan, right: right.plan, joinType, condition, output };
  return { plan, entries: leftOnly ? leftEntries : [...leftEntries, ...rightEntries] };
}

/** Outer joins make the other side's columns nullable. */
function nullableFor(attr: Attribute, leftOutput: readonly Attribute[], joinType: JoinKind): Attribute {
  const isLeft = leftOutput.some((l) => l.id === attr.id);
  const becomesNullable = joinType === 'full' || (joinType === 'left' && !isLeft) || (joinType === 'right' && isLeft);
  return becomesNullable && !attr.nullable ? { ...attr, nullable: true } : attr;
}

function planTableFunction(a: QueryAnalysis, r: TableFunctionRelation, ctes: CteScope): PlannedRelation {
  const name = r.name.toLowerCase();
  if (name === 'range') {
    const binder = new ExpressionBinder(new Scope([]), a.hooksFor(new Scope([]), ctes, 'range()'));
    const nums = r.args.map((arg) => {
      if (arg.kind !== 'exprArg') throw analysisError('range() takes numbers', arg.pos);
      const e = binder.bind(arg.expr);
      if (e.kind !== 'lit' || typeof e.value !== 'number') throw analysisError('range() takes constant numbers', arg.pos);
      return e.value;
    });
    const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
    if (nums.length < 1 || nums.length > 3 || step === 0) throw analysisError('range() takes (end), (start, end) or (start, end, step) with a non-zero step', r.pos);
    const rows: number[][] = [];
    for (let v = start; step > 0 ? v < end : v > end; v += step) rows.push([v]);
    const attr = newAttribute(r.columnAliases?.[0] ?? 'id', BigIntType, false);
    return qualify({ kind: 'values', rows, output: [attr] }, r.alias);
  }
  if (['__watermark', '__dedupe', '__dedupe_within_watermark', 'tumble', 'hop'].includes(name)) {
    return planTimeTableFunction(a, r, name, ctes);
  }
  throw analysisError(`Unknown table function '${r.name}'`, r.pos);
}

/**
 * Table functions over a table argument: the DataFrame API's watermark and deduplication (internal names),
 * and the windowing TVFs `TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])` and
 * `HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])`, which add `window_start` and `window_end` columns.
 */
function planTimeTableFunction(a: QueryAnalysis, r: TableFunctionRelation, name: string, ctes: CteScope): PlannedRelation {
  const [tableArg, descriptor, ...rest] = r.args;
  if (tableArg?.kind !== 'tableArg' || descriptor?.kind !== 'descriptor') {
    throw analysisError(`${r.name}() takes (TABLE t, DESCRIPTOR(column), …)`, r.pos);
  }
  const input = planRelation(a, { kind: 'table', name: tableArg.name, pos: tableArg.pos }, ctes, undefined).plan;
  const columns = descriptor.columns.map((c) => {
    const attr = input.output.find((o) => o.name.toLowerCase() === c.toLowerCase());
    if (!attr) throw analysisError(`Column '${c}' is not in ${tableArg.name}`, descriptor.pos);
    return attr;
  });
  const binder = new ExpressionBinder(new Scope([]), a.hooksFor(new Scope([]), ctes, `${r.name}()`));
  const constant = (i: number) => {
    const arg = rest[i];
    if (arg?.kind !== 'exprArg') throw analysisError(`${r.name}() is missing an interval argument`, r.pos);
    return binder.bind(arg.expr);
  };
  const qualifier = r.alias ?? tableArg.name;
  switch (name) {
    case '__watermark': {
      const column = columns[0]!;
      if (column.type.kind !== 'timestamp') throw analysisError(`withWatermark needs a TIMESTAMP column; '${column.name}' is ${column.type.kind.toUpperCase()}`, r.pos);
      const delay = constant(0);
      const micros = delay.kind === 'lit' && typeof delay.value === 'string' ? intervalOrNull(delay.value) : delay.kind === 'lit' && delay.type.kind === 'interval' ? intervalMicros(delay.value as Interval) : null;
      if (micros === null || micros < 0) throw analysisError('withWatermark needs a delay such as \'10 minutes\'', r.pos);
      return qualify({ kind: 'watermark', input, column, delayMs: Math.floor(micros / 1000), output: input.output }, qualifier);
    }
    case '__dedupe': case '__dedupe_within_watermark':
      return qualify({ kind: 'deduplicate', input, keys: columns, withinWatermark: name !== '__dedupe', output: input.output }, qualifier);
    default: {
      const ts = ref(columns[0]!);
      const args = name === 'tumble' ? [ts, constant(0), constant(0), ...(rest[1] ? [constant(1)] : [])] : [ts, constant(1), constant(0), ...(rest[2] ? [constant(2)] : [])];
      const fakeCall = { kind: 'call', name: 'window', args: [], distinct: false, star: false, pos: r.pos } as const;
      const spec = windowSpec(fakeCall, args);
      let plan: LogicalPlan = input;
      let windowExpr: BoundExpr;
      if (name === 'tumble') windowExpr = tumblingWindowExpr(spec);
      else {
        const w = newAttribute('window', WindowStructType, false);
        plan = { kind: 'generate', input, generator: 'explode', arg: slidingWindowsExpr(spec), outer: false, generated: [w], output: [...input.output, w] };
        windowExpr = ref(w);
      }
      const start = newAttribute('window_start', TimestampType, false), end = newAttribute('window_end', TimestampType, false);
      const exprs = [
        ...input.output.map((o) => ({ expr: ref(o), attr: o })),
        { expr: { kind: 'field', operand: windowExpr, field: 'start', type: TimestampType } as BoundExpr, attr: start },
        { expr: { kind: 'field', operand: windowExpr, field: 'end', type: TimestampType } as BoundExpr, attr: end },
      ];
      return qualify({ kind: 'project', input: plan, exprs, output: exprs.map((x) => x.attr) }, qualifier);
    }
  }
}

function intervalOrNull(text: string): number | null {
  const iv = parseIntervalString(text);
  return iv ? intervalMicros(iv) : null;
}
