/**
 * Binding of the event-time window functions. `window(ts, size[, slide[, startTime]])` is tumbling when the
 * slide equals the size: each row falls in exactly one window, computed by a scalar function. A sliding window
 * puts a row in several windows, so it becomes a generator (one row per window) that the SELECT analyzer places
 * under the aggregation; `window(…)` in the query then refers to the generated window column.
 */
import type { CallExpr, Expr } from '../../sql/ast.js';
import {
  IntervalType, StringType, TimestampType, WindowStructType, arrayType, type DataType,
} from '../../types/data-type.js';
import { analysisError } from '../../types/errors.js';
import { intervalMicros, parseIntervalString } from '../../types/temporal.js';
import type { Interval } from '../../types/data-type.js';
import type { BoundExpr } from '../expr.js';
import { coerce, typeError } from './coercion.js';

export interface WindowSpecMicros {
  readonly ts: BoundExpr;
  readonly sizeMicros: number;
  readonly slideMicros: number;
  readonly startMicros: number;
}

export function isWindowCall(e: Expr): e is CallExpr {
  return e.kind === 'call' && e.name.toLowerCase() === 'window' && !e.over;
}

/** Reads `window(ts, size[, slide[, start]])` with its arguments already bound. */
export function windowSpec(call: CallExpr, args: readonly BoundExpr[]): WindowSpecMicros {
  if (args.length < 2 || args.length > 4) throw analysisError('window() takes (timeColumn, windowDuration[, slideDuration[, startTime]])', call.pos);
  const ts = args[0]!;
  if (ts.type.kind !== 'timestamp' && ts.type.kind !== 'date' && ts.type.kind !== 'null') {
    throw typeError(`window() needs a TIMESTAMP time column, got ${ts.type.kind.toUpperCase()}`, call.args[0]!.pos);
  }
  const dur = (i: number, what: string, allowZero: boolean) => {
    const micros = durationMicros(args[i]!);
    if (micros === null || micros < 0 || (!allowZero && micros === 0)) {
      throw analysisError(`The ${what} of window() must be a constant positive interval such as '10 minutes'`, call.args[i]!.pos);
    }
    return micros;
  };
  const sizeMicros = dur(1, 'window duration', false);
  const slideMicros = args.length > 2 ? dur(2, 'slide duration', false) : sizeMicros;
  const startMicros = args.length > 3 ? dur(3, 'start time', true) : 0;
  if (slideMicros > sizeMicros) throw analysisError('The slide duration of window() must not exceed the window duration', call.pos);
  if (startMicros >= slideMicros) throw analysisError('The start time of window() must be less than the slide duration', call.pos);
  return { ts: coerce(ts, TimestampType), sizeMicros, slideMicros, startMicros };
}

function durationMicros(e: BoundExpr): number | null {
  if (e.kind !== 'lit' || e.value === null) return null;
  if (e.type === StringType || e.type.kind === 'string') {
    const iv = parseIntervalString(e.value as string);
    return iv ? intervalMicros(iv) : null;
  }
  if (e.type === IntervalType || e.type.kind === 'interval') return intervalMicros(e.value as Interval);
  return null;
}

const lit = (v: number): BoundExpr => ({ kind: 'lit', value: v, type: { kind: 'bigint' } });

/** The tumbling window containing each row: `{start, end}`. */
export function tumblingWindowExpr(w: WindowSpecMicros): BoundExpr {
  return { kind: 'call', fn: 'tumbling_window', args: [w.ts, lit(w.sizeMicros), lit(w.startMicros)], type: WindowStructType, deterministic: true };
}

/** Every sliding window containing each row, as an array (the generator's argument). */
export function slidingWindowsExpr(w: WindowSpecMicros): BoundExpr {
  return {
    kind: 'call', fn: 'sliding_windows', args: [w.ts, lit(w.sizeMicros), lit(w.slideMicros), lit(w.startMicros)],
    type: arrayType(WindowStructType), deterministic: true,
  };
}

/**
 * `session_window(ts, gap)`: a GROUP BY key whose value (the session `{start, end}`) is decided by the
 * session-window aggregation itself, which merges events less than `gap` apart. A constant gap is given in µs;
 * a per-row gap stays an INTERVAL or STRING expression, read per row.
 */
export function sessionWindowExpr(ts: BoundExpr, gap: BoundExpr, call: CallExpr): BoundExpr {
  if (ts.type.kind !== 'timestamp' && ts.type.kind !== 'date') throw typeError('session_window() needs a TIMESTAMP time column', call.pos);
  let gapExpr = gap;
  const constant = durationMicros(gap);
  if (constant !== null) {
    if (constant <= 0) throw analysisError('The gap of session_window() must be a positive interval', call.args[1]!.pos);
    gapExpr = lit(constant);
  } else if (gap.type.kind !== 'interval' && gap.type.kind !== 'string') {
    throw typeError('The gap of session_window() must be an interval, e.g. \'5 minutes\'', call.args[1]!.pos);
  }
  return { kind: 'call', fn: 'session_window', args: [coerce(ts, TimestampType), gapExpr], type: WindowStructType, deterministic: true };
}

export function isSessionWindow(e: BoundExpr): boolean {
  return e.kind === 'call' && e.fn === 'session_window';
}

/** `window_time(w)`: the last instant inside the window (end − 1 µs), as Spark defines it. */
export function windowTimeExpr(w: BoundExpr, call: CallExpr): BoundExpr {
  if (w.type.kind !== 'struct' || !w.type.fields.some((f) => f.name === 'end')) {
    throw typeError('window_time() takes a window column (a struct with start and end)', call.pos);
  }
  return { kind: 'call', fn: 'window_time', args: [w], type: TimestampType as DataType, deterministic: true };
}
