/**
 * Checks a streaming query against its output mode before it starts, as Spark's UnsupportedOperationChecker
 * does, and says what to change. Rules:
 *  - at most one streaming aggregation;
 *  - complete mode needs a streaming aggregation;
 *  - append mode with an aggregation needs a watermarked event-time grouping key (a window or the timestamp);
 *  - sorting a stream only above an aggregation in complete mode; LIMIT only in complete mode;
 *  - no stream–stream joins; stream–static outer joins only with the stream on the preserved side;
 *  - no INTERSECT/EXCEPT over streams, no OVER (…) window functions over streams;
 *  - session windows only in append and complete mode.
 */
import { SluiceError } from '../../types/errors.js';
import { isStreaming, planChildren, type LogicalPlan } from '../logical-plan.js';
import type { StreamOutputMode } from '../physical-plan.js';
import { eventTimeAttributes, eventTimeKindOf } from './event-time-lineage.js';

function unsupported(message: string): SluiceError {
  return new SluiceError('UNSUPPORTED', message);
}

export function checkStreamingQuery(plan: LogicalPlan, mode: StreamOutputMode): void {
  const eventTime = eventTimeAttributes(plan);
  const aggregates: Extract<LogicalPlan, { kind: 'aggregate' }>[] = [];
  const visit = (p: LogicalPlan): void => {
    const streaming = isStreaming(p);
    if (streaming) {
      switch (p.kind) {
        case 'aggregate': aggregates.push(p); break;
        case 'sort':
          if (mode !== 'complete' || !containsAggregate(p.input)) {
            throw unsupported('Sorting is not supported on streaming queries, except after an aggregation in complete output mode; remove the ORDER BY or use outputMode complete');
          }
          break;
        case 'limit':
          if (mode !== 'complete') {
            throw unsupported('LIMIT on a stream is supported only in complete output mode (in the REPL, LIMIT n ends a live query after n rows)');
          }
          break;
        case 'join': {
          const l = isStreaming(p.left), r = isStreaming(p.right);
          if (l && r) throw unsupported('Joins between two streams are not supported yet; join a stream with a static table');
          const t = p.joinType;
          if ((t === 'left' || t === 'semi' || t === 'anti') && r) throw unsupported(`A ${t.toUpperCase()} join needs the stream on the left side (the static table on the right)`);
          if (t === 'right' && l) throw unsupported('A RIGHT OUTER join needs the stream on the right side');
          if (t === 'full') throw unsupported('FULL OUTER joins with a stream are not supported; use an inner or left outer join with the stream on the left');
          break;
        }
        case 'setOp':
          if (p.op !== 'union' || !p.all) throw unsupported(`${p.op.toUpperCase()}${p.all ? ' ALL' : ''} is not supported on streams; only UNION ALL is`);
          break;
        case 'window':
          throw unsupported('Window functions with OVER (…) are not supported on streams; use event-time windows: GROUP BY window(ts, …)');
        default: break;
      }
    }
    for (const c of planChildren(p)) visit(c);
  };
  visit(plan);
  if (aggregates.length > 1) throw unsupported('Multiple streaming aggregations in one query are not supported; aggregate once, or chain two queries through a sink');
  if (mode === 'complete' && aggregates.length === 0) {
    throw unsupported('Complete output mode needs a streaming aggregation; use append (or update) for queries without GROUP BY or aggregates');
  }
  const agg = aggregates[0];
  if (mode === 'update' && agg?.groupBy.some((g) => g.expr.kind === 'call' && g.expr.fn === 'session_window')) {
    throw unsupported('Session windows are not supported in update output mode (a session can still merge with later events); use append or complete');
  }
  if (mode === 'append' && agg && !agg.groupBy.some((g) => eventTimeKindOf(g.expr, eventTime))) {
    throw unsupported(
      'Append output mode is not supported for a streaming aggregation without a watermark: declare one '
      + "(WATERMARK FOR ts AS ts - INTERVAL … in CREATE SOURCE, or withWatermark) and GROUP BY an event-time window on it, or use outputMode 'update' or 'complete'",
    );
  }
}

function containsAggregate(p: LogicalPlan): boolean {
  return p.kind === 'aggregate' || planChildren(p).some(containsAggregate);
}
