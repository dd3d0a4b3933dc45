/**
 * Rewrites of streaming plans into their stateful equivalents, applied before the output-mode checks:
 * the top-N-per-key deduplication idiom
 *   SELECT … FROM (SELECT …, ROW_NUMBER() OVER (PARTITION BY k … ORDER BY ts) AS rn FROM stream) WHERE rn = 1
 * becomes a streaming deduplication on the partition columns (the first row of each key is kept, and `rn` is
 * the constant 1), as Flink and ksqlDB run it. Rows of a key are taken in arrival order, which is event-time
 * order for in-order input; declare a watermark on `ts` to bound the state.
 */
import { IntType } from '../../types/data-type.js';
import type { Attribute, BoundExpr } from '../expr.js';
import { isStreaming, type LogicalPlan } from '../logical-plan.js';
import { transformPlan } from '../optimizer/plan-rewrite.js';

export function rewriteStreamingPlan(p: LogicalPlan): LogicalPlan {
  return transformPlan(p, (node) => rowNumberDedup(node) ?? node);
}

function rowNumberDedup(node: LogicalPlan): LogicalPlan | undefined {
  if (node.kind !== 'filter' || node.input.kind !== 'window' || !isStreaming(node.input)) return undefined;
  const win = node.input;
  if (win.calls.length !== 1) return undefined;
  const call = win.calls[0]!;
  if (call.fn !== 'row_number' || !call.partitionBy.every((e) => e.kind === 'ref')) return undefined;
  if (!isEqualsOne(node.condition, call.attr.id)) return undefined;
  const keys: Attribute[] = call.partitionBy.map((e) => {
    const r = e as Extract<BoundExpr, { kind: 'ref' }>;
    return { id: r.id, name: r.name, type: r.type, nullable: r.nullable };
  });
  const dedup: LogicalPlan = { kind: 'deduplicate', input: win.input, keys, withinWatermark: false, output: win.input.output };
  const exprs = [
    ...win.input.output.map((a) => ({ expr: { kind: 'ref', id: a.id, name: a.name, type: a.type, nullable: a.nullable } as BoundExpr, attr: a })),
    { expr: { kind: 'lit', value: 1, type: IntType } as BoundExpr, attr: call.attr },
  ];
  return { kind: 'project', input: dedup, exprs, output: exprs.map((x) => x.attr) };
}

function isEqualsOne(e: BoundExpr, id: number): boolean {
  if (e.kind !== 'cmp' || e.op !== '=') return false;
  const one = (x: BoundExpr) => x.kind === 'lit' && x.value === 1;
  const rn = (x: BoundExpr) => (x.kind === 'ref' && x.id === id) || (x.kind === 'cast' && x.operand.kind === 'ref' && x.operand.id === id);
  return (rn(e.left) && one(e.right)) || (one(e.left) && rn(e.right));
}
