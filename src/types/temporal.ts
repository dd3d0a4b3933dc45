/**
 * Dates, timestamps and intervals as text. TIMESTAMP values are microseconds since the epoch in UTC, DATE
 * values days since 1970-01-01 (see data-type.ts). Parsing follows Spark's accepted forms: `2026-01-01`,
 * `2026-01-01 12:00`, `2026-01-01T12:00:00.123456`, with an optional `Z` or `±hh:mm` zone (UTC otherwise).
 */
import type { Interval } from './data-type.js';

export const MICROS_PER_MS = 1000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

const timestampPattern =
  /^\s*(-?\d{4,})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?)?\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?)?\s*$/i;

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { year: y + (m <= 2 ? 1 : 0), month: m, day: d };
}

export function makeDate(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day);
}

function daysInMonth(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Microseconds since the epoch, or null when the text is not a timestamp. */
export function parseTimestamp(text: string): number | null {
  const m = timestampPattern.exec(text);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const h = m[4] ? Number(m[4]) : 0, mi = m[5] ? Number(m[5]) : 0, s = m[6] ? Number(m[6]) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const frac = m[7] ? Number((m[7] + '000000').slice(0, 6)) : 0;
  let micros = daysFromCivil(y, mo, d) * MICROS_PER_DAY + h * MICROS_PER_HOUR + mi * MICROS_PER_MINUTE + s * MICROS_PER_SECOND + frac;
  const zone = m[8];
  if (zone && !/^(z|utc)$/i.test(zone)) {
    const zm = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone)!;
    const offset = (Number(zm[2]) * 60 + (zm[3] ? Number(zm[3]) : 0)) * MICROS_PER_MINUTE;
    micros += zm[1] === '+' ? -offset : offset;
  }
  return micros;
}

/** Days since the epoch, or null. Accepts a timestamp's text too and keeps its date part, as Spark does. */
export function parseDate(text: string): number | null {
  const m = timestampPattern.exec(text);
  if (!m || m[8]) {
    if (!m) return null;
  }
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
function padYear(y: number): string {
  return y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
}

/** `2026-01-01` */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${padYear(year)}-${pad2(month)}-${pad2(day)}`;
}

/** ISO-8601 UTC with milliseconds, as the jsonl output prints timestamps: `2026-01-01T12:00:00.000Z`. */
export function formatTimestampIso(micros: number): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  let rest = micros - days * MICROS_PER_DAY;
  const h = Math.floor(rest / MICROS_PER_HOUR); rest -= h * MICROS_PER_HOUR;
  const mi = Math.floor(rest / MICROS_PER_MINUTE); rest -= mi * MICROS_PER_MINUTE;
  const s = Math.floor(rest / MICROS_PER_SECOND); rest -= s * MICROS_PER_SECOND;
  const ms = Math.floor(rest / 1000);
  return `${formatDate(days)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(ms).padStart(3, '0')}Z`;
}

/** Spark's `CAST(ts AS STRING)` form: `2026-01-01 12:00:00` with a fraction only when non-zero. */
export function formatTimestampSql(micros: number): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  let rest = micros - days * MICROS_PER_DAY;
  const h = Math.floor(rest / MICROS_PER_HOUR); rest -= h * MICROS_PER_HOUR;
  const mi = Math.floor(rest / MICROS_PER_MINUTE); rest -= mi * MICROS_PER_MINUTE;
  const s = Math.floor(rest / MICROS_PER_SECOND); rest -= s * MICROS_PER_SECOND;
  let out = `${formatDate(days)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (rest > 0) out += '.' + String(Math.round(rest)).padStart(6, '0').replace(/0+$/, '');
  return out;
}

const unitMicros: Record<string, number> = {
  microsecond: 1, millisecond: MICROS_PER_MS, second: MICROS_PER_SECOND, minute: MICROS_PER_MINUTE,
  hour: MICROS_PER_HOUR,
};

/** Normalises `MINUTES`, `mins`, `Hour`, `ms` … to a singular lower-case unit, or undefined. */
export function normalizeIntervalUnit(unit: string): string | undefined {
  const u = unit.toLowerCase();
  const table: Record<string, string> = {
    year: 'year', years: 'year', y: 'year', yr: 'year', yrs: 'year',
    month: 'month', months: 'month', mon: 'month', mons: 'month',
    week: 'week', weeks: 'week', w: 'week',
    day: 'day', days: 'day', d: 'day',
    hour: 'hour', hours: 'hour', h: 'hour', hr: 'hour', hrs: 'hour',
    minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute', m: 'minute',
    second: 'second', seconds: 'second', sec: 'second', secs: 'second', s: 'second',
    millisecond: 'millisecond', milliseconds: 'millisecond', ms: 'millisecond', msec: 'millisecond', msecs: 'millisecond',
    microsecond: 'microsecond', microseconds: 'microsecond', us: 'microsecond', usec: 'microsecond', usecs: 'microsecond',
  };
  return table[u];
}

/** An interval of `value` units (value may be fractional for units of seconds and below). */
export function intervalOf(value: number, unit: string): Interval | null {
  const u = normalizeIntervalUnit(unit);
  if (!u || !Number.isFinite(value)) return null;
  switch (u) {
    case 'year': return { months: value * 12, days: 0, micros: 0 };
    case 'month': return { months: value, days: 0, micros: 0 };
    case 'week': return { months: 0, days: value * 7, micros: 0 };
    case 'day': return { months: 0, days: value, micros: 0 };
    default: return { months: 0, days: 0, micros: Math.round(value * unitMicros[u]!) };
  }
}

export function addIntervals(a: Interval, b: Interval): Interval {
  return { months: a.months + b.months, days: a.days + b.days, micros: a.micros + b.micros };
}

export function negateInterval(a: Interval): Interval {
  return { months: -a.months, days: -a.days, micros: -a.micros };
}

/**
 * Parses `10 minutes`, `1 day 2 hours`, `interval 5 seconds`, `-3 hours`, also a bare number of seconds is not
 * accepted (Spark requires a unit). Null when the text is not an interval.
 */
export function parseIntervalString(text: string): Interval | null {
  let s = text.trim().toLowerCase();
  if (s.startsWith('interval')) s = s.slice('interval'.length).trim();
  if (s === '') return null;
  const re = /([+-]?\d+(?:\.\d+)?)\s*([a-z]+)\s*/gy;
  let acc: Interval = { months: 0, days: 0, micros: 0 };
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const iv = intervalOf(Number(m[1]), m[2]!);
    if (!iv) return null;
    acc = addIntervals(acc, iv);
    matched = re.lastIndex;
  }
  return matched === s.length ? acc : null;
}

