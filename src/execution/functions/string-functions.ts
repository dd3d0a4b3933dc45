/**
 * String functions with Spark's semantics: positions and lengths count code points, `trim` removes spaces
 * only, `substring` accepts 0 and negative positions, pads and repeats with non-positive lengths give '',
 * `concat` is NULL when any argument is and `concat_ws` skips NULLs. Most loop over the string arrays directly;
 * constant arguments are simply read per row.
 */
import { StringType, type DataType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';
import { buildColumn, mapRows, reader, strings, unionNulls, type ValueData } from './column-kernels.js';
import { codePointIndex, codePointLength, codePoints, codePointSlice, hasSurrogates, unitIndex } from './code-points.js';
import type { ScalarImpl } from './scalar-impl.js';
import { formatJava } from './java-formatter.js';

/** f over one string column into a string column. */
function mapStrings(c: Column, n: number, f: (s: string) => string | null): Column {
  const src = strings(c);
  const out: ValueData<string> = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = src[i];
    out[i] = s === null || s === undefined ? null : f(s);
  }
  return makeColumn(StringType, out);
}

/** f over one string column into an INT or BOOLEAN column. */
function mapStringsToFixed(c: Column, n: number, type: DataType, f: (s: string) => number): Column {
  const src = strings(c);
  const out = allocFixed(type, n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const s = src[i];
    if (s === null || s === undefined) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = f(s);
  }
  return makeColumn(type, out, nulls);
}

/** Spark's `substringSQL`: 1-based `pos` (0 means 1, negative counts from the end), `len` code points. */
function substringSql(s: string, pos: number, len: number): string {
  const simple = !hasSurrogates(s);
  const n = simple ? s.length : codePointLength(s);
  let start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
  const end = start + len;
  if (start < 0) start = 0;
  if (start >= end || start >= n) return '';
  return codePointSlice(s, start, Math.min(end, n), simple);
}

const concat: ScalarImpl = (args, n, t) => {
  if (t.kind === 'array') {
    const readers = args.map(reader);
    return buildColumn(t, n, (i) => {
      const out: unknown[] = [];
      for (const r of readers) {
        const a = r(i) as unknown[] | null;
        if (a === null) return null;
        for (const x of a) out.push(x);
      }
      return out;
    });
  }
  if (args.length === 0) return makeColumn(StringType, new Array(n).fill(''));
  const datas = args.map(strings);
  const out: ValueData<string> = new Array(n);
  if (datas.length === 2) {
    const a = datas[0]!, b = datas[1]!;
    for (let i = 0; i < n; i++) {
      const x = a[i], y = b[i];
      out[i] = x === null || y === null || x === undefined || y === undefined ? null : x + y;
    }
    return makeColumn(StringType, out);
  }
  for (let i = 0; i < n; i++) {
    let acc = '';
    let isNull = false;
    for (let k = 0; k < datas.length; k++) {
      const x = datas[k]![i];
      if (x === null || x === undefined) { isNull = true; break; }
      acc += x;
    }
    out[i] = isNull ? null : acc;
  }
  return makeColumn(StringType, out);
};

const concatWs: ScalarImpl = (args, n) => {
  const sep = strings(args[0]!);
  const rest = args.slice(1).map((c) => ({ isArray: c.type.kind === 'array', data: c.data as unknown[] }));
  const out: ValueData<string> = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = sep[i];
    if (s === null || s === undefined) { out[i] = null; continue; }
    let acc = '', first = true;
    for (const r of rest) {
      const v = r.data[i];
      if (v === null || v === undefined) continue;
      if (r.isArray) {
        for (const e of v as (string | null)[]) {
          if (e === null) continue;
          acc += first ? e : s + e;
          first = false;
        }
      } else {
        acc += first ? (v as string) : s + (v as string);
        first = false;
      }
    }
    out[i] = acc;
  }
  return makeColumn(StringType, out);
};

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

const length: ScalarImpl = (args, n, t) => {
  const c = args[0]!;
  if (c.type.kind === 'binary') return mapRows(args, n, t, (i) => (c.data as Uint8Array[])[i]!.length);
  return mapStringsToFixed(c, n, t, codePointLength);
};

const octetLength = (scale: number): ScalarImpl => (args, n, t) => {
  const c = args[0]!;
  if (c.type.kind === 'binary') return mapRows(args, n, t, (i) => (c.data as Uint8Array[])[i]!.length * scale);
  return mapStringsToFixed(c, n, t, (s) => utf8Length(s) * scale);
};

const substring: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!);
  const pos = args[1]!.data as FixedData;
  const lens = args[2] ? (args[2].data as FixedData) : null;
  const mask = unionNulls(args.slice(1), n);
  const out: ValueData<string> = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = src[i];
    if (s === null || s === undefined || (mask !== null && mask[i] === 1)) { out[i] = null; continue; }
    out[i] = substringSql(s, pos[i]!, lens === null ? 2147483647 : lens[i]!);
  }
  return makeColumn(t, out);
};

