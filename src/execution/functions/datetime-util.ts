/**
 * Calendar arithmetic without per-row allocation, and Spark's text forms of dates and timestamps (CAST from
 * STRING). Everything is UTC, the engine's session time zone; texts may carry their own zone (`Z`, `+01:00`,
 * `UTC+1`, `America/New_York`), which is converted to UTC.
 *
 * Accepted timestamp texts (Spark's `stringToTimestamp`): `[+-]yyyy[y…]`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, then
 * optionally `' '` or `'T'` and `[h]h[:[m]m[:[s]s[.fraction]]]` and a zone; or a time alone
 * (`[T][h]h:[m]m[:[s]s…]`, today's date). Fractions beyond microseconds are dropped. Accepted date texts:
 * the same date forms, with anything after a `' '` or `'T'` ignored.
 */
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, makeDate } from '../../types/temporal.js';

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : monthDays[m - 1]!;
}

/**
 * The civil date of `days` packed in one number, `year * 512 + month * 32 + day`, so hot loops need no object;
 * unpack with `packedYear`, `packedMonth`, `packedDay`.
 */
export function civilPacked(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 512 + m * 32 + d;
}
export function packedYear(p: number): number { return Math.floor(p / 512); }
export function packedMonth(p: number): number { return (p - Math.floor(p / 512) * 512) >> 5; }
export function packedDay(p: number): number { return (p - Math.floor(p / 512) * 512) & 31; }

/** Day of year, 1-based. */
export function dayOfYear(days: number): number {
  const y = packedYear(civilPacked(days));
  return days - makeDate(y, 1, 1) + 1;
}

/** ISO day of week: Monday = 1 … Sunday = 7. 1970-01-01 was a Thursday. */
export function isoDayOfWeek(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOfYear(days: number): number {
  const thursday = days - isoDayOfWeek(days) + 4;
  const y = packedYear(civilPacked(thursday));
  return Math.floor((thursday - makeDate(y, 1, 1)) / 7) + 1;
}

/** A date plus `months` calendar months, the day clamped to the target month's length (Spark's add_months). */
export function addMonthsToDays(days: number, months: number): number {
  const p = civilPacked(days);
  const total = packedYear(p) * 12 + packedMonth(p) - 1 + months;
  const y = Math.floor(total / 12), m = total - y * 12 + 1;
  return makeDate(y, m, Math.min(packedDay(p), daysInMonth(y, m)));
}

// ---------------------------------------------------------------- parsing

/** A cursor over text; numbers are read as runs of ASCII digits. */
class Scanner {
  pos = 0;
  constructor(readonly s: string) {}
  get done(): boolean { return this.pos >= this.s.length; }
  peek(): string { return this.s[this.pos] ?? ''; }
  digits(min: number, max: number): number | null {
    const start = this.pos;
    let v = 0;
    while (this.pos < this.s.length && this.pos - start < max) {
      const c = this.s.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      this.pos++;
    }
    return this.pos - start >= min ? v : null;
  }
}

interface DateParts { year: number; month: number; day: number }

/** `[+-]yyyy[-m[m][-d[d]]]` at the scanner; null when malformed. */
function scanDate(sc: Scanner): DateParts | null {
  let sign = 1;
  if (sc.peek() === '+' || sc.peek() === '-') { sign = sc.peek() === '-' ? -1 : 1; sc.pos++; }
  const year = sc.digits(4, 7);
  if (year === null) return null;
  let month = 1, day = 1;
  if (sc.peek() === '-') {
    sc.pos++;
    const m = sc.digits(1, 2);
    if (m === null) return null;
    month = m;
    if (sc.peek() === '-') {
      sc.pos++;
      const d = sc.digits(1, 2);
      if (d === null) return null;
      day = d;
    }
  }
  const y = sign * year;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(y, month)) return null;
  return { year: y, month, day };
}

/** Days since the epoch for Spark's date texts, or null. */
export function parseSparkDate(text: string): number | null {
  const sc = new Scanner(text.trim());
  const d = scanDate(sc);
  if (d === null) return null;
  if (!sc.done && sc.peek() !== ' ' && sc.peek() !== 'T') return null;
  return makeDate(d.year, d.month, d.day);
}

