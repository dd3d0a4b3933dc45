/**
 * Spark's datetime patterns (`yyyy-MM-dd HH:mm:ss.SSS`, `dd/MMM/yyyy`, `EEE, d MMM yyyy hh:mm a`, …) for
 * `date_format`, `from_unixtime`, `to_timestamp(s, fmt)`, `to_date(s, fmt)` and `unix_timestamp(s, fmt)`, in
 * UTC. A pattern is compiled once into a token list; formatting and parsing walk it.
 *
 * Letters: G era, y year, M/L month (`M`/`MM` number, `MMM` short name, `MMMM` full name), d day of month,
 * D day of year, Q/q quarter, E day-of-week name, a AM/PM, H 0-23, k 1-24, K 0-11, h 1-12, m minute,
 * s second, S fraction of second, V/z/O zone names, X/x/Z zone offsets. Text in single quotes is literal (`''`
 * is a quote); `[…]` is an optional section. Letters Spark rejects (Y, w, W, u, e, c, …) make the pattern
 * invalid, and an invalid pattern gives NULL. Parsing is case-insensitive and must consume the whole text;
 * numeric fields of one letter take a variable number of digits, longer ones exactly that many (a year takes
 * at least as many), and `S…` takes one up to its count of digits, as in Spark.
 */
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, makeDate } from '../../types/temporal.js';
import {
  civilPacked, dayOfYear, daysInMonth, isoDayOfWeek, packedDay, packedMonth, packedYear, zoneOffsetMicros,
} from './datetime-util.js';

type Token =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'optional'; readonly tokens: readonly Token[] };

export interface DateTimePattern {
  format(micros: number): string;
  /** Micros since the epoch, or null when the text does not match. */
  parse(text: string): number | null;
}

const supportedLetters = new Set('GyMLdDQqEaHkKhmsSVzOXxZ'.split(''));
const numericWidth: Readonly<Record<string, number>> = { M: 2, L: 2, d: 2, D: 3, H: 2, k: 2, K: 2, h: 2, m: 2, s: 2, Q: 1, q: 1 };

/** The most letters java.time accepts for a field; more is an invalid pattern. */
const maxLetters: Readonly<Record<string, number>> = {
  G: 4, M: 4, L: 4, Q: 4, q: 4, E: 4, a: 1, d: 2, H: 2, h: 2, k: 2, K: 2, m: 2, s: 2, D: 3, S: 9, V: 2, z: 4, O: 4,
  X: 5, x: 5, Z: 5,
};

const monthShort = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLong = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const dayShort = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const dayLong = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const quarterLong = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];