const left: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), lens = args[1]!.data as FixedData;
  return mapRows(args, n, t, (i) => { const len = lens[i]!; return len <= 0 ? '' : substringSql(src[i]!, 1, len); });
};

const right: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), lens = args[1]!.data as FixedData;
  return mapRows(args, n, t, (i) => { const len = lens[i]!; return len <= 0 ? '' : substringSql(src[i]!, -len, 2147483647); });
};

/** Trims spaces (U+0020) only, as Spark's one-argument trim functions do. */
function trimSpaces(s: string, leading: boolean, trailing: boolean): string {
  let a = 0, b = s.length;
  if (leading) while (a < b && s.charCodeAt(a) === 32) a++;
  if (trailing) while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Trims any of the code points of `chars`. */
function trimChars(s: string, chars: string, leading: boolean, trailing: boolean): string {
  const set = new Set(codePoints(chars));
  const cps = codePoints(s);
  let a = 0, b = cps.length;
  if (leading) while (a < b && set.has(cps[a]!)) a++;
  if (trailing) while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/**
 * trim/ltrim/rtrim(str) or (trimStr, str) — Spark's two-argument order puts the characters first — and
 * btrim(str[, trimStr]).
 */
function trimming(leading: boolean, trailing: boolean, charsFirst: boolean): ScalarImpl {
  return (args, n, t) => {
    if (args.length === 1) return mapStrings(args[0]!, n, (s) => trimSpaces(s, leading, trailing));
    const chars = strings(args[charsFirst ? 0 : 1]!), src = strings(args[charsFirst ? 1 : 0]!);
    return mapRows(args, n, t, (i) => trimChars(src[i]!, chars[i]!, leading, trailing));
  };
}

const replace: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), search = strings(args[1]!);
  const reps = args[2] ? strings(args[2]) : null;
  return mapRows(args, n, t, (i) => {
    const s = src[i]!, from = search[i]!;
    if (from === '') return s;
    const to = reps === null ? '' : reps[i]!;
    return s.split(from).join(to);
  });
};

const instr: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), sub = strings(args[1]!);
  return mapRows(args, n, t, (i) => {
    const s = src[i]!;
    const j = s.indexOf(sub[i]!);
    return j < 0 ? 0 : (j === 0 || !hasSurrogates(s) ? j : codePointIndex(s, j)) + 1;
  });
};

/** locate(substr, str[, pos]): a NULL position gives 0, as in Spark (and Hive). */
const locate: ScalarImpl = (args, n, t) => {
  const sub = strings(args[0]!), src = strings(args[1]!);
  const posCol = args[2];
  const pos = posCol ? (posCol.data as FixedData) : null;
  const posNulls = posCol ? posCol.nulls : null;
  return mapRows(args.slice(0, 2), n, t, (i) => {
    if (posNulls !== null && posNulls[i] === 1) return 0;
    const start = pos === null ? 1 : pos[i]!;
    if (start < 1) return 0;
    const needle = sub[i]!, s = src[i]!;
    if (needle === '') return 1;
    const simple = !hasSurrogates(s);
    const j = s.indexOf(needle, simple ? start - 1 : unitIndex(s, start - 1));
    return j < 0 ? 0 : (simple ? j : codePointIndex(s, j)) + 1;
  });
};

/** lpad/rpad: to `len` code points, cutting the string when it is longer; an empty pad leaves it as is. */
function padding(leftSide: boolean): ScalarImpl {
  return (args, n, t) => {
    const src = strings(args[0]!), lens = args[1]!.data as FixedData;
    const pads = args[2] ? strings(args[2]) : null;
    return mapRows(args, n, t, (i) => {
      const s = src[i]!, len = lens[i]!, pad = pads === null ? ' ' : pads[i]!;
      if (len <= 0) return '';
      const simple = !hasSurrogates(s) && !hasSurrogates(pad);
      const have = simple ? s.length : codePointLength(s);
      if (have >= len || pad === '') return have > len ? codePointSlice(s, 0, len, simple) : s;
      const need = len - have;
      const padCps = simple ? null : codePoints(pad);
      const padLen = simple ? pad.length : padCps!.length;
      const full = pad.repeat(Math.floor(need / padLen));
      const part = simple ? pad.slice(0, need % padLen) : padCps!.slice(0, need % padLen).join('');
      return leftSide ? full + part + s : s + full + part;
    });
  };
}

const reverse: ScalarImpl = (args, n, t) => {
  if (t.kind === 'array') {
    const r = reader(args[0]!);
    return buildColumn(t, n, (i) => { const a = r(i) as unknown[] | null; return a === null ? null : a.slice().reverse(); });
  }
  return mapStrings(args[0]!, n, (s) => codePoints(s).reverse().join(''));
};

const MAX_STRING = 1 << 29;