/** `[h]h[:[m]m[:[s]s[.fraction]]]` → micros of the day, or null. */
function scanTime(sc: Scanner): number | null {
  const h = sc.digits(1, 2);
  if (h === null) return null;
  let m = 0, s = 0, frac = 0;
  if (sc.peek() === ':') {
    sc.pos++;
    const mm = sc.digits(1, 2);
    if (mm === null) return null;
    m = mm;
    if (sc.peek() === ':') {
      sc.pos++;
      const ss = sc.digits(1, 2);
      if (ss === null) return null;
      s = ss;
      if (sc.peek() === '.') {
        sc.pos++;
        const start = sc.pos;
        while (!sc.done && sc.s.charCodeAt(sc.pos) >= 48 && sc.s.charCodeAt(sc.pos) <= 57) sc.pos++;
        const f = sc.s.slice(start, sc.pos);
        frac = f === '' ? 0 : Number((f + '000000').slice(0, 6));
      }
    }
  }
  if (h > 23 || m > 59 || s > 59) return null;
  return h * MICROS_PER_HOUR + m * MICROS_PER_MINUTE + s * MICROS_PER_SECOND + frac;
}

/** Microseconds since the epoch for Spark's timestamp texts, or null. */
export function parseSparkTimestamp(text: string): number | null {
  const s = text.trim();
  const sc = new Scanner(s);
  let days: number;
  let timeOfDay = 0;
  if (/^T?\d{1,2}:/.test(s)) {
    if (sc.peek() === 'T') sc.pos++;
    const t = scanTime(sc);
    if (t === null) return null;
    timeOfDay = t;
    days = Math.floor(Date.now() / 86_400_000);
  } else {
    const d = scanDate(sc);
    if (d === null) return null;
    days = makeDate(d.year, d.month, d.day);
    if (!sc.done) {
      const sep = sc.peek();
      if (sep !== ' ' && sep !== 'T') return null;
      sc.pos++;
      if (sc.done) return sep === 'T' ? null : days * MICROS_PER_DAY;
      const c = sc.s.charCodeAt(sc.pos);
      if (c >= 48 && c <= 57) {
        const t = scanTime(sc);
        if (t === null) return null;
        timeOfDay = t;
      }
    }
  }
  const local = days * MICROS_PER_DAY + timeOfDay;
  const zoneText = s.slice(sc.pos).trim();
  if (zoneText === '') return local;
  const offset = zoneOffsetMicros(zoneText, local);
  return offset === null ? null : local - offset;
}

// ---------------------------------------------------------------- time zones

const offsetPattern = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

/** `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss` → offset in micros, or null. */
function parseOffset(text: string): number | null {
  const m = offsetPattern.exec(text);
  if (!m) return null;
  const h = Number(m[2]), mi = m[3] ? Number(m[3]) : 0, se = m[4] ? Number(m[4]) : 0;
  if (h > 18 || mi > 59 || se > 59) return null;
  const v = h * MICROS_PER_HOUR + mi * MICROS_PER_MINUTE + se * MICROS_PER_SECOND;
  return m[1] === '-' ? -v : v;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      f = null;
    }
    zoneFormatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at instant `utcMs`, in ms. */
function regionOffsetMs(f: Intl.DateTimeFormat, utcMs: number): number {
  const parts = f.formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The offset of `zone` (`Z`, `UTC`, `GMT+1`, `+01:00`, a region such as `Europe/Paris`) for a local time given
 * as micros, or null when the zone is unknown.
 */
export function zoneOffsetMicros(zone: string, localMicros: number): number | null {
  const z = zone.trim();
  const upper = z.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT' || upper === 'UT') return 0;
  const prefixed = /^(UTC|GMT|UT)([+-].*)$/i.exec(z);
  if (prefixed) return parseOffset(prefixed[2]!);
  if (z[0] === '+' || z[0] === '-') return parseOffset(z);
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(z)) return null;
  const f = zoneFormatter(z);
  if (f === null) return null;
  const localMs = Math.floor(localMicros / 1000);
  // The offset at the local time read as UTC, then corrected once: exact except inside a DST transition.
  let off = regionOffsetMs(f, localMs);
  off = regionOffsetMs(f, localMs - off);
  return off * 1000;
}
