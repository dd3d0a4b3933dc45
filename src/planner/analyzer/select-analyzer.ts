/**
 * One SELECT block → logical plan, in SQL's evaluation order:
 *   FROM → WHERE (with IN/EXISTS subqueries as semi/anti joins, correlated scalar subqueries as left joins)
 *   → GROUP BY / aggregates → HAVING → window functions → generator (explode) → SELECT list → DISTINCT
 *   → ORDER BY (which may use columns the SELECT list drops: they ride along as hidden columns).
 * In an aggregate query every expression above the Aggregate is rewritten into "aggregate space": a
 * subexpression equal to a GROUP BY expression becomes a reference to the group column; any other input column
 * is an error ("must appear in GROUP BY or inside an aggregate function").
 */
import type { CallExpr, Expr, FrameBound, OrderItem, SelectBody } from '../../sql/ast.js';
import { BigIntType, BooleanType, IntType, WindowStructType, isNumeric, typeToString } from '../../types/data-type.js';
import { isWindowCall, slidingWindowsExpr, windowSpec } from './event-time-windows.js';
import { analysisError, type SourcePosition } from '../../types/errors.js';
import {
  conjoin, exprKey, mapChildren, ref, referencedIds, type Attribute, type BoundExpr,
} from '../expr.js';
import type {
  AggregateCall, FrameBoundSpec, LogicalPlan, NamedExpr, SortOrder, WindowCall,
} from '../logical-plan.js';
import {
  aggregateFunctionName, aggregateResultType, windowOnlyFunctionName, windowOnlyResultType,
} from './aggregate-functions.js';
import { newAttribute } from './attribute-ids.js';
import { autoName } from './auto-name.js';
import { coerce, coerceToBoolean, typeError } from './coercion.js';
import { decorrelate, freeRefIds } from './decorrelation.js';
import { ExpressionBinder, type BindHooks } from './expression-binder.js';
import { ordinalOf, outputAt, sortOrder, type Analyzer } from './query-analyzer.js';
import { planRelation, type CteScope } from './relation-analyzer.js';
import { Scope, type ScopeEntry } from './scope.js';

type Item =
  | { readonly kind: 'bound'; readonly expr: BoundExpr; readonly name: string; readonly pos: SourcePosition }
  | { readonly kind: 'ast'; readonly expr: Expr; readonly name: string; readonly pos: SourcePosition; readonly aliased: boolean };

const generatorNames = new Set(['explode', 'explode_outer', 'posexplode', 'posexplode_outer']);

/** Numbers the hidden operand columns of correlated IN subqueries used as values. */
let inOperands = 0;

export function analyzeSelect(a: Analyzer, s: SelectBody, orderBy: readonly OrderItem[], outer: Scope | undefined, ctes: CteScope): LogicalPlan {
  return new SelectAnalysis(a, s, orderBy, outer, ctes).run();
}

class SelectAnalysis {
  private input: LogicalPlan;
  /** Grows only by hidden helper columns (see valuePredicateSubquery). */
  private scope: Scope;
  private readonly aggregates: AggregateCall[] = [];
  private readonly aggregateKeys = new Map<string, Attribute>();
  private readonly windows: WindowCall[] = [];
  private groupBy: NamedExpr[] = [];
  private readonly groupKeys = new Map<string, Attribute>();
  private aggregating = false;
  /**
   * Correlated scalar subqueries of an aggregate query (HAVING, SELECT list, ORDER BY): their outer columns are
   * group keys, so they are left-joined to the Aggregate's output, before HAVING.
   */
  private readonly postAggregateJoins: { readonly plan: LogicalPlan; readonly condition: BoundExpr | undefined }[] = [];
  /** Sliding `window(…)` GROUP BY keys, by their text: the window column generated for each. */
  private readonly slidingWindows = new Map<string, Attribute>();
  /** HAVING may name SELECT aliases; these attributes stand for them until rewritten. */
  private readonly aliasStandIns = new Map<number, BoundExpr>();

  constructor(
    private readonly a: Analyzer,
    private readonly s: SelectBody,
    private readonly orderBy: readonly OrderItem[],
    private readonly outer: Scope | undefined,
    private readonly ctes: CteScope,
  ) {
    if (s.from) {
      const r = planRelation(a, s.from, ctes, outer);
      this.input = r.plan;
      this.scope = new Scope(r.entries, outer);
    } else {
      this.input = { kind: 'values', rows: [[]], output: [] };
      this.scope = new Scope([], outer);
    }
  }

