/**
 * Regex and pattern functions: LIKE/ILIKE, RLIKE, split, regexp_extract(_all), regexp_replace. Patterns arrive
 * as columns (usually constant); each row looks its pattern up in the compiled-pattern cache only when it
 * differs from the previous row's, so a constant pattern compiles once per call. An invalid pattern or a group
 * index out of range gives NULL where Spark would raise an error.
 */
import { BooleanType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';
import { strings, unionNulls, type ValueData } from './column-kernels.js';
import { codePoints, hasSurrogates, unitIndex } from './code-points.js';
import { compileJavaRegex, compileLike, javaReplacement, type LikeMatcher } from './regex-util.js';
import type { ScalarImpl } from './scalar-impl.js';

/** A BOOLEAN column from a per-row test that may be undecidable (null). */
function booleans(args: readonly Column[], n: number, test: (i: number) => boolean | null): Column {
  const out = allocFixed(BooleanType, n);
  let nulls = unionNulls(args, n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const r = test(i);
    if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = r ? 1 : 0;
  }
  return makeColumn(BooleanType, out, nulls);
}

/** like/ilike(str, pattern[, escape]); ILIKE lower-cases both sides, as Spark does. */
function likeImpl(caseInsensitive: boolean): ScalarImpl {
  return (args, n) => {
    const src = strings(args[0]!), pats = strings(args[1]!);
    const escapes = args[2] ? strings(args[2]) : null;
    let lastPattern: string | null = null, lastEscape: string | null = null;
    let matcher: LikeMatcher | null = null;
    return booleans(args, n, (i) => {
      const p = pats[i]!, esc = escapes === null ? '\\' : escapes[i]!;
      if (p !== lastPattern || esc !== lastEscape) {
        matcher = [...esc].length === 1 ? compileLike(caseInsensitive ? p.toLowerCase() : p, esc) : null;
        lastPattern = p;
        lastEscape = esc;
      }
      if (matcher === null) return null;
      return matcher(caseInsensitive ? src[i]!.toLowerCase() : src[i]!);
    });
  };
}

/** The regex of row i's pattern, compiled when it changes from the previous row's. */
function regexPerRow(pats: ValueData<string>, flags: string): (i: number) => RegExp | null {
  let last: string | null = null;
  let re: RegExp | null = null;
  return (i) => {
    const p = pats[i]!;
    if (p !== last) { re = compileJavaRegex(p, flags); last = p; }
    return re;
  };
}

const rlike: ScalarImpl = (args, n) => {
  const src = strings(args[0]!);
  const regex = regexPerRow(strings(args[1]!), '');
  return booleans(args, n, (i) => {
    const re = regex(i);
    return re === null ? null : re.test(src[i]!);
  });
};

/** A regex that is one literal character (`,` or `\|`): split can use String#split. */
function literalSeparator(pattern: string): string | null {
  if (pattern.length === 1 && !/[\\^$.|?*+()[\]{}]/.test(pattern)) return pattern;
  if (pattern.length === 2 && pattern[0] === '\\' && /[\\^$.|?*+()[\]{}\-/,:;]/.test(pattern[1]!)) return pattern[1]!;
  return null;
}

/**
 * Java's `String.split(regex, limit)` as Spark uses it: limit > 0 caps the pieces (the last keeps the rest),
 * otherwise all pieces, trailing empty ones included; a zero-width match at the start adds no empty piece; an
 * empty regex splits into code points; an empty string is one empty piece (`['']`, as Spark 4.3 answers).
 */
function splitOne(s: string, pattern: string, re: RegExp | null, limit: number): string[] | null {
  if (s === '') return [''];
  if (pattern === '') {
    const cps = codePoints(s);
    if (limit > 0 && cps.length > limit) return [...cps.slice(0, limit - 1), cps.slice(limit - 1).join('')];
    return cps;
  }
  const lit = limit <= 0 ? literalSeparator(pattern) : null;
  if (lit !== null) return s.split(lit);
  if (re === null) return null;
  const out: string[] = [];
  let start = 0;
  for (const m of s.matchAll(re)) {
    const at = m.index, len = m[0].length;
    if (len === 0 && (at === 0 || at >= s.length)) continue;
    if (limit > 0 && out.length === limit - 1) break;
    out.push(s.slice(start, at));
    start = at + len;
  }
  out.push(s.slice(start));
  return out;
}

const split: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), pats = strings(args[1]!);
  const limits = args[2] ? (args[2].data as FixedData) : null;
  const regex = regexPerRow(pats, 'g');
  const mask = unionNulls(args, n);
  const out: (string[] | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (mask !== null && mask[i] === 1) { out[i] = null; continue; }
    const p = pats[i]!;
    out[i] = splitOne(src[i]!, p, p === '' ? null : regex(i), limits === null ? -1 : limits[i]!);
  }
  return makeColumn(t, out);
};

