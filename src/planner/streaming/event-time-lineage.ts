/**
 * Which attributes of a streaming plan carry event time: the column a watermark is defined on, columns that
 * copy it, and windows computed from it (tumbling windows and generated sliding windows). Stateful operators
 * use this to find the grouping key that the watermark applies to.
 */
import type { BoundExpr } from '../expr.js';
import { planChildren, type LogicalPlan } from '../logical-plan.js';

export type EventTimeKind = 'timestamp' | 'window';

export function eventTimeAttributes(p: LogicalPlan, into = new Map<number, EventTimeKind>()): Map<number, EventTimeKind> {
  for (const c of planChildren(p)) eventTimeAttributes(c, into);
  switch (p.kind) {
    case 'watermark': into.set(p.column.id, 'timestamp'); break;
    case 'project':
      for (const x of p.exprs) { const k = eventTimeKindOf(x.expr, into); if (k) into.set(x.attr.id, k); }
      break;
    case 'aggregate':
      for (const g of p.groupBy) { const k = eventTimeKindOf(g.expr, into); if (k) into.set(g.attr.id, k); }
      break;
    case 'generate':
      if (p.arg.kind === 'call' && p.arg.fn === 'sliding_windows' && eventTimeKindOf(p.arg.args[0]!, into) === 'timestamp') {
        into.set(p.generated[0]!.id, 'window');
      }
      break;
    case 'setOp':
      p.output.forEach((a, i) => {
        const k = into.get(p.left.output[i]!.id) ?? into.get(p.right.output[i]!.id);
        if (k) into.set(a.id, k);
      });
      break;
    default: break;
  }
  return into;
}

export function eventTimeKindOf(e: BoundExpr, known: ReadonlyMap<number, EventTimeKind>): EventTimeKind | undefined {
  switch (e.kind) {
    case 'ref': return known.get(e.id);
    case 'cast': return e.type.kind === 'timestamp' ? eventTimeKindOf(e.operand, known) : undefined;
    case 'call':
      if ((e.fn === 'tumbling_window' || e.fn === 'session_window') && eventTimeKindOf(e.args[0]!, known) === 'timestamp') return 'window';
      return undefined;
    default: return undefined;
  }
}
