/**
 * Plans a streaming query for incremental execution. The optimized logical plan is planned as usual, except:
 *  - a streaming scan becomes `streamInput` #n (n = the source's position in `sources`), fed each micro-batch
 *    with that source's new rows;
 *  - a watermark becomes `eventTimeWatermark` #k, recording the batch's largest event time;
 *  - an aggregation over a stream becomes `statefulAggregate` (restore, aggregate, save, emit by output mode);
 *  - DISTINCT / dropDuplicates over a stream becomes `statefulDeduplicate`.
 * Static scans stay scans, so stream–static joins read the table each batch. Stateful operators are numbered
 * in plan order; `stateFingerprint` describes them so a restart with a different query shape is refused.
 * Before planning, streaming-rewrites.ts turns the ROW_NUMBER() = 1 idiom into a deduplication.
 */
import { typeToString } from '../../types/data-type.js';
import { runtimeError, SluiceError } from '../../types/errors.js';
import { referencedIds, type Attribute, type BoundExpr } from '../expr.js';
import type { LogicalPlan, RelationSource } from '../logical-plan.js';
import { isStreaming } from '../logical-plan.js';
import type { EventTimeKey, PhysicalPlan, StreamOutputMode } from '../physical-plan.js';
import { bindToInput, schemaOf, sessionWindowAggregate, toPhysical, type PhysicalPlanningOptions } from '../physical-planner.js';
import { eventTimeAttributes, eventTimeKindOf, type EventTimeKind } from './event-time-lineage.js';
import { checkStreamingQuery } from './unsupported-operation-checker.js';
import { rewriteStreamingPlan } from './streaming-rewrites.js';

export interface IncrementalPlan {
  readonly physical: PhysicalPlan;
  /** The streaming relations, in `streamInput` index order. */
  readonly sources: readonly RelationSource[];
  /** Per watermark definition (`eventTimeWatermark` index order): its delay. */
  readonly watermarkDelaysMs: readonly number[];
  readonly statefulOperators: number;
  /** Whether some stateful operator evicts or emits by watermark (so no-data batches matter). */
  readonly usesWatermarkState: boolean;
  readonly stateFingerprint: string;
  readonly outputMode: StreamOutputMode;
}

export function planIncremental(original: LogicalPlan, outputMode: StreamOutputMode, opts: PhysicalPlanningOptions = {}): IncrementalPlan {
  const plan = rewriteStreamingPlan(original);
  checkStreamingQuery(plan, outputMode);
  const eventTime = eventTimeAttributes(plan);
  const sources: RelationSource[] = [];
  const watermarkDelaysMs: number[] = [];
  const fingerprint: string[] = [];
  let operators = 0;
  let usesWatermarkState = false;

  const eventTimeKey = (exprs: readonly BoundExpr[]): EventTimeKey | undefined => {
    const i = exprs.findIndex((e) => eventTimeKindOf(e, eventTime) !== undefined);
    return i < 0 ? undefined : { keyIndex: i, isWindow: (eventTimeKindOf(exprs[i]!, eventTime) as EventTimeKind) === 'window' };
  };

  const override: PhysicalPlanningOptions['override'] = (p, recurse) => {
    if (!isStreaming(p)) return undefined;
    switch (p.kind) {
      case 'scan': {
        const fields = p.source.schema.fields;
        const index = sources.length;
        sources.push(p.source);
        return {
          kind: 'streamInput', sourceIndex: index, schema: schemaOf(p.output),
          columns: p.output.map((a) => fields.findIndex((f) => f.name === a.name)),
        };
      }
      case 'watermark': {
        const input = recurse(p.input);
        const columnIndex = p.input.output.findIndex((a) => a.id === p.column.id);
        if (columnIndex < 0) throw runtimeError('internal: watermark column pruned away');
        watermarkDelaysMs.push(p.delayMs);
        return { kind: 'eventTimeWatermark', input, columnIndex, watermarkIndex: watermarkDelaysMs.length - 1, schema: schemaOf(p.output) };
      }
      case 'aggregate': {
        if (p.groupBy.some((g) => g.expr.kind === 'call' && g.expr.fn === 'session_window')) {
          const input = recurse(p.input);
          const operatorId = operators++;
          if (outputMode === 'append') usesWatermarkState = true;
          fingerprint.push(`session#${operatorId}(${p.groupBy.map((g) => typeToString(g.expr.type)).join(',')};${p.aggregates.map((a) => `${a.fn}:${typeToString(a.attr.type)}`).join(',')})`);
          return sessionWindowAggregate(p, input, opts, { operatorId, outputMode });
        }
        const windowed = windowKeyOf(p);
        const below = windowed?.input ?? p.input;
        const physicalInput = recurse(below);
        const bind = (e: BoundExpr) => bindToInput(e, below.output, opts);
        const groupExprs = p.groupBy.map((g) => g.expr);
        const et = windowed
          ? (eventTimeKindOf(windowed.ts, eventTime) === 'timestamp' ? { keyIndex: windowed.keyIndex, isWindow: true } : undefined)
          : eventTimeKey(groupExprs);
        if (et && outputMode !== 'complete') usesWatermarkState = true;
        const operatorId = operators++;
        fingerprint.push(`aggregate#${operatorId}(${p.groupBy.map((g) => typeToString(g.expr.type)).join(',')};${p.aggregates.map((a) => `${a.fn}${a.distinct ? '-distinct' : ''}:${typeToString(a.attr.type)}`).join(',')})`);
        return {
          kind: 'statefulAggregate', input: physicalInput, operatorId, outputMode, eventTime: et,
          windowKey: windowed ? {
            keyIndex: windowed.keyIndex, ts: bind(windowed.ts), sizeMicros: windowed.sizeMicros,
            slideMicros: windowed.slideMicros, startMicros: windowed.startMicros,
          } : undefined,
          groupBy: groupExprs.map((e, i) => (windowed?.keyIndex === i ? { kind: 'lit', value: null, type: e.type } as BoundExpr : bind(e))),
          aggregates: p.aggregates.map((a) => ({
            fn: a.fn, args: a.args.map(bind), distinct: a.distinct, ignoreNulls: a.ignoreNulls,
            filter: a.filter ? bind(a.filter) : undefined, name: a.attr.name, type: a.attr.type,
          })),
          schema: schemaOf(p.output),
        };
      }
      case 'distinct': case 'deduplicate': {
        const input = recurse(p.input);
        const keyAttrs: readonly Attribute[] = p.kind === 'distinct' ? p.input.output : p.keys;
        const keys = keyAttrs.map((a) => bindToInput({ kind: 'ref', id: a.id, name: a.name, type: a.type, nullable: a.nullable }, p.input.output, opts));
        const et = eventTimeKey(keyAttrs.map((a) => ({ kind: 'ref', id: a.id, name: a.name, type: a.type, nullable: a.nullable })));
        const within = p.kind === 'deduplicate' && p.withinWatermark;
        if (et || within) usesWatermarkState = true;
        const operatorId = operators++;
        fingerprint.push(`dedupe#${operatorId}(${keyAttrs.map((a) => typeToString(a.type)).join(',')})`);
        return {
          kind: 'statefulDeduplicate', input, keys, operatorId, eventTime: et,
          withinWatermarkDelayMs: within ? watermarkDelayBelow(p.input) : undefined,
          eventTimeColumn: within ? eventTimeColumnOf(p.input.output) : undefined,
          schema: schemaOf(p.input.output),
        };
      }
      default: return undefined;
    }
  };

  const eventTimeColumnOf = (attrs: readonly Attribute[]): number | undefined => {
    const i = attrs.findIndex((a) => eventTime.get(a.id) === 'timestamp');
    if (i < 0) throw new SluiceError('UNSUPPORTED', 'dropDuplicatesWithinWatermark needs a watermark: call withWatermark first');
    return i;
  };
  const physical = toPhysical(plan, { ...opts, override });
  return {
    physical, sources, watermarkDelaysMs, statefulOperators: operators, usesWatermarkState,
    stateFingerprint: fingerprint.join(';'), outputMode,
  };
}

