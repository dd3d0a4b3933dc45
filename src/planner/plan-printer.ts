/** Text forms of expressions and plans, for EXPLAIN and error messages. */
import { typeToString } from '../types/data-type.js';
import { formatTimestampSql, formatDate, formatInterval } from '../types/temporal.js';
import type { BoundExpr } from './expr.js';
import type { LogicalPlan, SortOrder } from './logical-plan.js';
import type { PhysicalPlan, PhysicalSortOrder } from './physical-plan.js';
import { physicalChildren } from './physical-plan.js';
import { planChildren } from './logical-plan.js';

export function exprToString(e: BoundExpr): string {
  switch (e.kind) {
    case 'ref': return `${e.name}#${e.id}`;
    case 'col': return `${e.name}@${e.index}`;
    case 'lit': return literalToString(e.value, e.type.kind);
    case 'arith': case 'bitwise': case 'cmp': return `(${exprToString(e.left)} ${e.op} ${exprToString(e.right)})`;
    case 'and': case 'or': return `(${exprToString(e.left)} ${e.kind.toUpperCase()} ${exprToString(e.right)})`;
    case 'not': return `NOT ${exprToString(e.operand)}`;
    case 'neg': return `-${exprToString(e.operand)}`;
    case 'isNull': return `${exprToString(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'cast': return `CAST(${exprToString(e.operand)} AS ${typeToString(e.type)})`;
    case 'case': return `CASE ${e.whens.map((w) => `WHEN ${exprToString(w.when)} THEN ${exprToString(w.then)}`).join(' ')} ELSE ${exprToString(e.otherwise)} END`;
    case 'inList': return `${exprToString(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(exprToString).join(', ')})`;
    case 'field': return `${exprToString(e.operand)}.${e.field}`;
    case 'call': return `${e.fn}(${e.args.map(exprToString).join(', ')})`;
    case 'subquery': return `${e.mode === 'in' ? `${exprToString(e.operand!)} ${e.negated ? 'NOT ' : ''}IN ` : e.mode === 'exists' ? (e.negated ? 'NOT EXISTS ' : 'EXISTS ') : ''}(subquery)`;
  }
}

function literalToString(v: unknown, kind: string): string {
  if (v === null) return 'NULL';
  if (kind === 'string') return `'${String(v).replace(/'/g, "\\'")}'`;
  if (kind === 'timestamp') return `TIMESTAMP '${formatTimestampSql(v as number)}'`;
  if (kind === 'date') return `DATE '${formatDate(v as number)}'`;
  if (kind === 'interval') return `INTERVAL '${formatInterval(v as never)}'`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const orderText = (o: SortOrder | PhysicalSortOrder) =>
  `${exprToString(o.expr)} ${o.ascending ? 'ASC' : 'DESC'} NULLS ${o.nullsFirst ? 'FIRST' : 'LAST'}`;

function logicalLine(p: LogicalPlan): string {
  const out = p.output.map((a) => `${a.name}#${a.id}`).join(', ');
  switch (p.kind) {
    case 'scan': return `${p.source.streaming ? 'StreamingScan' : 'Scan'} ${p.source.name} [${out}]`;
    case 'values': return `Values ${p.rows.length} rows [${out}]`;
    case 'project': return `Project [${p.exprs.map((x) => `${exprToString(x.expr)} AS ${x.attr.name}#${x.attr.id}`).join(', ')}]`;
    case 'filter': return `Filter ${exprToString(p.condition)}`;
    case 'aggregate': return `Aggregate [${p.groupBy.map((g) => exprToString(g.expr)).join(', ')}] [${p.aggregates.map((a) => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map(exprToString).join(', ')}) AS ${a.attr.name}#${a.attr.id}`).join(', ')}]`;
    case 'join': return `Join ${p.joinType}${p.condition ? ` ${exprToString(p.condition)}` : ''}`;
    case 'setOp': return `${p.op[0]!.toUpperCase()}${p.op.slice(1)}${p.all ? ' ALL' : ''}`;
    case 'distinct': return 'Distinct';
    case 'sort': return `Sort [${p.orders.map(orderText).join(', ')}]`;
    case 'limit': return `Limit ${p.limit ?? 'ALL'}${p.offset ? ` OFFSET ${p.offset}` : ''}`;
    case 'window': return `Window [${p.calls.map((c) => `${c.fn}(${c.args.map(exprToString).join(', ')}) AS ${c.attr.name}#${c.attr.id}`).join(', ')}]`;
    case 'generate': return `Generate ${p.generator}${p.outer ? '_outer' : ''}(${exprToString(p.arg)}) [${p.generated.map((g) => `${g.name}#${g.id}`).join(', ')}]`;
    case 'watermark': return `EventTimeWatermark ${p.column.name}#${p.column.id}, ${p.delayMs} ms`;
    case 'deduplicate': return `Deduplicate${p.withinWatermark ? 'WithinWatermark' : ''} [${p.keys.map((k) => `${k.name}#${k.id}`).join(', ')}]`;
  }
}