  run(): LogicalPlan {
    const s = this.s;
    if (s.where) this.applyWhere(s.where);
    const items = this.expandItems();
    this.aggregating = s.groupBy.length > 0 || s.having !== undefined
      || items.some((i) => i.kind === 'ast' && containsAggregate(i.expr))
      || this.orderBy.some((o) => containsAggregate(o.expr));

    const generatorIndex = items.findIndex((i) => i.kind === 'ast' && i.expr.kind === 'call' && generatorNames.has(i.expr.name.toLowerCase()));
    if (items.filter((i) => i.kind === 'ast' && i.expr.kind === 'call' && generatorNames.has(i.expr.name.toLowerCase())).length > 1) {
      throw analysisError('Only one generator (explode) is allowed per SELECT', s.pos);
    }

    if (this.aggregating) {
      this.planSlidingWindows(items);
      this.bindGroupBy(items);
    }
    const selectHooks = this.hooks('the SELECT list', true);
    const binder = new ExpressionBinder(this.scope, selectHooks);
    let generatorArg: { expr: BoundExpr; call: CallExpr } | undefined;
    const selected: (BoundExpr | undefined)[] = items.map((item, i) => {
      if (item.kind === 'bound') return this.toOutputSpace(item.expr, item.pos);
      if (i === generatorIndex) {
        const call = item.expr as CallExpr;
        if (call.args.length !== 1) throw analysisError(`${call.name}() takes one argument`, call.pos);
        generatorArg = { expr: this.toOutputSpace(binder.bind(call.args[0]!), call.pos), call };
        return undefined;
      }
      return this.toOutputSpace(binder.bind(item.expr), item.pos);
    });

    let having: BoundExpr | undefined;
    if (s.having) {
      const aliasEntries: ScopeEntry[] = [];
      items.forEach((item, i) => {
        const e = selected[i];
        if (!e) return;
        const standIn = newAttribute(item.name, e.type);
        this.aliasStandIns.set(standIn.id, e);
        aliasEntries.push({ qualifier: undefined, attr: standIn });
      });
      const havingScope = new Scope(this.scope.entries, new Scope(aliasEntries, this.outer));
      const hb = new ExpressionBinder(havingScope, this.hooks('HAVING', false));
      having = coerceToBoolean(this.toOutputSpace(hb.bind(s.having), s.having.pos), 'The HAVING condition', s.having.pos);
    }

    // ORDER BY is bound before the plan is assembled: it may add aggregates and window calls.
    const orderPlan = this.bindOrderBy(items, selected);

    let plan = this.input;
    if (this.aggregating) {
      const output = [...this.groupBy.map((g) => g.attr), ...this.aggregates.map((x) => x.attr)];
      plan = { kind: 'aggregate', input: plan, groupBy: this.groupBy, aggregates: this.aggregates, output };
      for (const j of this.postAggregateJoins) {
        const joined: Attribute[] = [...plan.output, ...j.plan.output.map((o) => ({ ...o, nullable: true }))];
        plan = { kind: 'join', left: plan, right: j.plan, joinType: 'left', condition: j.condition, output: joined };
      }
      if (having) plan = { kind: 'filter', input: plan, condition: having, output: plan.output };
    }
    if (this.windows.length > 0) {
      plan = { kind: 'window', input: plan, calls: this.windows, output: [...plan.output, ...this.windows.map((w) => w.attr)] };
    }
    let generated: Attribute[] = [];
    if (generatorArg) {
      const g = this.generator(generatorArg.call, generatorArg.expr, items[generatorIndex]!);
      generated = g.generated;
      plan = { kind: 'generate', input: plan, generator: g.generator, arg: generatorArg.expr, outer: g.outer, generated, output: [...plan.output, ...generated] };
    }

    const named: NamedExpr[] = [];
    items.forEach((item, i) => {
      if (i === generatorIndex) {
        for (const g of generated) named.push({ expr: ref(g), attr: g });
        return;
      }
      const e = selected[i]!;
      named.push({ expr: e, attr: newAttribute(item.name, e.type, e.kind === 'ref' ? e.nullable : true) });
    });

    const hidden: NamedExpr[] = [];
    const orders: SortOrder[] = orderPlan.map((o) => {
      const hit = named.find((n) => exprKey(n.expr) === exprKey(o.expr));
      if (hit) return { ...o, expr: ref(hit.attr) };
      if (o.expr.kind === 'ref' && named.some((n) => n.attr.id === (o.expr as { id: number }).id)) return o;
      if (this.s.distinct) throw analysisError('With SELECT DISTINCT, ORDER BY expressions must appear in the select list', this.s.pos);
      const attr = newAttribute(`__order${hidden.length}`, o.expr.type);
      hidden.push({ expr: o.expr, attr });
      return { ...o, expr: ref(attr) };
    });

    const projected = [...named, ...hidden];
    plan = { kind: 'project', input: plan, exprs: projected, output: projected.map((n) => n.attr) };
    if (this.s.distinct) plan = { kind: 'distinct', input: plan, output: plan.output };
    if (orders.length > 0) plan = { kind: 'sort', input: plan, orders, output: plan.output };
    if (hidden.length > 0) {
      const exprs = named.map((n) => ({ expr: ref(n.attr), attr: n.attr }));
      plan = { kind: 'project', input: plan, exprs, output: exprs.map((n) => n.attr) };
    }
    return plan;
  }

  // ---------------------------------------------------------------- WHERE