/**
 * A tumbling `window(…)` key, or a sliding one generated just below the aggregation, that the stateful
 * aggregate can compute by panes (window-key spec in physical-plan.ts): its time expression, sizes, and the
 * plan the aggregation then reads (the generator's input for a sliding window).
 */
function windowKeyOf(p: Extract<LogicalPlan, { kind: 'aggregate' }>):
  { keyIndex: number; ts: BoundExpr; sizeMicros: number; slideMicros: number; startMicros: number; input: LogicalPlan } | undefined {
  const num = (e: BoundExpr | undefined) => (e?.kind === 'lit' && typeof e.value === 'number' ? e.value : undefined);
  for (let i = 0; i < p.groupBy.length; i++) {
    const e = p.groupBy[i]!.expr;
    if (e.kind === 'call' && e.fn === 'tumbling_window') {
      const size = num(e.args[1]), start = num(e.args[2]);
      if (size !== undefined && start !== undefined) return { keyIndex: i, ts: e.args[0]!, sizeMicros: size, slideMicros: size, startMicros: start, input: p.input };
    }
    const gen = p.input;
    if (e.kind === 'ref' && gen.kind === 'generate' && gen.generated[0]?.id === e.id && gen.arg.kind === 'call' && gen.arg.fn === 'sliding_windows') {
      const [ts, sizeE, slideE, startE] = gen.arg.args;
      const size = num(sizeE), slide = num(slideE), start = num(startE);
      if (size === undefined || slide === undefined || start === undefined || size % slide !== 0) return undefined;
      const others = [...p.groupBy.filter((_, k) => k !== i).map((g) => g.expr), ...p.aggregates.flatMap((a) => (a.filter ? [...a.args, a.filter] : a.args))];
      if (others.some((x) => referencedIds(x).has(e.id))) return undefined;
      return { keyIndex: i, ts: ts!, sizeMicros: size, slideMicros: slide, startMicros: start, input: gen.input };
    }
  }
  return undefined;
}

function watermarkDelayBelow(p: LogicalPlan): number {
  if (p.kind === 'watermark') return p.delayMs;
  const kids = p.kind === 'scan' || p.kind === 'values' ? [] : p.kind === 'join' || p.kind === 'setOp' ? [p.left, p.right] : [p.input];
  for (const k of kids) { const d = watermarkDelayBelow(k); if (d >= 0) return d; }
  return -1;
}