function physicalLine(p: PhysicalPlan): string {
  const cols = p.schema.fields.map((f) => f.name).join(', ');
  switch (p.kind) {
    case 'scan': return `Scan ${p.source.name} [${cols}]`;
    case 'streamInput': return `StreamInput #${p.sourceIndex} [${cols}]`;
    case 'values': return `Values ${p.rows.length} rows [${cols}]`;
    case 'project': return `Project [${p.exprs.map(exprToString).join(', ')}]`;
    case 'filter': return `Filter ${exprToString(p.condition)}`;
    case 'hashAggregate': return `HashAggregate keys=[${p.groupBy.map(exprToString).join(', ')}] functions=[${p.aggregates.map((a) => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map(exprToString).join(', ')})`).join(', ')}]`;
    case 'hashJoin': return `HashJoin ${p.joinType} [${p.leftKeys.map(exprToString).join(', ')}] = [${p.rightKeys.map(exprToString).join(', ')}]${p.residual ? ` residual ${exprToString(p.residual)}` : ''}${prunedJoinOutput(p)}`;
    case 'nestedLoopJoin': return `NestedLoopJoin ${p.joinType}${p.condition ? ` ${exprToString(p.condition)}` : ''}${prunedJoinOutput(p)}`;
    case 'sort': return `Sort [${p.orders.map(orderText).join(', ')}]`;
    case 'topN': return `TopN ${p.limit}${p.offset ? ` OFFSET ${p.offset}` : ''} [${p.orders.map(orderText).join(', ')}]`;
    case 'limit': return `Limit ${p.limit ?? 'ALL'}${p.offset ? ` OFFSET ${p.offset}` : ''}`;
    case 'unionAll': return 'UnionAll';
    case 'setOp': return `${p.op[0]!.toUpperCase()}${p.op.slice(1)}${p.all ? ' ALL' : ''}`;
    case 'distinct': return 'HashDistinct';
    case 'window': return `Window [${p.calls.map((c) => `${c.fn}(${c.args.map(exprToString).join(', ')})`).join(', ')}] partitionBy=[${p.partitionBy.map(exprToString).join(', ')}] orderBy=[${p.orderBy.map(orderText).join(', ')}]`;
    case 'generate': return `Generate ${p.generator}${p.outer ? '_outer' : ''}(${exprToString(p.arg)})`;
    case 'eventTimeWatermark': return `EventTimeWatermark column=${p.schema.fields[p.columnIndex]?.name}`;
    case 'statefulAggregate': return `StatefulAggregate(op ${p.operatorId}, ${p.outputMode}) keys=[${p.groupBy.map(exprToString).join(', ')}] functions=[${p.aggregates.map((a) => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map(exprToString).join(', ')})`).join(', ')}]`;
    case 'sessionWindowAggregate': return `SessionWindowAggregate${p.stateful ? `(op ${p.stateful.operatorId}, ${p.stateful.outputMode})` : ''} keys=[${p.groupBy.map(exprToString).join(', ')}] session=(${exprToString(p.ts)}, ${exprToString(p.gap)}) functions=[${p.aggregates.map((a) => `${a.fn}(${a.args.map(exprToString).join(', ')})`).join(', ')}]`;
    case 'statefulDeduplicate': return `StatefulDeduplicate(op ${p.operatorId}) keys=[${p.keys.map(exprToString).join(', ')}]`;
  }
}

/** ` output=[…]` when a join emits fewer columns than its inputs have (pruned keys), else nothing. */
function prunedJoinOutput(p: Extract<PhysicalPlan, { kind: 'hashJoin' | 'nestedLoopJoin' }>): string {
  const leftOnly = p.joinType === 'semi' || p.joinType === 'anti';
  const all = p.left.schema.fields.length + (leftOnly ? 0 : p.right.schema.fields.length);
  return p.schema.fields.length === all ? '' : ` output=[${p.schema.fields.map((f) => f.name).join(', ')}]`;
}

export function logicalPlanToString(p: LogicalPlan): string {
  const lines: string[] = [];
  const visit = (n: LogicalPlan, depth: number) => {
    lines.push(`${depth === 0 ? '' : '  '.repeat(depth - 1) + '+- '}${logicalLine(n)}`);
    for (const c of planChildren(n)) visit(c, depth + 1);
  };
  visit(p, 0);
  return lines.join('\n');
}

export function physicalPlanToString(p: PhysicalPlan): string {
  const lines: string[] = [];
  const visit = (n: PhysicalPlan, depth: number) => {
    lines.push(`${depth === 0 ? '' : '  '.repeat(depth - 1) + '+- '}${physicalLine(n)}`);
    for (const c of physicalChildren(n)) visit(c, depth + 1);
  };
  visit(p, 0);
  return lines.join('\n');
}