  private applyWhere(where: Expr): void {
    const conjuncts = splitAstConjuncts(where);
    const plain: BoundExpr[] = [];
    const binder = new ExpressionBinder(this.scope, this.hooks('WHERE', false, false));
    for (const c of conjuncts) {
      const sub = predicateSubquery(c);
      if (sub && this.returnsOneRow(sub.expr)) {
        // A global aggregate yields exactly one row whatever its input, so EXISTS is TRUE and IN compares with
        // that row's value; pulling the correlation up through the aggregate (as the joins below do) would
        // instead drop the outer rows that have no partners.
        const e = sub.expr;
        if (e.kind === 'exists') {
          if (e.negated !== sub.negated) plain.push({ kind: 'lit', value: false, type: BooleanType });
          continue;
        }
        if (e.kind === 'inSubquery') {
          const negated = e.negated !== sub.negated;
          const value: Expr = { kind: 'scalarSubquery', query: e.query, pos: e.pos };
          const cmp: Expr = { kind: 'binary', op: negated ? '<>' : '=', left: e.expr, right: value, pos: e.pos };
          plain.push(coerceToBoolean(binder.bind(cmp), 'The WHERE condition', c.pos));
          continue;
        }
      }
      if (sub) {
        this.input = this.a.predicateSubqueryJoin(this.input, sub.expr, sub.negated, this.scope, this.ctes);
        continue;
      }
      plain.push(coerceToBoolean(binder.bind(c), 'The WHERE condition', c.pos));
    }
    const cond = conjoin(plain);
    if (cond) this.input = { kind: 'filter', input: this.input, condition: cond, output: this.input.output };
  }

  /** Whether an EXISTS / IN subquery is a global aggregate (seen through projections): exactly one row. */
  private returnsOneRow(e: Expr): boolean {
    if (e.kind !== 'exists' && e.kind !== 'inSubquery') return false;
    let p = this.a.query(e.query, this.scope, this.ctes);
    while (p.kind === 'project') p = p.input;
    return p.kind === 'aggregate' && p.groupBy.length === 0;
  }

  // ---------------------------------------------------------------- SELECT items

  private expandItems(): Item[] {
    const out: Item[] = [];
    for (const it of this.s.items) {
      if (it.expr.kind === 'star') {
        const entries = this.scope.star(it.expr.qualifier, it.expr.pos);
        if (entries.length === 0 && !it.expr.qualifier) throw analysisError("'*' needs a FROM clause", it.expr.pos);
        for (const e of entries) out.push({ kind: 'bound', expr: ref(e.attr), name: e.attr.name, pos: it.pos });
      } else {
        out.push({ kind: 'ast', expr: it.expr, name: it.alias ?? autoName(it.expr), pos: it.pos, aliased: it.alias !== undefined });
      }
    }
    return out;
  }

  private generator(call: CallExpr, arg: BoundExpr, item: Item): { generator: 'explode' | 'posexplode'; outer: boolean; generated: Attribute[] } {
    const name = call.name.toLowerCase();
    const pos = name.startsWith('pos');
    const outer = name.endsWith('_outer');
    const aliases = item.kind === 'ast' && item.aliased ? [item.name] : [];
    const t = arg.type;
    const generated: Attribute[] = [];
    if (pos) generated.push(newAttribute('pos', IntType, false));
    if (t.kind === 'array') generated.push(newAttribute(aliases[0] ?? 'col', t.element));
    else if (t.kind === 'map') generated.push(newAttribute('key', t.key, false), newAttribute('value', t.value));
    else throw analysisError(`${call.name}() needs an ARRAY or MAP argument`, call.pos);
    return { generator: pos ? 'posexplode' : 'explode', outer, generated };
  }

  // ---------------------------------------------------------------- GROUP BY and aggregates

  private bindGroupBy(items: Item[]): void {
    const binder = new ExpressionBinder(this.scope, this.hooks('GROUP BY', false, false));
    for (const g of this.s.groupBy) {
      let e: BoundExpr;
      const ordinal = ordinalOf(g);
      if (ordinal !== undefined) {
        const item = items[ordinal - 1];
        if (!item) throw analysisError(`GROUP BY position ${ordinal} is not in the select list (it has ${items.length} columns)`, g.pos);
        if (item.kind === 'ast' && containsAggregate(item.expr)) throw analysisError(`GROUP BY position ${ordinal} refers to an aggregate`, g.pos);
        e = item.kind === 'bound' ? item.expr : binder.bind(item.expr);
      } else if (g.kind === 'column' && g.parts.length === 1 && this.scope.resolve(g.parts, g.pos).kind === 'missing') {
        const alias = items.find((i) => i.kind === 'ast' && i.aliased && i.name.toLowerCase() === g.parts[0]!.toLowerCase());
        if (!alias || alias.kind !== 'ast') e = binder.bind(g);
        else {
          if (containsAggregate(alias.expr)) throw analysisError(`GROUP BY '${g.parts[0]}' refers to an aggregate`, g.pos);
          e = binder.bind(alias.expr);
        }
      } else {
        e = binder.bind(g);
      }
      const key = exprKey(e);
      if (this.groupKeys.has(key)) continue;
      const attr = newAttribute(e.kind === 'ref' ? e.name : autoName(g), e.type, true);
      this.groupKeys.set(key, attr);
      this.groupBy.push({ expr: e, attr });
    }
  }