function tokenize(p: string): Token[] | null {
  const stack: Token[][] = [[]];
  let i = 0;
  while (i < p.length) {
    const ch = p[i]!;
    const top = stack[stack.length - 1]!;
    if (ch === "'") {
      let j = i + 1, text = '';
      for (;;) {
        if (j >= p.length) return null;
        if (p[j] === "'") {
          if (p[j + 1] === "'") { text += "'"; j += 2; continue; }
          break;
        }
        text += p[j++];
      }
      top.push({ kind: 'literal', text: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (ch === '[') {
      stack.push([]);
      i++;
    } else if (ch === ']') {
      if (stack.length === 1) return null;
      const tokens = stack.pop()!;
      stack[stack.length - 1]!.push({ kind: 'optional', tokens });
      i++;
    } else if (/[A-Za-z]/.test(ch)) {
      if (!supportedLetters.has(ch)) return null;
      let j = i;
      while (p[j] === ch) j++;
      if (j - i > (maxLetters[ch] ?? Infinity)) return null;
      top.push({ kind: 'field', letter: ch, count: j - i });
      i = j;
    } else {
      top.push({ kind: 'literal', text: ch });
      i++;
    }
  }
  return stack.length === 1 ? stack[0]! : null;
}

const pad = (v: number, width: number): string => {
  const s = String(Math.abs(v));
  return (v < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
};

function formatField(letter: string, count: number, micros: number, days: number, packed: number): string {
  const year = packedYear(packed), month = packedMonth(packed), day = packedDay(packed);
  const timeOfDay = micros - days * MICROS_PER_DAY;
  const hour = Math.floor(timeOfDay / MICROS_PER_HOUR);
  switch (letter) {
    case 'G': return count === 4 ? (year > 0 ? 'Anno Domini' : 'Before Christ') : year > 0 ? 'AD' : 'BC';
    case 'y': return count === 2 ? pad(((year % 100) + 100) % 100, 2) : pad(year, count);
    case 'M': case 'L':
      return count >= 4 ? monthLong[month - 1]! : count === 3 ? monthShort[month - 1]! : pad(month, count);
    case 'd': return pad(day, count);
    case 'D': return pad(dayOfYear(days), count);
    case 'Q': case 'q': {
      const q = Math.floor((month - 1) / 3) + 1;
      return count >= 4 ? quarterLong[q - 1]! : count === 3 ? `Q${q}` : pad(q, count);
    }
    case 'E': { const dow = isoDayOfWeek(days) - 1; return count >= 4 ? dayLong[dow]! : dayShort[dow]!; }
    case 'a': return hour < 12 ? 'AM' : 'PM';
    case 'H': return pad(hour, count);
    case 'k': return pad(hour === 0 ? 24 : hour, count);
    case 'K': return pad(hour % 12, count);
    case 'h': return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm': return pad(Math.floor(timeOfDay / MICROS_PER_MINUTE) % 60, count);
    case 's': return pad(Math.floor(timeOfDay / MICROS_PER_SECOND) % 60, count);
    case 'S': {
      const frac = String(timeOfDay % MICROS_PER_SECOND).padStart(6, '0');
      return count <= 6 ? frac.slice(0, count) : frac + '0'.repeat(count - 6);
    }
    case 'V': return 'UTC';
    case 'z': return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'O': return 'GMT';
    case 'X': return 'Z';
    case 'x': return count === 1 ? '+00' : count === 2 || count === 4 ? '+0000' : '+00:00';
    case 'Z': return count <= 3 ? '+0000' : count === 4 ? 'GMT' : 'Z';
    default: return '';
  }
}

function formatTokens(tokens: readonly Token[], micros: number, days: number, packed: number): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'literal') out += t.text;
    else if (t.kind === 'optional') out += formatTokens(t.tokens, micros, days, packed);
    else out += formatField(t.letter, t.count, micros, days, packed);
  }
  return out;
}

/** What parsing has read so far; -1 marks a field not seen. */
interface Parsed {
  year: number; month: number; day: number; dayOfYear: number; hour: number; hour12: number; pm: number;
  minute: number; second: number; micros: number; offset: number | null;
}

function freshParsed(): Parsed {
  return { year: -1, month: -1, day: -1, dayOfYear: -1, hour: -1, hour12: -1, pm: -1, minute: -1, second: -1, micros: 0, offset: null };
}

function matchWord(s: string, pos: number, words: readonly string[]): [index: number, end: number] | null {
  const rest = s.slice(pos).toLowerCase();
  let best = -1, bestLen = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (rest.startsWith(w) && w.length > bestLen) { best = i; bestLen = w.length; }
  }
  return best < 0 ? null : [best, pos + bestLen];
}

function readDigits(s: string, pos: number, min: number, max: number): [value: number, end: number] | null {
  let v = 0, j = pos;
  while (j < s.length && j - pos < max) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    j++;
  }
  return j - pos >= min ? [v, j] : null;
}

function isNumericField(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'field' && (t.letter in numericWidth || t.letter === 'y' || t.letter === 'S'
    || ((t.letter === 'M' || t.letter === 'L') && t.count <= 2));
}

