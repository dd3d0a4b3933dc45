/**
 * Column pruning: walks the plan top-down with the set of attributes the parent needs, drops projections and
 * aggregates nobody reads, narrows scans to the columns actually used and joins to the columns read above them.
 * The plan's own output is always kept whole.
 */
import { referencedIds } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { nodeExpressions } from '../analyzer/decorrelation.js';

export function pruneColumns(p: LogicalPlan): LogicalPlan {
  return prune(p, new Set(p.output.map((a) => a.id)));
}

function usedBy(p: LogicalPlan, into: Set<number>): Set<number> {
  for (const e of nodeExpressions(p)) referencedIds(e, into);
  return into;
}

function prune(p: LogicalPlan, required: Set<number>): LogicalPlan {
  switch (p.kind) {
    case 'scan': {
      const kept = p.output.filter((a) => required.has(a.id));
      const output = kept.length > 0 ? kept : p.output.slice(0, 1);
      return output.length === p.output.length ? p : { ...p, output };
    }
    case 'values': return p;
    case 'project': {
      const exprs = p.exprs.filter((x) => required.has(x.attr.id));
      const kept = exprs.length > 0 ? exprs : p.exprs.slice(0, 1);
      const need = new Set<number>();
      for (const x of kept) referencedIds(x.expr, need);
      return { ...p, input: prune(p.input, need), exprs: kept, output: kept.map((x) => x.attr) };
    }
    case 'filter': {
      const input = prune(p.input, usedBy(p, new Set(required)));
      return { ...p, input, output: input.output };
    }
    case 'aggregate': {
      const aggregates = p.aggregates.filter((a) => required.has(a.attr.id));
      const node = { ...p, aggregates, output: [...p.groupBy.map((g) => g.attr), ...aggregates.map((a) => a.attr)] };
      return { ...node, input: prune(p.input, usedBy(node, new Set())) };
    }
    case 'join': {
      const need = usedBy(p, new Set(required));
      const left = prune(p.left, need), right = prune(p.right, need);
      const produced = new Set([...left.output, ...right.output].map((a) => a.id));
      // The join condition's columns stay in the inputs but leave the output unless read above, so the join
      // does not gather key columns for every matched row only to have them dropped.
      const available = p.output.filter((a) => produced.has(a.id));
      const kept = available.filter((a) => required.has(a.id));
      return { ...p, left, right, output: kept.length > 0 ? kept : available.slice(0, 1) };
    }
    case 'sort': case 'window': case 'generate': {
      const need = usedBy(p, new Set(required));
      if (p.kind === 'generate') for (const g of p.generated) need.delete(g.id);
      if (p.kind === 'window') for (const c of p.calls) need.delete(c.attr.id);
      const input = prune(p.input, need);
      const extra = p.kind === 'window' ? p.calls.map((c) => c.attr) : p.kind === 'generate' ? p.generated : [];
      return { ...p, input, output: [...input.output, ...extra] } as LogicalPlan;
    }
    case 'limit': {
      const input = prune(p.input, required);
      return { ...p, input, output: input.output };
    }
    case 'watermark': {
      const input = prune(p.input, new Set([...required, p.column.id]));
      return { ...p, input, output: input.output };
    }
    // These depend on every input column (row identity), so nothing below them is pruned.
    case 'distinct': case 'setOp': case 'deduplicate': return p;
  }
}
