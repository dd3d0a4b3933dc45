/**
 * Math functions over typed arrays. NULL in gives NULL out; a value with no result (the log of a non-positive
 * number, a remainder by zero, a decimal that overflows its type) is NULL too, as in Spark's non-ANSI mode.
 * Transcendental functions use the platform's Math, which may differ from the JVM in the last bit.
 */
import type { DataType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type FixedData } from '../column.js';
import { buildColumn, mapNumbers, mapNumbers2, reader } from './column-kernels.js';
import { fitsDecimal, pow10, roundDecimal, type RoundingMode } from './decimal-math.js';
import type { ScalarImpl } from './scalar-impl.js';
import { comparatorFor, compareDoubles } from './value-ordering.js';

const LONG_MAX = 9223372036854775807, LONG_MIN = -9223372036854775808;

const unary = (f: (x: number) => number | null): ScalarImpl => (args, n, t) => mapNumbers(args[0]!, n, t, f);
const binary = (f: (x: number, y: number) => number | null): ScalarImpl => (args, n, t) => mapNumbers2(args[0]!, args[1]!, n, t, f);
const positiveLog = (f: (x: number) => number) => (x: number): number | null => (x <= 0 ? null : f(x));

const abs: ScalarImpl = (args, n, t) =>
  mapNumbers(args[0]!, n, t, t.kind === 'int' ? (x) => Math.abs(x) | 0 : (x) => Math.abs(x));

/**
 * Rounds `v` of the argument's type to scale `s` for a result of type `t`: integral values only move for a
 * negative scale (and INT wraps as Java's int does); decimals become NULL when they overflow `t`.
 */
function roundOne(v: number, s: number, argKind: DataType['kind'], t: DataType, mode: RoundingMode): number | null {
  if (argKind === 'int' || argKind === 'bigint') {
    if (s >= 0) return v;
    const r = roundDecimal(v, s, mode);
    return argKind === 'int' ? r | 0 : r;
  }
  if (t.kind !== 'decimal') return roundDecimal(v, s, mode);
  const r = roundDecimal(v, s < 0 ? s : Math.min(s, t.scale), mode);
  return fitsDecimal(r, t.precision, t.scale) ? r : null;
}

/** round/bround (and floor/ceil with a scale): an optional INT scale argument, 0 by default. */
function rounding(mode: RoundingMode): ScalarImpl {
  return (args, n, t) => {
    const x = args[0]!, kind = x.type.kind;
    if (args.length === 1) return mapNumbers(x, n, t, (v) => roundOne(v, 0, kind, t, mode));
    return mapNumbers2(x, args[1]!, n, t, (v, s) => roundOne(v, s, kind, t, mode));
  };
}

/** floor/ceil: BIGINT (saturating, NaN → 0) or a scale-0 decimal; with a scale, decimal rounding. */
function floorCeil(mode: 'floor' | 'ceiling'): ScalarImpl {
  const scaled = rounding(mode);
  const f = mode === 'floor' ? Math.floor : Math.ceil;
  return (args, n, t) => {
    if (args.length === 2) return scaled(args, n, t);
    if (t.kind === 'decimal') return mapNumbers(args[0]!, n, t, (v) => { const r = f(v); return fitsDecimal(r, t.precision, 0) ? r : null; });
    return mapNumbers(args[0]!, n, t, (v) => {
      const r = f(v);
      return Number.isNaN(r) ? 0 : r >= LONG_MAX ? LONG_MAX : r <= LONG_MIN ? LONG_MIN : r || 0;
    });
  };
}

/**
 * a % b (mod) and the positive remainder (pmod). NULL when b is 0, for doubles too. Decimals are computed on
 * their scaled integers, so `mod(0.3, 0.1)` is exactly 0.0.
 */
