/**
 * A fast path for the timestamp text that data files hold most often, `2026-03-01T09:01:00.000Z` and
 * `2026-03-01 09:01:00`: `YYYY-MM-DD`, `T` or a space, `HH:MM:SS`, an optional fraction of 1–9 digits and an
 * optional `Z`. It reads characters directly instead of running the general pattern of `parseTimestamp`, and
 * returns undefined for anything else (including invalid dates) so the caller falls back to `parseTimestamp`;
 * for the text it accepts the result is identical. `parseTimestampBytes` reads the same text from UTF-8 bytes in place.
 */
import { makeDate, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../types/temporal.js';

const ZERO = 48;
let lastYear = -1, lastMonth = -1, lastDay = -1, lastDays = 0;

export function parseTimestampFast(s: string): number | undefined {
  return parseTimestampFastAt(s, 0, s.length);
}

/** The same for the text s[from, to), read in place. */
export function parseTimestampFastAt(s: string, from: number, to: number): number | undefined {
  const n = to - from;
  if (n < 19 || n > 30) return undefined;
  const sep = s.charCodeAt(from + 10);
  if (s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45 || (sep !== 84 && sep !== 32)
    || s.charCodeAt(from + 13) !== 58 || s.charCodeAt(from + 16) !== 58) return undefined;
  const y = digits(s, from, 4), mo = digits(s, from + 5, 2), d = digits(s, from + 8, 2);
  const h = digits(s, from + 11, 2), mi = digits(s, from + 14, 2), sec = digits(s, from + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  if (d > daysInMonth(y, mo)) return undefined;
  let at = from + 19;
  let frac = 0;
  if (at < to && s.charCodeAt(at) === 46) {
    at++;
    let scale = 100000;
    const fracStart = at;
    while (at < to) {
      const c = s.charCodeAt(at) - ZERO;
      if (c < 0 || c > 9) break;
      if (scale >= 1) frac += c * scale;
      scale /= 10;
      at++;
    }
    if (at === fracStart || at - fracStart > 9) return undefined;
    frac = Math.floor(frac);
  }
  if (at < to && s.charCodeAt(at) === 90) at++;
  if (at !== to) return undefined;
  return micros(y, mo, d, h, mi, sec, frac);
}

/** The same for the UTF-8 bytes b[from, to) (the text between a JSON string's quotes, say). */
export function parseTimestampBytes(b: Uint8Array, from: number, to: number): number | undefined {
  const n = to - from;
  if (n < 19 || n > 30) return undefined;
  const sep = b[from + 10];
  if (b[from + 4] !== 45 || b[from + 7] !== 45 || (sep !== 84 && sep !== 32) || b[from + 13] !== 58 || b[from + 16] !== 58) {
    return undefined;
  }
  const century = pair(b, from), yy = pair(b, from + 2), mo = pair(b, from + 5), d = pair(b, from + 8);
  const h = pair(b, from + 11), mi = pair(b, from + 14), sec = pair(b, from + 17);
  if (century < 0 || yy < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
    return undefined;
  }
  const y = century * 100 + yy;
  if (d > 28 && d > daysInMonth(y, mo)) return undefined;
  let at = from + 19;
  let frac = 0;
  if (at < to && b[at] === 46) {
    at++;
    const fracStart = at;
    // Microseconds: the first six digits; further ones are truncated.
    let kept = 0;
    while (at < to) {
      const c = b[at]! - ZERO;
      if (c < 0 || c > 9) break;
      if (kept < 6) { frac = frac * 10 + c; kept++; }
      at++;
    }
    if (at === fracStart || at - fracStart > 9) return undefined;
    frac *= FRACTION_SCALE[kept]!;
  }
  if (at < to && b[at] === 90) at++;
  if (at !== to) return undefined;
  return micros(y, mo, d, h, mi, sec, frac);
}

/** Microseconds per unit of a fraction of k digits. */
const FRACTION_SCALE = [1000000, 100000, 10000, 1000, 100, 10, 1];

function micros(y: number, mo: number, d: number, h: number, mi: number, sec: number, frac: number): number {
  // Timestamps in a file mostly share their date: remember the last one's day number.
  if (y !== lastYear || mo !== lastMonth || d !== lastDay) {
    lastYear = y; lastMonth = mo; lastDay = d;
    lastDays = makeDate(y, mo, d);
  }
  return lastDays * MICROS_PER_DAY + h * MICROS_PER_HOUR + mi * MICROS_PER_MINUTE + sec * MICROS_PER_SECOND + frac;
}

/** The non-negative integer in s[from, from+len), or -1 if any character is not a digit. */
function digits(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The two-digit number at b[from], or -1 if either byte is not a digit. */
function pair(b: Uint8Array, from: number): number {
  const hi = b[from]! - ZERO, lo = b[from + 1]! - ZERO;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
