/**
 * Date and time functions, in UTC. Field extractors loop over the DATE (Int32Array of days) or TIMESTAMP
 * (Float64Array of microseconds) arrays with allocation-free calendar arithmetic. Patterns for
 * `date_format`, `from_unixtime` and the parsing forms of `to_timestamp`/`to_date`/`unix_timestamp` are Spark
 * datetime patterns (datetime-pattern.ts); text that does not match, an invalid pattern or an invalid date is
 * NULL. The clock functions read the time once per call, so every row of a batch sees the same instant.
 */
import type { Interval } from '../../types/data-type.js';
import {
  MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_MS, MICROS_PER_SECOND, addIntervalToTimestamp,
  makeDate, negateInterval,
} from '../../types/temporal.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';
import { mapNumbers, mapNumbers2, mapRows, reader, strings } from './column-kernels.js';
import { compilePattern, type DateTimePattern } from './datetime-pattern.js';
import {
  addMonthsToDays, civilPacked, dayOfYear, daysInMonth, isoDayOfWeek, isoWeekOfYear, packedDay, packedMonth,
  packedYear,
} from './datetime-util.js';
import { roundDecimal } from './decimal-math.js';
import type { ScalarImpl } from './scalar-impl.js';

const DEFAULT_PATTERN = 'yyyy-MM-dd HH:mm:ss';
const LONG_MAX = 9223372036854775807, LONG_MIN = -9223372036854775808;

const onDays = (f: (days: number) => number | null): ScalarImpl => (args, n, t) => mapNumbers(args[0]!, n, t, f);
const onMicros = onDays;

const timeOfDay = (micros: number): number => micros - Math.floor(micros / MICROS_PER_DAY) * MICROS_PER_DAY;

/** The first day of the unit containing `days`, for trunc/date_trunc's date-level units; undefined if not one. */
function truncDays(days: number, unit: string): number | undefined {
  switch (unit) {
    case 'year': case 'yyyy': case 'yy': return makeDate(packedYear(civilPacked(days)), 1, 1);
    case 'quarter': {
      const p = civilPacked(days);
      return makeDate(packedYear(p), Math.floor((packedMonth(p) - 1) / 3) * 3 + 1, 1);
    }
    case 'month': case 'mm': case 'mon': {
      const p = civilPacked(days);
      return makeDate(packedYear(p), packedMonth(p), 1);
    }
    case 'week': return days - isoDayOfWeek(days) + 1;
    default: return undefined;
  }
}

const timeUnits: Readonly<Record<string, number>> = {
  day: MICROS_PER_DAY, dd: MICROS_PER_DAY, hour: MICROS_PER_HOUR, minute: MICROS_PER_MINUTE,
  second: MICROS_PER_SECOND, millisecond: MICROS_PER_MS, microsecond: 1,
};

/** date_trunc(unit, ts): the start of the unit (YEAR … MICROSECOND) containing ts; NULL for an unknown unit. */
const dateTrunc: ScalarImpl = (args, n, t) => {
  const units = strings(args[0]!), ts = args[1]!.data as FixedData;
  let lastUnit: string | null = null, unit = '';
  return mapRows(args, n, t, (i) => {
    const u = units[i]!;
    if (u !== lastUnit) { unit = u.toLowerCase(); lastUnit = u; }
    const micros = ts[i]!;
    const step = timeUnits[unit];
    if (step !== undefined) return Math.floor(micros / step) * step;
    const d = truncDays(Math.floor(micros / MICROS_PER_DAY), unit);
    return d === undefined ? null : d * MICROS_PER_DAY;
  });
};

/** trunc(date, unit): YEAR, QUARTER, MONTH or WEEK; NULL for anything else (including DD). */
const trunc: ScalarImpl = (args, n, t) => {
  const days = args[0]!.data as FixedData, units = strings(args[1]!);
  return mapRows(args, n, t, (i) => truncDays(days[i]!, units[i]!.toLowerCase()) ?? null);
};

/** The pattern of row i, recompiled only when it changes. */
function patternPerRow(c: Column | undefined): (i: number) => DateTimePattern | null {
  if (c === undefined) { const p = compilePattern(DEFAULT_PATTERN); return () => p; }
  const pats = strings(c);
  let last: string | null = null, compiled: DateTimePattern | null = null;
  return (i) => {
    const p = pats[i]!;
    if (p !== last) { compiled = compilePattern(p); last = p; }
    return compiled;
  };
}

/** Parses strings with a pattern into micros, mapped by `finish` (identity for timestamps). */
function parseWith(finish: (micros: number) => number): ScalarImpl {
  return (args, n, t) => {
    const src = strings(args[0]!);
    const pattern = patternPerRow(args[1]);
    return mapRows(args, n, t, (i) => {
      const p = pattern(i);
      const micros = p === null ? null : p.parse(src[i]!);
      return micros === null ? null : finish(micros);
    });
  };
}