/** Parses one field at `pos`; returns the new position or -1. */
function parseField(t: { letter: string; count: number }, next: Token | undefined, s: string, pos: number, out: Parsed): number {
  const { letter, count } = t;
  switch (letter) {
    case 'y': {
      const fixed = count === 2 || isNumericField(next);
      const r = readDigits(s, pos, count === 1 ? 1 : count, fixed ? count : 9);
      if (!r) return -1;
      out.year = count === 2 ? 2000 + r[0] : r[0];
      return r[1];
    }
    case 'M': case 'L':
      if (count >= 3) {
        const r = matchWord(s, pos, count === 3 ? monthShort : monthLong);
        if (!r) return -1;
        out.month = r[0] + 1;
        return r[1];
      }
      break;
    case 'E': {
      const r = matchWord(s, pos, count >= 4 ? dayLong : dayShort);
      return r ? r[1] : -1;
    }
    case 'a': {
      const r = matchWord(s, pos, ['AM', 'PM']);
      if (!r) return -1;
      out.pm = r[0];
      return r[1];
    }
    case 'G': {
      const r = matchWord(s, pos, count === 4 ? ['Anno Domini'] : ['AD']);
      return r ? r[1] : -1;
    }
    case 'S': {
      const r = readDigits(s, pos, 1, count);
      if (!r) return -1;
      const digits = r[1] - pos;
      out.micros = digits <= 6 ? r[0] * 10 ** (6 - digits) : Math.floor(r[0] / 10 ** (digits - 6));
      return r[1];
    }
    case 'V': case 'z': case 'O': case 'X': case 'x': case 'Z': {
      const m = /^(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?|(?:UTC|GMT|UT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z]+(?:\/[A-Za-z_]+)+)/i.exec(s.slice(pos));
      if (!m) return -1;
      const off = zoneOffsetMicros(m[0], 0);
      if (off === null) return -1;
      out.offset = off;
      return pos + m[0].length;
    }
    default:
      break;
  }
  const width = numericWidth[letter];
  if (width === undefined) return -1;
  const r = readDigits(s, pos, count === 1 ? 1 : count, count === 1 ? width : count);
  if (!r) return -1;
  const v = r[0];
  switch (letter) {
    case 'M': case 'L': out.month = v; break;
    case 'd': out.day = v; break;
    case 'D': out.dayOfYear = v; break;
    case 'H': out.hour = v; break;
    case 'k': out.hour = v === 24 ? 0 : v; break;
    case 'K': out.hour12 = v; break;
    case 'h': out.hour12 = v === 12 ? 0 : v; break;
    case 'm': out.minute = v; break;
    case 's': out.second = v; break;
    default: break; // quarters are read but do not determine the date
  }
  return r[1];
}

function parseTokens(tokens: readonly Token[], s: string, pos: number, out: Parsed): number {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'literal') {
      if (s.slice(pos, pos + t.text.length).toLowerCase() !== t.text.toLowerCase()) return -1;
      pos += t.text.length;
    } else if (t.kind === 'optional') {
      const saved = { ...out };
      const end = parseTokens(t.tokens, s, pos, out);
      if (end < 0) Object.assign(out, saved);
      else pos = end;
    } else {
      pos = parseField(t, tokens[k + 1], s, pos, out);
      if (pos < 0) return -1;
    }
  }
  return pos;
}

function resolveParsed(p: Parsed): number | null {
  const year = p.year < 0 ? 1970 : p.year;
  let days: number;
  if (p.dayOfYear >= 0 && p.month < 0 && p.day < 0) {
    const len = daysInMonth(year, 2) === 29 ? 366 : 365;
    if (p.dayOfYear < 1 || p.dayOfYear > len) return null;
    days = makeDate(year, 1, 1) + p.dayOfYear - 1;
  } else {
    const month = p.month < 0 ? 1 : p.month, day = p.day < 0 ? 1 : p.day;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    days = makeDate(year, month, day);
    if (p.dayOfYear >= 0 && dayOfYear(days) !== p.dayOfYear) return null;
  }
  let hour = p.hour < 0 ? 0 : p.hour;
  if (p.hour12 >= 0) {
    if (p.hour12 > 11) return null;
    const h = p.hour12 + (p.pm === 1 ? 12 : 0);
    if (p.hour >= 0 && p.hour !== h) return null;
    hour = h;
  } else if (p.pm >= 0 && p.hour >= 0 && (p.hour >= 12) !== (p.pm === 1)) {
    return null;
  }
  const minute = p.minute < 0 ? 0 : p.minute, second = p.second < 0 ? 0 : p.second;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const local = days * MICROS_PER_DAY + hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + second * MICROS_PER_SECOND + p.micros;
  return p.offset === null ? local : local - p.offset;
}

class CompiledPattern implements DateTimePattern {
  constructor(private readonly tokens: readonly Token[]) {}

  format(micros: number): string {
    const days = Math.floor(micros / MICROS_PER_DAY);
    return formatTokens(this.tokens, micros, days, civilPacked(days));
  }

  parse(text: string): number | null {
    const p = freshParsed();
    const end = parseTokens(this.tokens, text, 0, p);
    if (end !== text.length) return null;
    return resolveParsed(p);
  }
}

const cache = new Map<string, DateTimePattern | null>();

/** The compiled pattern, or null when Spark would reject it. Compiled patterns are cached. */
export function compilePattern(pattern: string): DateTimePattern | null {
  let p = cache.get(pattern);
  if (p === undefined) {
    const tokens = tokenize(pattern);
    p = tokens === null ? null : new CompiledPattern(tokens);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, p);
  }
  return p;
}