  /** Each sliding window among the GROUP BY keys becomes a generator: one input row per window containing it. */
  private planSlidingWindows(items: Item[]): void {
    for (const g of this.s.groupBy) {
      const ordinal = ordinalOf(g);
      let e: Expr | undefined = g;
      if (ordinal !== undefined) { const it = items[ordinal - 1]; e = it?.kind === 'ast' ? it.expr : undefined; }
      else if (g.kind === 'column' && g.parts.length === 1) {
        const alias = items.find((i) => i.kind === 'ast' && i.aliased && i.name.toLowerCase() === g.parts[0]!.toLowerCase());
        if (alias?.kind === 'ast' && this.scope.resolve(g.parts, g.pos).kind === 'missing') e = alias.expr;
      }
      if (!e || !isWindowCall(e) || this.slidingWindows.has(autoName(e))) continue;
      const binder = new ExpressionBinder(this.scope, this.hooks('window()', false, false));
      const spec = windowSpec(e, e.args.map((x) => binder.bind(x)));
      if (spec.slideMicros === spec.sizeMicros) continue;
      const attr = newAttribute('window', WindowStructType, false);
      this.slidingWindows.set(autoName(e), attr);
      this.input = {
        kind: 'generate', input: this.input, generator: 'explode', arg: slidingWindowsExpr(spec), outer: false,
        generated: [attr], output: [...this.input.output, attr],
      };
    }
  }

  private bindAggregate(call: CallExpr): BoundExpr {
    const fn = aggregateFunctionName(call.name)!;
    const binder = new ExpressionBinder(this.scope, this.hooks(`the arguments of ${call.name}()`, false, false));
    let args = call.star ? [] : call.args.map((x) => binder.bind(x));
    if (call.star && fn !== 'count') throw analysisError(`${call.name}(*) is not valid; only count(*) takes '*'`, call.pos);
    let ignoreNulls = false;
    if ((fn === 'first' || fn === 'last') && args.length === 2) {
      const flag = args[1]!;
      if (flag.kind !== 'lit' || typeof flag.value !== 'boolean') throw analysisError(`The second argument of ${call.name}() must be TRUE or FALSE`, call.pos);
      ignoreNulls = flag.value;
      args = [args[0]!];
    }
    if (fn === 'approx_count_distinct') args = args.slice(0, 1);
    const rt = aggregateResultType(fn, args.map((x) => x.type));
    // Wrong argument types and counts are type errors, as they are for scalar functions.
    if (typeof rt === 'string') throw typeError(`${call.name}(): ${rt}`, call.pos);
    if (fn === 'sum' || fn === 'avg' || fn.startsWith('stddev') || fn.startsWith('var')) {
      const argType = args[0]!.type;
      if (argType.kind === 'string' || argType.kind === 'null') args = [coerce(args[0]!, { kind: 'double' })];
    }
    if (fn === 'count_if' || fn === 'bool_and' || fn === 'bool_or') args = [coerce(args[0]!, BooleanType)];
    const filter = call.filter ? coerceToBoolean(binder.bind(call.filter), 'FILTER (WHERE …)', call.filter.pos) : undefined;
    const key = `${fn}|${call.distinct}|${ignoreNulls}|${args.map(exprKey).join(',')}|${filter ? exprKey(filter) : ''}`;
    const existing = this.aggregateKeys.get(key);
    if (existing) return ref(existing);
    const attr = newAttribute(autoName(call), rt, fn !== 'count' && fn !== 'count_if' && fn !== 'approx_count_distinct');
    this.aggregateKeys.set(key, attr);
    this.aggregates.push({ fn, args, distinct: call.distinct, filter, ignoreNulls, attr });
    return ref(attr);
  }

  /** Into the space of the Aggregate's output (identity for non-aggregate queries, apart from HAVING aliases). */
  private toOutputSpace(e: BoundExpr, pos: SourcePosition): BoundExpr {
    const visit = (x: BoundExpr): BoundExpr => {
      if (x.kind === 'ref' && this.aliasStandIns.has(x.id)) return this.aliasStandIns.get(x.id)!;
      if (!this.aggregating) return mapChildren(x, visit);
      const hit = this.groupKeys.get(exprKey(x));
      if (hit) return ref(hit);
      if (x.kind === 'ref') {
        if (this.aggregateAttrIds().has(x.id) || this.windows.some((w) => w.attr.id === x.id)) return x;
        if (this.input.output.some((o) => o.id === x.id) || this.scope.entries.some((s) => s.attr.id === x.id)) {
          throw analysisError(`Column '${x.name}' must appear in GROUP BY or be used inside an aggregate function`, pos);
        }
        return x;
      }
      return mapChildren(x, visit);
    };
    return visit(e);
  }

  private aggregateAttrIds(): Set<number> {
    return new Set(this.aggregates.map((x) => x.attr.id));
  }

  // ---------------------------------------------------------------- window functions