/** regexp_extract(str, regex[, idx = 1]): the group of the first match, '' when there is none. */
const regexpExtract: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!);
  const regex = regexPerRow(strings(args[1]!), '');
  const idx = args[2] ? (args[2].data as FixedData) : null;
  const mask = unionNulls(args, n);
  const out: ValueData<string> = new Array(n);
  for (let i = 0; i < n; i++) {
    const re = mask !== null && mask[i] === 1 ? null : regex(i);
    if (re === null) { out[i] = null; continue; }
    const g = idx === null ? 1 : idx[i]!;
    const m = re.exec(src[i]!);
    if (m === null) { out[i] = g < 0 || g >= groupCount(re) ? null : ''; continue; }
    out[i] = g < 0 || g >= m.length ? null : m[g] ?? '';
  }
  return makeColumn(t, out);
};

const groupCounts = new WeakMap<RegExp, number>();

/** Number of entries in a match of `re` (groups + 1). */
function groupCount(re: RegExp): number {
  let c = groupCounts.get(re);
  if (c === undefined) {
    c = new RegExp(re.source + '|', re.flags.replace('g', '')).exec('')!.length;
    groupCounts.set(re, c);
  }
  return c;
}

const regexpExtractAll: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!);
  const regex = regexPerRow(strings(args[1]!), 'g');
  const idx = args[2] ? (args[2].data as FixedData) : null;
  const mask = unionNulls(args, n);
  const out: (string[] | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const re = mask !== null && mask[i] === 1 ? null : regex(i);
    const g = idx === null ? 1 : idx[i]!;
    if (re === null || g < 0 || g >= groupCount(re)) { out[i] = null; continue; }
    const found: string[] = [];
    for (const m of src[i]!.matchAll(re)) found.push(m[g] ?? '');
    out[i] = found;
  }
  return makeColumn(t, out);
};

/** regexp_replace(str, regex, replacement[, position]): every match from `position` (1-based) on. */
const regexpReplace: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), reps = strings(args[2]!);
  const regex = regexPerRow(strings(args[1]!), 'g');
  const positions = args[3] ? (args[3].data as FixedData) : null;
  const mask = unionNulls(args, n);
  const out: ValueData<string> = new Array(n);
  let lastRep: string | null = null, jsRep = '';
  for (let i = 0; i < n; i++) {
    const re = mask !== null && mask[i] === 1 ? null : regex(i);
    const pos = positions === null ? 1 : positions[i]!;
    if (re === null || pos < 1) { out[i] = null; continue; }
    const rep = reps[i]!;
    if (rep !== lastRep) { jsRep = javaReplacement(rep); lastRep = rep; }
    const s = src[i]!;
    if (pos === 1) { out[i] = s.replace(re, jsRep); continue; }
    const at = hasSurrogates(s) ? unitIndex(s, pos - 1) : pos - 1;
    out[i] = at >= s.length ? s : s.slice(0, at) + s.slice(at).replace(re, jsRep);
  }
  return makeColumn(t, out);
};

export const regexFunctions: Readonly<Record<string, ScalarImpl>> = {
  like: likeImpl(false),
  ilike: likeImpl(true),
  rlike,
  split,
  regexp_extract: regexpExtract,
  regexp_extract_all: regexpExtractAll,
  regexp_replace: regexpReplace,
};
