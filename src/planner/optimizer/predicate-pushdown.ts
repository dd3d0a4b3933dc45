/**
 * Predicate pushdown: moves filter conjuncts as close to the scans as their semantics allow — through
 * projections (substituting the projected expressions), into the sides of joins that preserve their rows,
 * below aggregations when they only test grouping columns, into both inputs of a UNION ALL — and merges
 * adjacent filters. Non-deterministic conjuncts stay where they are.
 */
import {
  conjoin, isDeterministic, referencedIds, splitConjuncts, transformExpr, type Attribute, type BoundExpr,
} from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { transformPlan } from './plan-rewrite.js';

export function pushDownPredicates(p: LogicalPlan): LogicalPlan {
  return transformPlan(p, (node) => {
    if (node.kind === 'join') return pushIntoJoinSides(node);
    if (node.kind !== 'filter') return node;
    return pushFilter(node.input, splitConjuncts(node.condition));
  });
}

function filterOver(input: LogicalPlan, conds: readonly BoundExpr[]): LogicalPlan {
  const c = conjoin(conds);
  return c ? { kind: 'filter', input, condition: c, output: input.output } : input;
}

const idsOf = (attrs: readonly Attribute[]) => new Set(attrs.map((a) => a.id));
const onlyFrom = (e: BoundExpr, ids: Set<number>) => [...referencedIds(e)].every((id) => ids.has(id));

/** Places `conds` (a filter's conjuncts) over `input`, pushing what can go further down. */
function pushFilter(input: LogicalPlan, conds: readonly BoundExpr[]): LogicalPlan {
  const movable = conds.filter(isDeterministic);
  const stay = conds.filter((c) => !isDeterministic(c));
  if (movable.length === 0) return filterOver(input, conds);
  switch (input.kind) {
    case 'filter':
      return pushFilter(input.input, [...splitConjuncts(input.condition), ...conds]);
    case 'project': {
      const byId = new Map(input.exprs.map((x) => [x.attr.id, x.expr]));
      const pushable: BoundExpr[] = [], kept: BoundExpr[] = [...stay];
      for (const c of movable) {
        const substituted = transformExpr(c, (x) => (x.kind === 'ref' && byId.has(x.id) ? byId.get(x.id)! : x));
        if (isDeterministic(substituted) && !containsSubquery(substituted)) pushable.push(substituted);
        else kept.push(c);
      }
      if (pushable.length === 0) return filterOver(input, conds);
      return filterOver({ ...input, input: pushFilter(input.input, pushable) }, kept);
    }
    case 'join': {
      const leftIds = idsOf(input.left.output), rightIds = idsOf(input.right.output);
      const toLeft: BoundExpr[] = [], toRight: BoundExpr[] = [], toJoin: BoundExpr[] = [], kept: BoundExpr[] = [...stay];
      const t = input.joinType;
      for (const c of movable) {
        if (onlyFrom(c, leftIds) && (t === 'inner' || t === 'cross' || t === 'left' || t === 'semi' || t === 'anti')) toLeft.push(c);
        else if (onlyFrom(c, rightIds) && (t === 'inner' || t === 'cross' || t === 'right')) toRight.push(c);
        else if ((t === 'inner' || t === 'cross') && !containsSubquery(c)) toJoin.push(c);
        else kept.push(c);
      }
      const condition = conjoin([...(input.condition ? [input.condition] : []), ...toJoin]);
      const join: LogicalPlan = {
        ...input,
        joinType: t === 'cross' && toJoin.length > 0 ? 'inner' : t,
        left: toLeft.length ? pushFilter(input.left, toLeft) : input.left,
        right: toRight.length ? pushFilter(input.right, toRight) : input.right,
        condition,
      };
      return filterOver(join, kept);
    }
    case 'aggregate': {
      const groupIds = new Map(input.groupBy.map((g) => [g.attr.id, g.expr]));
      const pushable: BoundExpr[] = [], kept: BoundExpr[] = [...stay];
      for (const c of movable) {
        if (input.groupBy.length > 0 && [...referencedIds(c)].every((id) => groupIds.has(id))) {
          pushable.push(transformExpr(c, (x) => (x.kind === 'ref' && groupIds.has(x.id) ? groupIds.get(x.id)! : x)));
        } else kept.push(c);
      }
      if (pushable.length === 0) return filterOver(input, conds);
      return filterOver({ ...input, input: pushFilter(input.input, pushable) }, kept);
    }
    case 'setOp': {
      if (input.op !== 'union' || !input.all) return filterOver(input, conds);
      const remap = (side: LogicalPlan) => {
        const m = new Map(input.output.map((a, i) => [a.id, side.output[i]!]));
        return movable.map((c) => transformExpr(c, (x) => {
          const to = x.kind === 'ref' ? m.get(x.id) : undefined;
          return to ? { kind: 'ref', id: to.id, name: to.name, type: to.type, nullable: to.nullable } : x;
        }));
      };
      return filterOver({ ...input, left: pushFilter(input.left, remap(input.left)), right: pushFilter(input.right, remap(input.right)) }, stay);
    }
    case 'sort':
      return { ...input, input: pushFilter(input.input, conds) };
    default:
      return filterOver(input, conds);
  }
}

/** An inner join's single-side conjuncts belong below it; outer joins keep the preserved side's conditions. */
function pushIntoJoinSides(j: Extract<LogicalPlan, { kind: 'join' }>): LogicalPlan {
  if (!j.condition || (j.joinType !== 'inner' && j.joinType !== 'left' && j.joinType !== 'right' && j.joinType !== 'semi')) return j;
  const leftIds = idsOf(j.left.output), rightIds = idsOf(j.right.output);
  const toLeft: BoundExpr[] = [], toRight: BoundExpr[] = [], keep: BoundExpr[] = [];
  for (const c of splitConjuncts(j.condition)) {
    const refs = referencedIds(c);
    if (refs.size === 0 || !isDeterministic(c) || containsSubquery(c)) keep.push(c);
    else if (onlyFrom(c, leftIds) && (j.joinType === 'inner' || j.joinType === 'right' || j.joinType === 'semi')) toLeft.push(c);
    else if (onlyFrom(c, rightIds) && (j.joinType === 'inner' || j.joinType === 'left' || j.joinType === 'semi')) toRight.push(c);
    else keep.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0) return j;
  return {
    ...j,
    left: toLeft.length ? pushFilter(j.left, toLeft) : j.left,
    right: toRight.length ? pushFilter(j.right, toRight) : j.right,
    condition: conjoin(keep),
  };
}

function containsSubquery(e: BoundExpr): boolean {
  let found = false;
  transformExpr(e, (x) => { if (x.kind === 'subquery') found = true; return x; });
  return found;
}