  private bindWindow(call: CallExpr): BoundExpr {
    const spec = call.over!;
    const binder = new ExpressionBinder(this.scope, this.hooks(`the window function ${call.name}()`, false, false, true));
    const space = (e: Expr) => this.toOutputSpace(binder.bind(e), e.pos);
    const agg = aggregateFunctionName(call.name);
    const fn = agg ?? windowOnlyFunctionName(call.name);
    if (!fn) throw analysisError(`${call.name}() cannot be used with OVER`, call.pos);
    let args = call.star ? [] : call.args.map(space);
    let ignoreNulls = false;
    if ((fn === 'first' || fn === 'last') && args.length === 2) {
      const flag = args[1]!;
      ignoreNulls = flag.kind === 'lit' && flag.value === true;
      args = [args[0]!];
    }
    const rt = agg ? aggregateResultType(agg, args.map((x) => x.type)) : windowOnlyResultType(fn as never, args.map((x) => x.type));
    if (typeof rt === 'string') throw typeError(`${call.name}(): ${rt}`, call.pos);
    if (call.filter) args = this.windowFilterArgs(call, fn, args, ignoreNulls, space);
    if ((fn === 'lag' || fn === 'lead') && args.length >= 2) {
      if (args[1]!.kind !== 'lit') throw analysisError(`The offset of ${call.name}() must be a constant`, call.pos);
      args[1] = coerce(args[1]!, IntType);
      if (args[2]) args[2] = coerce(args[2], args[0]!.type);
    }
    if (agg && (agg === 'sum' || agg === 'avg') && (args[0]!.type.kind === 'string' || args[0]!.type.kind === 'null')) args = [coerce(args[0]!, { kind: 'double' })];
    const partitionBy = spec.partitionBy.map(space);
    const orderBy = spec.orderBy.map((o) => sortOrder(space(o.expr), o));
    const ranking = !agg && fn !== 'lag' && fn !== 'lead';
    if ((ranking || fn === 'lag' || fn === 'lead') && orderBy.length === 0 && fn !== 'nth_value') {
      throw analysisError(`Window function ${call.name}() needs ORDER BY in its OVER clause`, call.pos);
    }
    const frame = spec.frame
      ? { type: spec.frame.type, start: this.frameBound(spec.frame.start), end: this.frameBound(spec.frame.end) }
      : orderBy.length > 0
        ? { type: 'range' as const, start: { kind: 'unboundedPreceding' as const }, end: { kind: 'currentRow' as const } }
        : { type: 'rows' as const, start: { kind: 'unboundedPreceding' as const }, end: { kind: 'unboundedFollowing' as const } };
    if (frame.type === 'range' && orderBy.length !== 1 && (frame.start.offset !== undefined || frame.end.offset !== undefined)) {
      throw analysisError('A RANGE frame with an offset needs exactly one ORDER BY expression', call.pos);
    }
    checkFrame(frame, orderBy, spec.pos);
    if (fn === 'ntile' && !(args[0]?.kind === 'lit' && typeof args[0].value === 'number' && args[0].value > 0)) {
      throw analysisError('The number of buckets of ntile() must be a positive integer constant', call.pos);
    }
    const attr = newAttribute(autoName(call), rt, true);
    this.windows.push({ fn, args, distinct: call.distinct, ignoreNulls, partitionBy, orderBy, frame, attr });
    return ref(attr);
  }

  /**
   * `agg(x) FILTER (WHERE f) OVER (…)`: the window operator has no filter of its own, so the rows failing f hand
   * the aggregate a NULL instead (`agg(CASE WHEN f THEN x END)`), which every aggregate that skips NULLs ignores.
   * first/last that keep NULLs could not tell those apart, nor do ranking functions take a FILTER.
   */
  private windowFilterArgs(call: CallExpr, fn: string, args: BoundExpr[], ignoreNulls: boolean, space: (e: Expr) => BoundExpr): BoundExpr[] {
    const nullKeeping = (fn === 'first' || fn === 'last') && !ignoreNulls;
    if (!aggregateFunctionName(call.name) || nullKeeping) {
      throw analysisError(`FILTER is not supported for ${call.name}() over a window${nullKeeping ? ' unless it ignores NULLs' : ''}`, call.filter!.pos);
    }
    const cond = coerceToBoolean(space(call.filter!), 'FILTER (WHERE …)', call.filter!.pos);
    const only = (x: BoundExpr): BoundExpr => ({ kind: 'case', whens: [{ when: cond, then: x }], otherwise: { kind: 'lit', value: null, type: x.type }, type: x.type });
    if (args.length === 0) return [only({ kind: 'lit', value: 1, type: IntType })];
    // max_by/min_by skip rows whose ordering value is NULL.
    return fn === 'max_by' || fn === 'min_by' ? [args[0]!, only(args[1]!)] : [only(args[0]!), ...args.slice(1)];
  }

  private frameBound(b: FrameBound): FrameBoundSpec {
    if (b.kind === 'preceding' || b.kind === 'following') {
      const scope = new Scope([]);
      const v = new ExpressionBinder(scope, this.hooks('a window frame', false, false)).bind(b.offset);
      if (v.kind !== 'lit' || typeof v.value !== 'number' || v.value < 0) throw analysisError('A window frame offset must be a non-negative constant', b.offset.pos);
      return { kind: b.kind, offset: v.value };
    }
    return { kind: b.kind };
  }

  // ---------------------------------------------------------------- ORDER BY

