/**
 * The JSON reader's fast path: reads one JSON-lines record straight from the file's text into the row's values,
 * without building an object per line. It handles the common shapes — a flat object whose values are strings,
 * numbers, booleans and nulls, nested values for columns that want them — and declines everything else by
 * returning false, after which the reader parses the line with `JSON.parse` as usual. Declining is always safe:
 * the slow path decides what a line means. So the scanner only has to be right on what it accepts: for those lines
 * its values are exactly what `JSON.parse` + `fromJsonValue` give (last duplicate key wins, keys matched by the
 * reader's rules, integers exact, decimals correctly rounded).
 */
import type { DataType } from '../../types/data-type.js';
import { fromJsonValue } from '../../types/values.js';
import { parseTimestampFastAt } from './timestamp-fast-path.js';

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93;
const MINUS = 45, PLUS = 43, DOT = 46, ZERO = 48, NINE = 57, LOWER_E = 101, UPPER_E = 69;

/** Powers of ten that doubles hold exactly: dividing an exact mantissa by one of them rounds correctly. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

type Kind = 'string' | 'number' | 'int' | 'bigint' | 'boolean' | 'timestamp' | 'other';

export class JsonLineScanner {
  private readonly kinds: Kind[];
  /** Whether column i's own name resolves to column i (not to another column, nor to none). */
  private readonly ownName: boolean[];
  /** Where the last scanned value ended (the scanning functions' second result). */
  private end = 0;

  constructor(
    private readonly types: readonly DataType[],
    /** Column index of a key (the reader's case-insensitive rules), or -1 for a key without a column. */
    private readonly columnOf: (key: string) => number,
    private readonly names: readonly string[],
  ) {
    this.kinds = types.map(kindOf);
    this.ownName = names.map((n, i) => columnOf(n) === i);
  }

  /**
   * Fills `values` (already cleared to null) from the object in text[from, to). False when the line is not one
   * the fast path reads; `values` may then hold partial results and must be cleared again.
   */
  scan(text: string, from: number, to: number, values: unknown[]): boolean {
    let p = skipWs(text, from, to);
    if (p >= to || text.charCodeAt(p) !== LBRACE) return false;
    p = skipWs(text, p + 1, to);
    if (p < to && text.charCodeAt(p) === RBRACE) return skipWs(text, p + 1, to) === to;
    let guess = 0;
    for (;;) {
      if (p >= to || text.charCodeAt(p) !== QUOTE) return false;
      // The key: usually the next column's name, compared in place; otherwise looked up.
      const ks = p + 1;
      let ke = ks;
      while (ke < to) {
        const c = text.charCodeAt(ke);
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 32) return false;
        ke++;
      }
      if (ke >= to) return false;
      let idx: number;
      const expected = guess < this.names.length ? this.names[guess]! : undefined;
      if (expected !== undefined && expected.length === ke - ks && text.startsWith(expected, ks) && this.ownName[guess]) {
        idx = guess;
      } else {
        idx = this.columnOf(text.slice(ks, ke));
      }
      p = skipWs(text, ke + 1, to);
      if (p >= to || text.charCodeAt(p) !== COLON) return false;
      p = skipWs(text, p + 1, to);
      if (p >= to) return false;
      if (idx < 0) {
        if (!this.skipValue(text, p, to)) return false;
      } else {
        if (!this.readValue(text, p, to, idx, values)) return false;
        guess = idx + 1;
      }
      p = skipWs(text, this.end, to);
      if (p >= to) return false;
      const c = text.charCodeAt(p);
      if (c === COMMA) { p = skipWs(text, p + 1, to); continue; }
      if (c === RBRACE) return skipWs(text, p + 1, to) === to;
      return false;
    }
  }

  private readValue(text: string, p: number, to: number, idx: number, values: unknown[]): boolean {
    const c = text.charCodeAt(p);
    if (c === 110) { // null
      if (!text.startsWith('null', p)) return false;
      values[idx] = null;
      this.end = p + 4;
      return true;
    }
    switch (this.kinds[idx]!) {
      case 'string': {
        if (c !== QUOTE) return false;
        const s = this.readString(text, p, to);
        if (s === undefined) return false;
        values[idx] = s;
        return true;
      }
      case 'timestamp': {
        if (c !== QUOTE) return false;
        const close = this.closingQuote(text, p, to);
        if (close < 0) return false;
        const v = parseTimestampFastAt(text, p + 1, close);
        if (v === undefined) return false;
        values[idx] = v;
        this.end = close + 1;
        return true;
      }
      case 'number': case 'int': case 'bigint': {
        const v = this.readNumber(text, p, to);
        if (v === undefined) return false;
        const kind = this.kinds[idx];
        if (kind !== 'number' && (!Number.isInteger(v) || (kind === 'int' && (v < -2147483648 || v > 2147483647)))) return false;
        values[idx] = v;
        return true;
      }
      case 'boolean':
        if (text.startsWith('true', p)) { values[idx] = true; this.end = p + 4; return true; }
        if (text.startsWith('false', p)) { values[idx] = false; this.end = p + 5; return true; }
        return false;
      case 'other': {
        const start = p;
        if (!this.skipValue(text, p, to)) return false;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text.slice(start, this.end));
        } catch {
          return false;
        }
        const v = fromJsonValue(parsed, this.types[idx]!);
        if (v === undefined) return false;
        values[idx] = v;
        return true;
      }
    }
  }

  /** A string value starting at the quote at p; undefined when it is not a valid JSON string. */
  private readString(text: string, p: number, to: number): string | undefined {
    let i = p + 1;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.end = i + 1;
        return text.slice(p + 1, i);
      }
      if (c === BACKSLASH) {
        // Escapes are rarer: let JSON.parse decode this one string.
        const close = this.closingQuote(text, p, to);
        if (close < 0) return undefined;
        try {
          const s = JSON.parse(text.slice(p, close + 1)) as string;
          this.end = close + 1;
          return s;
        } catch {
          return undefined;
        }
      }
      if (c < 32) return undefined;
      i++;
    }
    return undefined;
  }

  /** Index of the quote closing the string that starts at p, honouring escapes; -1 if none. */
  private closingQuote(text: string, p: number, to: number): number {
    for (let i = p + 1; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) return i;
      if (c === BACKSLASH) i++;
      else if (c < 32) return -1;
    }
    return -1;
  }

  /**
   * A number by JSON's grammar, exactly as JSON.parse reads it; undefined when the text is not a JSON number.
   * Integers of up to 15 digits and decimals with an exact mantissa are computed directly (Clinger's fast path);
   * anything longer goes through Number().
   */
  private readNumber(text: string, p: number, to: number): number | undefined {
    let i = p;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    const intStart = i;
    let mantissa = 0;
    let digits = 0;
    let c = i < to ? text.charCodeAt(i) : -1;
    if (c === ZERO) {
      i++;
      c = i < to ? text.charCodeAt(i) : -1;
      if (c >= ZERO && c <= NINE) return undefined;
    } else {
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        i++;
        c = i < to ? text.charCodeAt(i) : -1;
      }
      if (i === intStart) return undefined;
    }
    let fraction = 0;
    if (c === DOT) {
      i++;
      const fracStart = i;
      c = i < to ? text.charCodeAt(i) : -1;
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        if (mantissa !== 0 || digits > 0) digits++;
        fraction++;
        i++;
        c = i < to ? text.charCodeAt(i) : -1;
      }
      if (i === fracStart) return undefined;
    }
    let hasExponent = false;
    if (c === LOWER_E || c === UPPER_E) {
      hasExponent = true;
      i++;
      c = i < to ? text.charCodeAt(i) : -1;
      if (c === PLUS || c === MINUS) { i++; c = i < to ? text.charCodeAt(i) : -1; }
      const expStart = i;
      while (c >= ZERO && c <= NINE) { i++; c = i < to ? text.charCodeAt(i) : -1; }
      if (i === expStart) return undefined;
    }
    this.end = i;
    if (hasExponent || digits > 15 || fraction > 22) return Number(text.slice(p, i));
    const v = fraction === 0 ? mantissa : mantissa / EXACT_POW10[fraction]!;
    return negative ? -v : v;
  }

  /**
   * Moves `end` past the JSON value at p, checked against JSON's grammar (so a line with a malformed value under a
   * key without a column is left to JSON.parse, which refuses it); false when there is no valid value there.
   */
  private skipValue(text: string, p: number, to: number, depth = 0): boolean {
    if (p >= to) return false;
    const c = text.charCodeAt(p);
    if (c === QUOTE) {
      const end = validStringEnd(text, p, to);
      if (end < 0) return false;
      this.end = end;
      return true;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (depth >= MAX_SKIP_DEPTH) return false;
      const object = c === LBRACE;
      const close = object ? RBRACE : RBRACKET;
      p = skipWs(text, p + 1, to);
      if (p < to && text.charCodeAt(p) === close) { this.end = p + 1; return true; }
      for (;;) {
        if (object) {
          if (p >= to || text.charCodeAt(p) !== QUOTE) return false;
          p = validStringEnd(text, p, to);
          if (p < 0) return false;
          p = skipWs(text, p, to);
          if (p >= to || text.charCodeAt(p) !== COLON) return false;
          p = skipWs(text, p + 1, to);
        }
        if (!this.skipValue(text, p, to, depth + 1)) return false;
        p = skipWs(text, this.end, to);
        if (p >= to) return false;
        const d = text.charCodeAt(p);
        if (d === close) { this.end = p + 1; return true; }
        if (d !== COMMA) return false;
        p = skipWs(text, p + 1, to);
      }
    }
    for (const literal of LITERALS) {
      if (text.startsWith(literal, p)) { this.end = p + literal.length; return true; }
    }
    return (c === MINUS || (c >= ZERO && c <= NINE)) && this.readNumber(text, p, to) !== undefined;
  }
}

const LITERALS = ['true', 'false', 'null'] as const;

/** Nesting deeper than this in a skipped value is left to JSON.parse. */
const MAX_SKIP_DEPTH = 64;

/** Where the JSON string starting at the quote at p ends (escapes checked against JSON's grammar); -1 if invalid. */
function validStringEnd(text: string, p: number, to: number): number {
  for (let i = p + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 32) return -1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(++i);
      if (e === 117) {
        if (i + 4 >= to || !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return -1;
        i += 4;
      } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) {
        return -1;
      }
    }
  }
  return -1;
}

function kindOf(t: DataType): Kind {
  switch (t.kind) {
    case 'string': return 'string';
    case 'double': case 'decimal': return 'number';
    case 'int': return 'int';
    case 'bigint': return 'bigint';
    case 'boolean': return 'boolean';
    case 'timestamp': return 'timestamp';
    default: return 'other';
  }
}

function skipWs(text: string, p: number, to: number): number {
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    p++;
  }
  return p;
}