function remainder(positive: boolean): ScalarImpl {
  return (args, n, t) => {
    const a = args[0]!, b = args[1]!;
    if (t.kind === 'decimal') {
      const sa = a.type.kind === 'decimal' ? a.type.scale : 0, sb = b.type.kind === 'decimal' ? b.type.scale : 0;
      const p = pow10(Math.max(sa, sb));
      return mapNumbers2(a, b, n, t, (x, y) => {
        const ix = Math.round(x * p), iy = Math.round(y * p);
        if (iy === 0) return null;
        let r = ix % iy;
        if (positive && r < 0) r = (r + iy) % iy;
        return r === 0 ? 0 : r / p;
      });
    }
    const isInt = t.kind === 'int';
    return mapNumbers2(a, b, n, t, (x, y) => {
      if (y === 0) return null;
      let r = x % y;
      if (positive && r < 0) r = (r + y) % y;
      return isInt ? r | 0 : r === 0 && t.kind !== 'double' ? 0 : r;
    });
  };
}

/** greatest/least: the extreme non-null argument per row (NaN is the largest double); NULL when all are NULL. */
function extreme(greatest: boolean): ScalarImpl {
  return (args, n, t) => {
    const sign = greatest ? 1 : -1;
    if (args.every((c) => ArrayBuffer.isView(c.data)) && t.kind !== 'boolean') {
      const datas = args.map((c) => c.data as FixedData), masks = args.map((c) => c.nulls);
      const out = allocFixed(t, n);
      let nulls: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        let found = false, best = 0;
        for (let k = 0; k < datas.length; k++) {
          const m = masks[k];
          if (m !== null && m[i] === 1) continue;
          const v = datas[k]![i]!;
          if (!found || sign * compareDoubles(v, best) > 0) { best = v; found = true; }
        }
        if (found) out[i] = best;
        else (nulls ??= new Uint8Array(n))[i] = 1;
      }
      return makeColumn(t, out, nulls);
    }
    const readers = args.map(reader);
    const cmp = comparatorFor(t);
    return buildColumn(t, n, (i) => {
      let best: unknown = null;
      for (const r of readers) {
        const v = r(i);
        if (v !== null && (best === null || sign * cmp(v, best) > 0)) best = v;
      }
      return best;
    });
  };
}

const constant = (v: number): ScalarImpl => (_args, n, t) => makeColumn(t, new Float64Array(n).fill(v));

const RADIANS_TO_DEGREES = 180 / Math.PI, DEGREES_TO_RADIANS = Math.PI / 180;

export const mathFunctions: Readonly<Record<string, ScalarImpl>> = {
  abs,
  round: rounding('halfUp'),
  bround: rounding('halfEven'),
  floor: floorCeil('floor'),
  ceil: floorCeil('ceiling'),
  sqrt: unary(Math.sqrt),
  cbrt: unary(Math.cbrt),
  exp: unary(Math.exp),
  expm1: unary(Math.expm1),
  ln: unary(positiveLog(Math.log)),
  log: (args, n, t) => (args.length === 1
    ? mapNumbers(args[0]!, n, t, positiveLog(Math.log))
    : mapNumbers2(args[0]!, args[1]!, n, t, (base, x) => (base <= 0 || x <= 0 ? null : Math.log(x) / Math.log(base)))),
  log10: unary(positiveLog(Math.log10)),
  log2: unary(positiveLog((x) => Math.log(x) / Math.LN2)),
  log1p: unary((x) => (x <= -1 ? null : Math.log1p(x))),
  pow: binary(Math.pow),
  mod: remainder(false),
  pmod: remainder(true),
  signum: unary(Math.sign),
  greatest: extreme(true),
  least: extreme(false),
  sin: unary(Math.sin), cos: unary(Math.cos), tan: unary(Math.tan),
  asin: unary(Math.asin), acos: unary(Math.acos), atan: unary(Math.atan),
  sinh: unary(Math.sinh), cosh: unary(Math.cosh), tanh: unary(Math.tanh),
  degrees: unary((x) => x * RADIANS_TO_DEGREES),
  radians: unary((x) => x * DEGREES_TO_RADIANS),
  atan2: binary(Math.atan2),
  pi: constant(Math.PI),
  e: constant(Math.E),
};