  private bindOrderBy(items: Item[], selected: (BoundExpr | undefined)[]): SortOrder[] {
    if (this.orderBy.length === 0) return [];
    const binder = new ExpressionBinder(this.scope, this.hooks('ORDER BY', true));
    return this.orderBy.map((o) => {
      const ordinal = ordinalOf(o.expr);
      if (ordinal !== undefined) {
        const item = items[ordinal - 1];
        const e = selected[ordinal - 1];
        if (!item) throw analysisError(`ORDER BY position ${ordinal} is not in the select list (it has ${items.length} columns)`, o.expr.pos);
        if (!e) throw analysisError('ORDER BY cannot refer to a generator column by position', o.expr.pos);
        return sortOrder(e, o);
      }
      if (o.expr.kind === 'column' && o.expr.parts.length === 1) {
        const name = o.expr.parts[0]!.toLowerCase();
        const hits = items.map((it, i) => ({ it, i })).filter(({ it }) => it.name.toLowerCase() === name && (it.kind === 'bound' || it.aliased));
        if (hits.length === 1 && selected[hits[0]!.i]) return sortOrder(selected[hits[0]!.i]!, o);
      }
      return sortOrder(this.toOutputSpace(binder.bind(o.expr), o.expr.pos), o);
    });
  }

  // ---------------------------------------------------------------- hooks

  private hooks(clause: string, allowWindows: boolean, allowAggregates = true, insideWindow = false): BindHooks {
    const base = this.a.hooksFor(this.scope, this.ctes, clause);
    return {
      clause,
      aggregate: allowAggregates || insideWindow ? (c) => this.aggregateOrError(c, clause, insideWindow) : undefined,
      window: allowWindows ? (c) => this.bindWindow(c) : undefined,
      scalarSubquery: (q, pos) => this.scalarSubquery(q, pos, base, clause),
      predicateSubquery: (e) => this.valuePredicateSubquery(e, clause, base),
      slidingWindow: (c) => {
        const a = this.slidingWindows.get(autoName(c));
        return a ? ref(a) : undefined;
      },
    };
  }

  private aggregateOrError(c: CallExpr, clause: string, insideWindow: boolean): BoundExpr {
    if (insideWindow && !this.aggregating) throw analysisError(`Aggregate function ${c.name}() is not allowed in ${clause} of a query without GROUP BY`, c.pos);
    if (!this.aggregating) throw analysisError(`Aggregate function ${c.name}() is not allowed in ${clause}`, c.pos);
    return this.bindAggregate(c);
  }

  /**
   * `[NOT] EXISTS (…)` or `x [NOT] IN (…)` used as a value (in the SELECT list, under OR). Uncorrelated: evaluated
   * once. Correlated: rewritten into correlated counts, which become scalar subqueries (left joins):
   *   EXISTS (q)  →  (SELECT count(*) FROM q) > 0
   *   x IN (q)    →  CASE WHEN (SELECT count(*) FROM q WHERE c = x) > 0 THEN TRUE
   *                       WHEN x IS NULL AND (SELECT count(*) FROM q) > 0 THEN NULL
   *                       WHEN (SELECT count(*) FROM q WHERE c IS NULL) > 0 THEN NULL ELSE FALSE END
   * which is IN's three-valued answer. Only plain SELECT … FROM … WHERE subqueries are rewritten.
   */
  private valuePredicateSubquery(e: Expr, clause: string, base: BindHooks): BoundExpr {
    if (e.kind !== 'exists' && e.kind !== 'inSubquery') throw new Error('unreachable');
    const outerIds = new Set(this.scope.attributes.map((x) => x.id));
    const correlated = [...freeRefIds(this.a.query(e.query, this.scope, this.ctes))].some((id) => outerIds.has(id));
    const body = e.query.body;
    // In an aggregate query the operand of IN would have to be computed after the Aggregate: not rewritten.
    const operandNeeded = e.kind === 'inSubquery' && this.aggregating;
    if (!correlated || operandNeeded || body.kind !== 'select' || body.groupBy.length > 0 || body.having || e.query.limit || e.query.offset) {
      return base.predicateSubquery!(e);
    }
    const pos = e.pos;
    const count = (extra?: Expr): Expr => ({
      kind: 'binary', op: '>', pos, right: { kind: 'literal', literalType: 'number', value: '0', pos },
      left: {
        kind: 'scalarSubquery', pos,
        query: {
          ...e.query, orderBy: [],
          body: {
            ...body, distinct: false,
            items: [{ expr: { kind: 'call', name: 'count', args: [], distinct: false, star: true, pos }, pos }],
            where: extra && body.where ? { kind: 'binary', op: 'and', left: body.where, right: extra, pos } : extra ?? body.where,
          },
        },
      },
    });
    let rewritten: Expr;
    if (e.kind === 'exists') {
      rewritten = count();
    } else {
      if (body.items.length !== 1 || body.items[0]!.expr.kind === 'star') {
        throw analysisError(`The IN subquery must return one column`, pos);
      }
      const c = body.items[0]!.expr;
      // The operand belongs to this query, but inside the subquery its names could resolve to inner columns
      // (`k IN (SELECT k FROM dim …)`): compute it here as a hidden column with a name no table has.
      const bound = new ExpressionBinder(this.scope, this.hooks(clause, false, false)).bind(e.expr);
      const operand = newAttribute(`__in_operand_${++inOperands}`, bound.type);
      this.input = {
        kind: 'project', input: this.input, output: [...this.input.output, operand],
        exprs: [...this.input.output.map((a) => ({ expr: ref(a), attr: a })), { expr: bound, attr: operand }],
      };
      this.scope = new Scope([...this.scope.entries, { qualifier: undefined, attr: operand, hidden: true }], this.scope.outer);
      const x: Expr = { kind: 'column', parts: [operand.name], pos };
      const nullLit: Expr = { kind: 'literal', literalType: 'null', value: null, pos };
      rewritten = {
        kind: 'case', pos, else: { kind: 'literal', literalType: 'boolean', value: false, pos },
        whens: [
          { when: count({ kind: 'binary', op: '=', left: c, right: x, pos }), then: { kind: 'literal', literalType: 'boolean', value: true, pos } },
          { when: { kind: 'binary', op: 'and', left: { kind: 'isNull', expr: x, negated: false, pos }, right: count(), pos }, then: nullLit },
          { when: count({ kind: 'isNull', expr: c, negated: false, pos }), then: nullLit },
        ],
      };
    }
    if (e.negated) rewritten = { kind: 'unary', op: 'not', operand: rewritten, pos };
    return new ExpressionBinder(this.scope, this.hooks(clause, false, false)).bind(rewritten);
  }

