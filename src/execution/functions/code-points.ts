/**
 * Spark counts string positions and lengths in Unicode code points (its strings are UTF-8), JavaScript in
 * UTF-16 units. These helpers convert, with a fast path for the common case of strings without surrogate
 * pairs, where the two agree.
 */

const surrogate = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return surrogate.test(s);
}

function isPairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Number of code points. */
export function codePointLength(s: string): number {
  if (!surrogate.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) if (isPairAt(s, i)) i++;
  return n;
}

/** UTF-16 index of code point `cp` (clamped to the string's end). */
export function unitIndex(s: string, cp: number): number {
  let i = 0;
  for (let k = 0; k < cp && i < s.length; k++) i += isPairAt(s, i) ? 2 : 1;
  return i;
}

/** Code-point index of UTF-16 index `unit`. */
export function codePointIndex(s: string, unit: number): number {
  let n = 0;
  for (let i = 0; i < unit; i++, n++) if (isPairAt(s, i)) i++;
  return n;
}

/** Code points [start, end) of s; `simple` says s has no surrogates (then it is a plain slice). */
export function codePointSlice(s: string, start: number, end: number, simple: boolean): string {
  if (simple) return s.slice(start, end);
  const a = unitIndex(s, start);
  return s.slice(a, a + unitIndex(s.slice(a), end - start));
}

/** The code points of s as strings. */
export function codePoints(s: string): string[] {
  return surrogate.test(s) ? Array.from(s) : s.split('');
}