/** to_timestamp/to_date: one argument is already cast to the result type by the signature. */
function castOrParse(finish: (micros: number) => number): ScalarImpl {
  const parse = parseWith(finish);
  return (args, n, t) => (args.length === 1 ? args[0]! : parse(args, n, t));
}

const toSeconds = (micros: number): number => Math.trunc(micros / MICROS_PER_SECOND) || 0;

/** unix_timestamp(): now; (ts): its seconds; (string[, pattern]): parsed, default `yyyy-MM-dd HH:mm:ss`. */
const unixTimestamp: ScalarImpl = (args, n, t) => {
  if (args.length === 0) return makeColumn(t, new Float64Array(n).fill(Math.floor(Date.now() / 1000)));
  if (args[0]!.type.kind === 'timestamp') return mapNumbers(args[0]!, n, t, toSeconds);
  return parseWith(toSeconds)(args, n, t);
};

const fromUnixtime: ScalarImpl = (args, n, t) => {
  const secs = args[0]!.data as FixedData;
  const pattern = patternPerRow(args[1]);
  return mapRows(args, n, t, (i) => {
    const p = pattern(i);
    return p === null ? null : p.format(secs[i]! * MICROS_PER_SECOND);
  });
};

const dateFormat: ScalarImpl = (args, n, t) => {
  const ts = args[0]!.data as FixedData;
  const pattern = patternPerRow(args[1]);
  return mapRows(args, n, t, (i) => {
    const p = pattern(i);
    return p === null ? null : p.format(ts[i]!);
  });
};

const isLastDayOfMonth = (days: number): boolean => {
  const p = civilPacked(days);
  return packedDay(p) === daysInMonth(packedYear(p), packedMonth(p));
};

/**
 * Spark's months_between: whole months when both dates fall on the same day of the month or both on the last
 * day; otherwise months plus the difference in day-and-time over a 31-day month, rounded to 8 places unless
 * roundOff is false.
 */
function monthsBetween(t1: number, t2: number, roundOff: boolean): number {
  const d1 = Math.floor(t1 / MICROS_PER_DAY), d2 = Math.floor(t2 / MICROS_PER_DAY);
  const p1 = civilPacked(d1), p2 = civilPacked(d2);
  const monthDiff = (packedYear(p1) * 12 + packedMonth(p1)) - (packedYear(p2) * 12 + packedMonth(p2));
  const day1 = packedDay(p1), day2 = packedDay(p2);
  if (day1 === day2 || (isLastDayOfMonth(d1) && isLastDayOfMonth(d2))) return monthDiff;
  const seconds1 = (t1 - d1 * MICROS_PER_DAY) / MICROS_PER_SECOND, seconds2 = (t2 - d2 * MICROS_PER_DAY) / MICROS_PER_SECOND;
  const secondsDiff = (day1 - day2) * 86400 + seconds1 - seconds2;
  const diff = monthDiff + secondsDiff / (31 * 86400);
  return roundOff ? Math.round(diff * 1e8) / 1e8 : diff;
}

const monthsBetweenImpl: ScalarImpl = (args, n, t) => {
  const a = args[0]!.data as FixedData, b = args[1]!.data as FixedData;
  const round = args[2] ? reader(args[2]) : null;
  return mapRows(args.slice(0, 2), n, t, (i) => monthsBetween(a[i]!, b[i]!, round === null || round(i) !== false));
};

const makeDateImpl: ScalarImpl = (args, n, t) => {
  const [y, m, d] = args.map((c) => c.data as FixedData) as [FixedData, FixedData, FixedData];
  return mapRows(args, n, t, (i) => {
    const year = y[i]!, month = m[i]!, day = d[i]!;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    return makeDate(year, month, day);
  });
};

/** make_timestamp(y, mo, d, h, mi, sec): sec may be 60 only with no fraction, meaning the next minute. */
const makeTimestampImpl: ScalarImpl = (args, n, t) => {
  const cols = args.map((c) => c.data as FixedData);
  return mapRows(args, n, t, (i) => {
    const year = cols[0]![i]!, month = cols[1]![i]!, day = cols[2]![i]!;
    const hour = cols[3]![i]!, minute = cols[4]![i]!, sec = cols[5]![i]!;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || !(sec >= 0) || sec > 60) return null;
    const secMicros = Math.round(roundDecimal(sec, 6, 'halfUp') * MICROS_PER_SECOND);
    if (sec >= 60 && secMicros !== 60 * MICROS_PER_SECOND) return null;
    return makeDate(year, month, day) * MICROS_PER_DAY + hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + secMicros;
  });
};