const repeat: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), counts = args[1]!.data as FixedData;
  return mapRows(args, n, t, (i) => {
    const s = src[i]!, k = counts[i]!;
    if (k <= 0 || s === '') return '';
    return s.length * k > MAX_STRING ? null : s.repeat(k);
  });
};

/** Letters whose title case differs from their upper case (the Latin digraphs). */
const titleCase: Readonly<Record<string, string>> = {
  'ǆ': 'ǅ', 'Ǆ': 'ǅ', 'ǉ': 'ǈ', 'Ǉ': 'ǈ', 'ǌ': 'ǋ', 'Ǌ': 'ǋ', 'ǳ': 'ǲ', 'Ǳ': 'ǲ',
};

/** Lower-cases, then title-cases the first letter of each space-separated word. */
function initcap(s: string): string {
  const lower = s.toLowerCase();
  let out = '', atStart = true;
  for (const ch of lower) {
    out += atStart ? titleCase[ch] ?? ch.toUpperCase() : ch;
    atStart = ch === ' ';
  }
  return out;
}

const chr: ScalarImpl = (args, n, t) => {
  const src = args[0]!.data as FixedData;
  return mapRows(args, n, t, (i) => {
    const v = src[i]!;
    if (v < 0) return '';
    return String.fromCharCode(v % 256);
  });
};

function predicate(f: (s: string, x: string) => boolean): ScalarImpl {
  return (args, n, t) => {
    const a = strings(args[0]!), b = strings(args[1]!);
    return mapRows(args, n, t, (i) => f(a[i]!, b[i]!));
  };
}

/** translate: each code point of `from` maps to the one at the same position of `to`, or is deleted. */
const translate: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), froms = strings(args[1]!), tos = strings(args[2]!);
  let lastFrom: string | null = null, lastTo: string | null = null;
  let table = new Map<string, string>();
  return mapRows(args, n, t, (i) => {
    const from = froms[i]!, to = tos[i]!;
    if (from !== lastFrom || to !== lastTo) {
      table = new Map();
      const f = codePoints(from), tt = codePoints(to);
      for (let k = 0; k < f.length; k++) if (!table.has(f[k]!)) table.set(f[k]!, tt[k] ?? '');
      lastFrom = from; lastTo = to;
    }
    let out = '';
    for (const ch of src[i]!) { const m = table.get(ch); out += m === undefined ? ch : m; }
    return out;
  });
};

/** substring_index(str, delim, count): before the count-th delimiter from the left (count > 0) or after it from the right. */
const substringIndex: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), delims = strings(args[1]!), counts = args[2]!.data as FixedData;
  return mapRows(args, n, t, (i) => {
    const s = src[i]!, d = delims[i]!, k = counts[i]!;
    if (k === 0 || d === '') return '';
    if (k > 0) {
      let at = -1;
      for (let c = 0; c < k; c++) { at = s.indexOf(d, at + (c === 0 ? 1 : d.length)); if (at < 0) return s; }
      return s.slice(0, at);
    }
    let at = s.length;
    for (let c = 0; c < -k; c++) {
      if (at - d.length < 0) return s;
      at = s.lastIndexOf(d, at - d.length);
      if (at < 0) return s;
    }
    return s.slice(at + d.length);
  });
};

const formatString: ScalarImpl = (args, n, t) => {
  const fmts = strings(args[0]!);
  const readers = args.slice(1).map(reader), types = args.slice(1).map((c) => c.type);
  const values: unknown[] = new Array(readers.length);
  return buildColumn(t, n, (i) => {
    const f = fmts[i];
    if (f === null || f === undefined) return null;
    for (let k = 0; k < readers.length; k++) values[k] = readers[k]!(i);
    return formatJava(f, values, types);
  });
};

export const stringFunctions: Readonly<Record<string, ScalarImpl>> = {
  concat,
  concat_ws: concatWs,
  lower: (args, n) => mapStrings(args[0]!, n, (s) => s.toLowerCase()),
  upper: (args, n) => mapStrings(args[0]!, n, (s) => s.toUpperCase()),
  length,
  octet_length: octetLength(1),
  bit_length: octetLength(8),
  substring,
  left,
  right,
  trim: trimming(true, true, true),
  ltrim: trimming(true, false, true),
  rtrim: trimming(false, true, true),
  btrim: trimming(true, true, false),
  replace,
  instr,
  locate,
  lpad: padding(true),
  rpad: padding(false),
  reverse,
  repeat,
  initcap: (args, n) => mapStrings(args[0]!, n, initcap),
  ascii: (args, n, t) => mapStringsToFixed(args[0]!, n, t, (s) => (s === '' ? 0 : s.codePointAt(0)!)),
  chr,
  format_string: formatString,
  startswith: predicate((s, x) => s.startsWith(x)),
  endswith: predicate((s, x) => s.endsWith(x)),
  contains: predicate((s, x) => s.includes(x)),
  translate,
  substring_index: substringIndex,
};
