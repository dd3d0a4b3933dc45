/**
 * Patterns for the regex and LIKE functions. Spark's regexes are Java's; they are translated to JavaScript
 * RegExps (leading inline flags such as `(?i)`, `\Q…\E` quoting, `\A`, `\z`, `\Z`), and what JavaScript cannot
 * express (possessive quantifiers, atomic groups) makes the pattern invalid, which the functions turn into NULL.
 * Compiled patterns are cached by text, so a constant pattern column compiles once.
 *
 * LIKE follows Spark: `_` is one character, `%` any run (newlines included), the escape character (default
 * `\`) makes the next `_`, `%` or escape character literal, and an escape before anything else — or at the
 * end — is an invalid pattern. Common shapes (`abc`, `abc%`, `%abc`, `%abc%`) skip regexes altogether.
 */

const regexCache = new Map<string, RegExp | null>();
const CACHE_LIMIT = 4096;

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Java regex syntax → JS source and flags, or null when it has no JS equivalent. */
function translateJava(pattern: string, baseFlags: string): { source: string; flags: string } | null {
  let flags = baseFlags;
  let p = pattern;
  const inline = /^\(\?([imsux]+)\)/.exec(p);
  if (inline) {
    for (const f of inline[1]!) {
      if (f === 'x' || f === 'u') return null;
      if (!flags.includes(f)) flags += f;
    }
    p = p.slice(inline[0].length);
  }
  if (/[*+?}]\+|\(\?>/.test(p.replace(/\\./g, ''))) return null;
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch !== '\\' || i + 1 >= p.length) { out += ch; continue; }
    const next = p[i + 1]!;
    if (next === 'Q') {
      const end = p.indexOf('\\E', i + 2);
      const quoted = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
      out += escapeRegex(quoted);
      i = end < 0 ? p.length : end + 1;
    } else if (next === 'A') { out += '^'; i++; }
    else if (next === 'z') { out += '$(?![\\s\\S])'; i++; }
    else if (next === 'Z') { out += '(?=\\n?$(?![\\s\\S]))'; i++; }
    else { out += ch + next; i++; }
  }
  return { source: out, flags };
}

/**
 * A compiled Java regex (`extraFlags` such as `g`), or null when the pattern is invalid. The returned RegExp is
 * shared: callers using `g` must reset `lastIndex` or use methods that do.
 */
export function compileJavaRegex(pattern: string, extraFlags = ''): RegExp | null {
  const key = extraFlags + '\u0000' + pattern;
  let re = regexCache.get(key);
  if (re !== undefined) return re;
  re = null;
  const t = translateJava(pattern, extraFlags);
  if (t !== null) {
    try {
      re = new RegExp(t.source, t.flags + 'u');
    } catch {
      try {
        re = new RegExp(t.source, t.flags);
      } catch {
        re = null;
      }
    }
  }
  if (regexCache.size >= CACHE_LIMIT) regexCache.clear();
  regexCache.set(key, re);
  return re;
}

/** A Java replacement string (`$1`, `${name}`, `\$`) as a JavaScript one (`$1`, `$<name>`, `$$`). */
export function javaReplacement(rep: string): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const ch = rep[i]!;
    if (ch === '\\' && i + 1 < rep.length) {
      const lit = rep[++i]!;
      out += lit === '$' ? '$$' : lit;
    } else if (ch === '$' && rep[i + 1] === '{') {
      const end = rep.indexOf('}', i);
      if (end < 0) return out + '$$' + rep.slice(i + 1);
      out += '$<' + rep.slice(i + 2, end) + '>';
      i = end;
    } else if (ch === '$' && !/[0-9]/.test(rep[i + 1] ?? '')) {
      out += '$$';
    } else {
      out += ch;
    }
  }
  return out;
}

/** A LIKE pattern compiled to a predicate, or null when the pattern is invalid. */
export type LikeMatcher = (s: string) => boolean;

const likeCache = new Map<string, LikeMatcher | null>();

/** Splits a LIKE pattern into literal runs and wildcards; null when an escape is misplaced. */
/** LIKE wildcards as symbols, so an escaped `%` or `_` (a literal) can never be mistaken for one. */
const ANY = Symbol('%');
const ONE = Symbol('_');
type LikePart = string | typeof ANY | typeof ONE;

function parseLike(pattern: string, escape: string): LikePart[] | null {
  const parts: LikePart[] = [];
  let lit = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === escape) {
      const next = pattern[i + 1];
      if (next === undefined || (next !== '_' && next !== '%' && next !== escape)) return null;
      lit += next;
      i++;
    } else if (ch === '%' || ch === '_') {
      if (lit !== '') { parts.push(lit); lit = ''; }
      parts.push(ch === '%' ? ANY : ONE);
    } else {
      lit += ch;
    }
  }
  if (lit !== '') parts.push(lit);
  return parts;
}

function buildLike(parts: readonly LikePart[]): LikeMatcher {
  if (!parts.includes(ONE)) {
    // Only literals and %: match the literal runs in order with plain string search.
    const lits: string[] = [];
    let cur = '';
    for (const p of parts) {
      if (p === ANY) { lits.push(cur); cur = ''; } else cur += p as string;
    }
    lits.push(cur);
    if (lits.length === 1) { const only = lits[0]!; return (s) => s === only; }
    const first = lits[0]!, last = lits[lits.length - 1]!;
    const middle = lits.slice(1, -1).filter((l) => l !== '');
    if (middle.length === 0) {
      if (first === '' && last === '') return () => true;
      if (last === '') return (s) => s.startsWith(first);
      if (first === '') return (s) => s.endsWith(last);
      return (s) => s.length >= first.length + last.length && s.startsWith(first) && s.endsWith(last);
    }
    if (first === '' && last === '' && middle.length === 1) { const m = middle[0]!; return (s) => s.includes(m); }
    return (s) => {
      if (!s.startsWith(first)) return false;
      let at = first.length;
      for (const m of middle) {
        const j = s.indexOf(m, at);
        if (j < 0) return false;
        at = j + m.length;
      }
      return s.length - last.length >= at && s.endsWith(last);
    };
  }
  let source = '^';
  for (const p of parts) source += p === ANY ? '[\\s\\S]*' : p === ONE ? '[\\s\\S]' : escapeRegex(p);
  const re = new RegExp(source + '$', 'u');
  return (s) => re.test(s);
}

/** The matcher for `pattern` with escape character `escape`, cached; null when the pattern is invalid. */
export function compileLike(pattern: string, escape = '\\'): LikeMatcher | null {
  const key = escape + '\u0000' + pattern;
  let m = likeCache.get(key);
  if (m !== undefined) return m;
  const parts = parseLike(pattern, escape);
  m = parts === null ? null : buildLike(parts);
  if (likeCache.size >= CACHE_LIMIT) likeCache.clear();
  likeCache.set(key, m);
  return m;
}