const clampLong = (v: number): number => (v >= LONG_MAX ? LONG_MAX : v <= LONG_MIN ? LONG_MIN : v);

/** timestamp_seconds: integral seconds exactly, doubles as Spark (`(d * 1e6).toLong`), decimals to the microsecond. */
const timestampSeconds: ScalarImpl = (args, n, t) => {
  const c = args[0]!;
  switch (c.type.kind) {
    case 'double': return mapNumbers(c, n, t, (v) => (Number.isFinite(v) ? clampLong(Math.trunc(v * MICROS_PER_SECOND)) || 0 : null));
    case 'decimal': return mapNumbers(c, n, t, (v) => Math.round(roundDecimal(v, 6, 'down') * MICROS_PER_SECOND) || 0);
    default: return mapNumbers(c, n, t, (v) => clampLong(v * MICROS_PER_SECOND));
  }
};

/** ts ± interval; a DATE result (constant whole-day interval) adds months then days to the date. */
function addInterval(sign: 1 | -1): ScalarImpl {
  return (args, n, t) => {
    const base = args[0]!.data as FixedData;
    const ivs = args[1]!.data as (Interval | null)[];
    const dateResult = t.kind === 'date';
    return mapRows(args, n, t, (i) => {
      const iv = sign === 1 ? ivs[i]! : negateInterval(ivs[i]!);
      if (dateResult) return addMonthsToDays(base[i]!, iv.months) + iv.days;
      return addIntervalToTimestamp(base[i]!, iv);
    });
  };
}

const dateAdd = (sign: 1 | -1): ScalarImpl => (args, n, t) => mapNumbers2(args[0]!, args[1]!, n, t, (d, k) => d + sign * k);

const nowMicros = (): number => Date.now() * MICROS_PER_MS;

function constantFixed(t: Column['type'], n: number, v: number): Column {
  const out = allocFixed(t, n);
  out.fill(v);
  return makeColumn(t, out);
}

export const datetimeFunctions: Readonly<Record<string, ScalarImpl>> = {
  year: onDays((d) => packedYear(civilPacked(d))),
  month: onDays((d) => packedMonth(civilPacked(d))),
  dayofmonth: onDays((d) => packedDay(civilPacked(d))),
  dayofweek: onDays((d) => (isoDayOfWeek(d) % 7) + 1),
  weekday: onDays((d) => isoDayOfWeek(d) - 1),
  dayofyear: onDays(dayOfYear),
  weekofyear: onDays(isoWeekOfYear),
  quarter: onDays((d) => Math.floor((packedMonth(civilPacked(d)) - 1) / 3) + 1),
  hour: onMicros((us) => Math.floor(timeOfDay(us) / MICROS_PER_HOUR)),
  minute: onMicros((us) => Math.floor(timeOfDay(us) / MICROS_PER_MINUTE) % 60),
  second: onMicros((us) => Math.floor(timeOfDay(us) / MICROS_PER_SECOND) % 60),
  date_trunc: dateTrunc,
  trunc,
  to_timestamp: castOrParse((us) => us),
  to_date: castOrParse((us) => Math.floor(us / MICROS_PER_DAY)),
  unix_timestamp: unixTimestamp,
  from_unixtime: fromUnixtime,
  current_timestamp: (_args, n, t) => constantFixed(t, n, nowMicros()),
  current_date: (_args, n, t) => constantFixed(t, n, Math.floor(Date.now() / 86_400_000)),
  current_timezone: (_args, n, t) => makeColumn(t, new Array(n).fill('UTC')),
  date_format: dateFormat,
  date_add: dateAdd(1),
  date_sub: dateAdd(-1),
  datediff: (args, n, t) => mapNumbers2(args[0]!, args[1]!, n, t, (a, b) => a - b),
  add_months: (args, n, t) => mapNumbers2(args[0]!, args[1]!, n, t, addMonthsToDays),
  months_between: monthsBetweenImpl,
  last_day: onDays((d) => {
    const p = civilPacked(d);
    return makeDate(packedYear(p), packedMonth(p), daysInMonth(packedYear(p), packedMonth(p)));
  }),
  make_date: makeDateImpl,
  make_timestamp: makeTimestampImpl,
  timestamp_seconds: timestampSeconds,
  timestamp_millis: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => clampLong(v * MICROS_PER_MS)),
  timestamp_micros: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => v),
  unix_seconds: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => Math.floor(v / MICROS_PER_SECOND)),
  unix_millis: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => Math.floor(v / MICROS_PER_MS)),
  unix_micros: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => v),
  unix_date: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => v),
  date_from_unix_date: (args, n, t) => mapNumbers(args[0]!, n, t, (v) => v),
  timestamp_add_interval: addInterval(1),
  timestamp_sub_interval: addInterval(-1),
};