  /**
   * A scalar subquery. Uncorrelated: evaluated once. Correlated (only outside aggregate queries): decorrelated
   * into a grouped aggregate left-joined to this SELECT's input on the correlation columns.
   */
  private scalarSubquery(q: Parameters<BindHooks['scalarSubquery']>[0], pos: SourcePosition, base: BindHooks, clause: string): BoundExpr {
    const sub = this.a.query(q, this.scope, this.ctes);
    const outerIds = new Set(this.scope.attributes.map((x) => x.id));
    const free = [...freeRefIds(sub)].filter((id) => outerIds.has(id));
    if (free.length === 0) return base.scalarSubquery(q, pos);
    if (this.aggregating && clause === 'GROUP BY') throw analysisError('A correlated scalar subquery is not supported in GROUP BY', pos);
    if (sub.output.length !== 1) throw analysisError(`A scalar subquery must return one column, this one returns ${sub.output.length}`, pos);
    if (!hasGlobalAggregate(sub)) {
      throw analysisError('A correlated scalar subquery must aggregate (e.g. SELECT max(x) …) so it returns one row per outer row', pos);
    }
    const { plan, predicates } = decorrelate(sub, outerIds, pos);
    if ([...freeRefIds(plan)].some((id) => outerIds.has(id))) throw analysisError('Outer columns may only be used in WHERE conditions of a correlated subquery', pos);
    const key = equalityKey(predicates, outerIds, pos);
    if (this.aggregating) {
      this.postAggregateJoins.push({ plan, condition: conjoin(predicates.map((p) => this.toOutputSpace(p, pos))) });
    } else {
      this.input = {
        kind: 'join', left: this.input, right: plan, joinType: 'left', condition: conjoin(predicates),
        output: [...this.input.output, ...plan.output.map((o) => ({ ...o, nullable: true }))],
      };
    }
    const value = ref({ ...plan.output[0]!, nullable: true });
    if (isCountLike(sub)) {
      return { kind: 'call', fn: 'coalesce', args: [value, { kind: 'lit', value: 0, type: BigIntType }], type: BigIntType, deterministic: true };
    }
    // An outer row without partners gets the subquery's value over no rows — NULL for max(), but not for
    // `count(*) + 1` or `coalesce(max(x), 0)`: evaluate the subquery once over an empty input for it.
    const empty = onEmptyInput(sub);
    if (!empty || [...freeRefIds(empty)].some((id) => outerIds.has(id))) return value;
    const unmatched: BoundExpr = { kind: 'isNull', operand: ref({ ...key, nullable: true }), negated: false, type: BooleanType };
    const emptyValue: BoundExpr = { kind: 'subquery', mode: 'scalar', plan: empty, negated: false, type: value.type };
    return { kind: 'case', whens: [{ when: unmatched, then: emptyValue }], otherwise: value, type: value.type };
  }
}

/** Where a frame bound sits relative to the current row, for checking that a frame does not end before it starts. */
function boundRank(b: FrameBoundSpec): number {
  switch (b.kind) {
    case 'unboundedPreceding': return -Infinity;
    case 'preceding': return -b.offset!;
    case 'currentRow': return 0;
    case 'following': return b.offset!;
    case 'unboundedFollowing': return Infinity;
  }
}

/** Spark rejects frames that start after they end and RANGE offsets over values that have no distance. */
function checkFrame(frame: WindowCall['frame'], orderBy: readonly SortOrder[], pos: SourcePosition): void {
  if (frame.start.kind === 'unboundedFollowing') throw analysisError('A window frame cannot start at UNBOUNDED FOLLOWING', pos);
  if (frame.end.kind === 'unboundedPreceding') throw analysisError('A window frame cannot end at UNBOUNDED PRECEDING', pos);
  if (boundRank(frame.start) > boundRank(frame.end)) {
    throw analysisError('The start of a window frame must not come after its end (e.g. ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING)', pos);
  }
  const offset = frame.start.offset !== undefined || frame.end.offset !== undefined;
  const t = orderBy[0]?.expr.type;
  if (frame.type === 'range' && offset && t && !isNumeric(t)) {
    throw analysisError(`A RANGE frame with an offset needs a numeric ORDER BY expression, not ${typeToString(t)}`, pos);
  }
}

