/**
 * Spark's (non-ANSI) readings of strings as numbers and booleans, used by CAST. Surrounding whitespace and
 * control characters are ignored. Integral targets accept a fractional part and drop it (`'1.9'` → 1), and
 * reject exponents and values out of range (→ NULL); doubles follow Java's `Double.parseDouble` plus Spark's
 * `inf`/`nan` spellings; decimals follow `java.math.BigDecimal`'s syntax.
 */

/** Trims characters ≤ U+0020 at both ends (Spark's `trimAll`), without allocating when there are none. */
function trimControl(s: string): string {
  let a = 0, b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const integralPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const LONG_MAX = 9223372036854775807n, LONG_MIN = -9223372036854775808n;

/** The integral value of `s` truncated toward zero, or null; `bits` is 32 for INT, 64 for BIGINT. */
export function parseIntegral(s: string, bits: 32 | 64): number | null {
  const t = trimControl(s);
  if (!integralPattern.test(t)) return null;
  const dot = t.indexOf('.');
  const whole = dot < 0 ? t : t.slice(0, dot);
  if (whole === '' || whole === '+' || whole === '-') return 0;
  if (whole.length <= 16) {
    const v = Number(whole);
    if (bits === 32 && (v > 2147483647 || v < -2147483648)) return null;
    return v === 0 ? 0 : v;
  }
  const big = BigInt(whole);
  if (bits === 32 || big > LONG_MAX || big < LONG_MIN) return null;
  return Number(big);
}

const doublePattern = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const specialDoubles: Readonly<Record<string, number>> = {
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN,
};

/** A double as Java parses it (with Spark's extra spellings of infinity and NaN), or null. */
export function parseDouble(s: string): number | null {
  const t = trimControl(s);
  if (!doublePattern.test(t)) {
    const special = specialDoubles[t.toLowerCase()];
    return special === undefined ? null : special;
  }
  const last = t.charCodeAt(t.length - 1);
  // A trailing type suffix (f, F, d, D) is Java syntax; the letters of NaN/Infinity are not suffixes.
  const body = (last | 32) === 100 || (last | 32) === 102 ? t.slice(0, -1) : t;
  return Number(body.replace(/^\+/, ''));
}

const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number's value as `java.math.BigDecimal` reads it, or null. */
export function parseDecimalText(s: string): number | null {
  const t = trimControl(s);
  return decimalPattern.test(t) ? Number(t) : null;
}

const trueWords = new Set(['t', 'true', 'y', 'yes', '1']);
const falseWords = new Set(['f', 'false', 'n', 'no', '0']);

/** `'true'`, `'t'`, `'yes'`, `'y'`, `'1'` and their negatives (any case), or null. */
export function parseBoolean(s: string): boolean | null {
  const t = trimControl(s).toLowerCase();
  if (trueWords.has(t)) return true;
  if (falseWords.has(t)) return false;
  return null;
}