/**
 * The interval's fixed length in microseconds, when it has no months (a month has no fixed length): windows and
 * watermark delays need one. Days count as 24 hours, as Spark does for event-time windows.
 */
export function intervalMicros(iv: Interval): number | null {
  if (iv.months !== 0) return null;
  return iv.days * MICROS_PER_DAY + iv.micros;
}

/** Adds an interval to a timestamp (months by calendar, keeping the day clamped to the month's length). */
export function addIntervalToTimestamp(micros: number, iv: Interval): number {
  let t = micros;
  if (iv.months !== 0) {
    const days = Math.floor(t / MICROS_PER_DAY);
    const timeOfDay = t - days * MICROS_PER_DAY;
    const { year, month, day } = civilFromDays(days);
    const total = year * 12 + (month - 1) + iv.months;
    const ny = Math.floor(total / 12), nm = total - ny * 12 + 1;
    t = daysFromCivil(ny, nm, Math.min(day, daysInMonth(ny, nm))) * MICROS_PER_DAY + timeOfDay;
  }
  return t + iv.days * MICROS_PER_DAY + iv.micros;
}

/** Spark's display form, e.g. `INTERVAL '1 days 2 hours'`-like text: `1 days 02:00:00` is Spark's; ours is plain. */
export function formatInterval(iv: Interval): string {
  const parts: string[] = [];
  const years = Math.trunc(iv.months / 12), months = iv.months % 12;
  if (years) parts.push(`${years} years`);
  if (months) parts.push(`${months} months`);
  if (iv.days) parts.push(`${iv.days} days`);
  let us = iv.micros;
  const sign = us < 0 ? -1 : 1;
  us = Math.abs(us);
  const h = Math.floor(us / MICROS_PER_HOUR); us -= h * MICROS_PER_HOUR;
  const mi = Math.floor(us / MICROS_PER_MINUTE); us -= mi * MICROS_PER_MINUTE;
  const sec = us / MICROS_PER_SECOND;
  if (h) parts.push(`${sign * h} hours`);
  if (mi) parts.push(`${sign * mi} minutes`);
  if (sec) parts.push(`${sign * sec} seconds`);
  return parts.length ? parts.join(' ') : '0 seconds';
}