/**
 * The inner column of the first correlation equality. A correlated aggregate is grouped by the inner columns its
 * correlation conditions use, so each outer row must meet at most one group: every condition that mixes outer
 * and inner columns has to be `inner column = outer expression`. Anything else (`inner.k < outer.k`) would join
 * an outer row to several groups and duplicate it.
 */
function equalityKey(predicates: readonly BoundExpr[], outerIds: ReadonlySet<number>, pos: SourcePosition): Attribute {
  let key: Attribute | undefined;
  for (const p of predicates) {
    const ids = [...referencedIds(p)];
    if (ids.every((id) => outerIds.has(id))) continue;
    // The inner side must determine its column: the column itself, a cast of it, or it plus/minus a constant.
    const innerCol = (e: BoundExpr): BoundExpr | undefined => {
      if (e.kind === 'cast') return innerCol(e.operand);
      if (e.kind === 'arith' && (e.op === '+' || e.op === '-')) {
        return e.right.kind === 'lit' ? innerCol(e.left) : e.left.kind === 'lit' ? innerCol(e.right) : undefined;
      }
      return e.kind === 'ref' && !outerIds.has(e.id) ? e : undefined;
    };
    const onlyOuter = (e: BoundExpr) => [...referencedIds(e)].every((id) => outerIds.has(id));
    const inner = p.kind === 'cmp' && p.op === '='
      ? (innerCol(p.left) && onlyOuter(p.right) ? innerCol(p.left) : innerCol(p.right) && onlyOuter(p.left) ? innerCol(p.right) : undefined)
      : undefined;
    if (!inner || inner.kind !== 'ref') {
      throw analysisError('A correlated scalar subquery may relate inner and outer columns only by equality (inner_column = outer_expression)', pos);
    }
    key ??= { id: inner.id, name: inner.name, type: inner.type, nullable: true };
  }
  if (!key) throw analysisError('A correlated scalar subquery needs an equality between an inner and an outer column', pos);
  return key;
}

/** The scalar subquery's plan with its aggregate fed no rows (its value for an outer row without partners). */
function onEmptyInput(p: LogicalPlan): LogicalPlan | undefined {
  switch (p.kind) {
    case 'aggregate':
      return p.groupBy.length === 0 ? { ...p, input: { kind: 'values', rows: [], output: p.input.output } } : undefined;
    case 'project': case 'filter': {
      const input = onEmptyInput(p.input);
      return input ? { ...p, input } : undefined;
    }
    default: return undefined;
  }
}

function hasGlobalAggregate(p: LogicalPlan): boolean {
  if (p.kind === 'aggregate') return p.groupBy.length === 0;
  if (p.kind === 'project' || p.kind === 'filter') return hasGlobalAggregate(p.input);
  return false;
}

/** The subquery's value is a bare count: with no matching rows the answer is 0, not NULL. */
function isCountLike(p: LogicalPlan): boolean {
  let node: LogicalPlan = p;
  let target = p.output[0]!.id;
  while (node.kind === 'project' || node.kind === 'filter') {
    if (node.kind === 'project') {
      const e = node.exprs.find((x) => x.attr.id === target)?.expr;
      if (!e || e.kind !== 'ref') return false;
      target = e.id;
    }
    node = node.input;
  }
  if (node.kind !== 'aggregate') return false;
  const agg = node.aggregates.find((x) => x.attr.id === target);
  return agg !== undefined && (agg.fn === 'count' || agg.fn === 'count_if' || agg.fn === 'approx_count_distinct');
}

function splitAstConjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'and' ? [...splitAstConjuncts(e.left), ...splitAstConjuncts(e.right)] : [e];
}

function predicateSubquery(e: Expr): { expr: Expr; negated: boolean } | undefined {
  if (e.kind === 'exists' || e.kind === 'inSubquery') return { expr: e, negated: false };
  if (e.kind === 'unary' && e.op === 'not') {
    const inner = predicateSubquery(e.operand);
    return inner ? { expr: inner.expr, negated: !inner.negated } : undefined;
  }
  return undefined;
}

/** Whether an expression contains an aggregate call outside any OVER clause and any subquery. */
export function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      if (!e.over && aggregateFunctionName(e.name)) return true;
      return e.args.some(containsAggregate)
        || (e.over ? [...e.over.partitionBy, ...e.over.orderBy.map((o) => o.expr)].some(containsAggregate) : false);
    case 'unary': return containsAggregate(e.operand);
    case 'binary': return containsAggregate(e.left) || containsAggregate(e.right);
    case 'cast': return containsAggregate(e.expr);
    case 'case': return (e.operand ? containsAggregate(e.operand) : false) || e.whens.some((w) => containsAggregate(w.when) || containsAggregate(w.then)) || (e.else ? containsAggregate(e.else) : false);
    case 'between': return containsAggregate(e.expr) || containsAggregate(e.low) || containsAggregate(e.high);
    case 'inList': return containsAggregate(e.expr) || e.list.some(containsAggregate);
    case 'inSubquery': return containsAggregate(e.expr);
    case 'like': return containsAggregate(e.expr) || containsAggregate(e.pattern);
    case 'isNull': case 'isBoolean': return containsAggregate(e.expr);
    case 'subscript': return containsAggregate(e.expr) || containsAggregate(e.index);
    case 'fieldAccess': return containsAggregate(e.expr);
    default: return false;
  }
}
