/**
 * Interval arithmetic behind the operators the analyzer maps to functions: `-iv`, `iv + iv`, `iv - iv`,
 * `ts - ts`, `iv * x` and `iv / x`. Intervals are calendar intervals (months, days, microseconds kept apart);
 * multiplying or dividing carries a fractional month into days (30 per month) and a fractional day into
 * microseconds, as Spark's `IntervalUtils.fromDoubles`. Division by zero is NULL.
 */
import type { Interval } from '../../types/data-type.js';
import { MICROS_PER_DAY, addIntervals, negateInterval } from '../../types/temporal.js';
import type { FixedData } from '../column.js';
import { buildColumn, reader, unionNulls } from './column-kernels.js';
import type { ScalarImpl } from './scalar-impl.js';

function scaled(iv: Interval, k: number): Interval | null {
  const months = iv.months * k, days = iv.days * k, micros = iv.micros * k;
  if (!Number.isFinite(months) || !Number.isFinite(days) || !Number.isFinite(micros)) return null;
  const wholeMonths = Math.trunc(months);
  const allDays = days + (months - wholeMonths) * 30;
  const wholeDays = Math.trunc(allDays);
  return { months: wholeMonths || 0, days: wholeDays || 0, micros: Math.round(micros + (allDays - wholeDays) * MICROS_PER_DAY) || 0 };
}


const negate: ScalarImpl = (args, n, t) => {
  const r = reader(args[0]!);
  return buildColumn(t, n, (i) => { const v = r(i) as Interval | null; return v === null ? null : negateInterval(v); });
};

function combine(sign: 1 | -1): ScalarImpl {
  return (args, n, t) => {
    const a = reader(args[0]!), b = reader(args[1]!);
    return buildColumn(t, n, (i) => {
      const x = a(i) as Interval | null, y = b(i) as Interval | null;
      return x === null || y === null ? null : addIntervals(x, sign === 1 ? y : negateInterval(y));
    });
  };
}

function scale(divide: boolean): ScalarImpl {
  return (args, n, t) => {
    const ivs = reader(args[0]!), k = args[1]!.data as FixedData;
    const mask = unionNulls(args, n);
    return buildColumn(t, n, (i) => {
      if (mask !== null && mask[i] === 1) return null;
      const x = k[i]!;
      if (divide && x === 0) return null;
      return scaled(ivs(i) as Interval, divide ? 1 / x : x);
    });
  };
}

/** ts1 - ts2 as an interval of microseconds. */
const timestampDiff: ScalarImpl = (args, n, t) => {
  const a = args[0]!.data as FixedData, b = args[1]!.data as FixedData;
  const mask = unionNulls(args, n);
  return buildColumn(t, n, (i) => (mask !== null && mask[i] === 1 ? null : { months: 0, days: 0, micros: a[i]! - b[i]! }));
};

export const intervalFunctions: Readonly<Record<string, ScalarImpl>> = {
  interval_negate: negate,
  interval_add: combine(1),
  interval_subtract: combine(-1),
  interval_multiply: scale(false),
  interval_divide: scale(true),
  timestamp_diff_interval: timestampDiff,
};
