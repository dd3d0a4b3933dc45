/**
 * The JSON lines reader's fast path over the file's bytes: reads one line's record straight from the UTF-8 bytes
 * into a TypedRowAssembler row — numbers and timestamps parsed from the digits, strings kept as their bytes —
 * without decoding the file to text or building an object per line.
 *
 * Like json-line-scanner.ts (its counterpart over text), it reads the common shapes — a flat object whose values
 * are strings, numbers, booleans and nulls, nested values for columns that want them — and declines everything
 * else, after which the reader parses the line with `JSON.parse`. Declining is always safe, so the scanner only has
 * to be right on what it accepts: for those lines its values are exactly what `JSON.parse` + `fromJsonValue` give
 * (last duplicate key wins, keys matched by the reader's rules, integers exact, decimals correctly rounded), and
 * every value it skips (a key without a column) is checked against JSON's grammar, so it never accepts a line
 * `JSON.parse` would refuse.
 *
 * The bytes must be valid UTF-8 (the reader checks the whole file first). A line ends at `\n`; the scanner never
 * reads past one, since no JSON token may contain it.
 */
import type { DataType } from '../../types/data-type.js';
import { fromJsonValue } from '../../types/values.js';
import { parseTimestampBytes } from './timestamp-fast-path.js';
import type { TypedRowAssembler } from './typed-row-assembler.js';

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93;
const MINUS = 45, PLUS = 43, DOT = 46, ZERO = 48, NINE = 57, LOWER_E = 101, UPPER_E = 69, NEWLINE = 10;
const LOWER_N = 110, LOWER_T = 116, LOWER_F = 102, LOWER_U = 117;

/** Powers of ten that doubles hold exactly: dividing an exact mantissa by one of them rounds correctly. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** How many keys without a column the scanner learns to recognize by their bytes. */
const IGNORED_KEYS_LIMIT = 64;
const UNKNOWN_KEY = -1 - IGNORED_KEYS_LIMIT - 1;

/** Nesting deeper than this in a skipped value is left to JSON.parse. */
const MAX_SKIP_DEPTH = 64;

/** What the scanner reads a column's value as. */
const STRING = 0, DOUBLE = 1, INT = 2, BIGINT = 3, BOOLEAN = 4, TIMESTAMP = 5, OTHER = 6;

export class JsonBytesScanner {
  private readonly kinds: Uint8Array;
  /** Column names as UTF-8 bytes followed by `":`, compared in place with the keys of in-order records. */
  private readonly keyBytes: Uint8Array[];
  /** 1 where column i's own name resolves to column i and can be matched byte for byte (no quote, backslash or control character). */
  private readonly byteMatchable: Uint8Array;
  /**
   * Keys seen without a column, as UTF-8 bytes followed by `":` (up to IGNORED_KEYS_LIMIT of them), so that the
   * extra fields of a record are recognized without decoding their keys.
   */
  private readonly ignoredKeys: Uint8Array[] = [];
  /** The value of the last number read (the number reader's second result). */
  private num = 0;

  constructor(
    private readonly types: readonly DataType[],
    /** Column index of a key (the reader's case-insensitive rules), or -1 for a key without a column. */
    private readonly columnOf: (key: string) => number,
    names: readonly string[],
  ) {
    this.kinds = Uint8Array.from(types, kindOf);
    this.keyBytes = names.map((n) => Buffer.from(`${n}":`, 'utf8'));
    this.byteMatchable = Uint8Array.from(names, (n, i) => (columnOf(n) === i && !/["\\\u0000-\u001f]/.test(n) ? 1 : 0));
  }

  /**
   * Reads the record of the line that starts at `p` into `asm`'s current row (begun, not committed). Returns where
   * the next line starts (after the line's `\n`, or `buf.length` at the end) when it read the record, or -1 when it
   * declines the line; the row may then hold partial values and is to be set again from scratch.
   */
  scanLine(buf: Buffer, p: number, asm: TypedRowAssembler): number {
    const n = buf.length;
    p = skipWs(buf, p, n);
    if (p >= n || buf[p] !== LBRACE) return -1;
    p = skipWs(buf, p + 1, n);
    if (p < n && buf[p] === RBRACE) return afterLine(buf, p + 1, n);
    const { keyBytes, byteMatchable } = this;
    const columns = keyBytes.length;
    let guess = 0;
    for (;;) {
      if (p >= n || buf[p] !== QUOTE) return -1;
      const ks = p + 1;
      let idx: number;
      if (guess < columns && byteMatchable[guess] === 1 && startsWith(buf, ks, keyBytes[guess]!, n)) {
        // The expected key, its closing quote and the colon.
        idx = guess;
        p = skipWs(buf, ks + keyBytes[guess]!.length, n);
      } else {
        idx = this.knownKey(buf, ks, n);
        if (idx !== UNKNOWN_KEY) {
          p = skipWs(buf, ks + (idx >= 0 ? keyBytes[idx]! : this.ignoredKeys[-idx - 1]!).length, n);
          if (idx < 0) idx = -1;
        } else {
          let ke = ks;
          for (;;) {
            if (ke >= n) return -1;
            const c = buf[ke]!;
            if (c === QUOTE) break;
            if (c === BACKSLASH || c < 32) return -1;
            ke++;
          }
          const key = buf.toString('utf8', ks, ke);
          idx = this.columnOf(key);
          if (idx < 0 && this.ignoredKeys.length < IGNORED_KEYS_LIMIT) this.ignoredKeys.push(Buffer.from(`${key}":`, 'utf8'));
          p = skipWs(buf, ke + 1, n);
          if (p >= n || buf[p] !== COLON) return -1;
          p = skipWs(buf, p + 1, n);
        }
      }
      if (idx < 0) {
        p = this.skipValue(buf, p, n, 0);
      } else {
        p = this.readValue(buf, p, n, idx, asm);
        guess = idx + 1;
      }
      if (p < 0) return -1;
      p = skipWs(buf, p, n);
      if (p >= n) return -1;
      const c = buf[p];
      if (c === COMMA) { p = skipWs(buf, p + 1, n); continue; }
      if (c === RBRACE) return afterLine(buf, p + 1, n);
      return -1;
    }
  }

  /**
   * The key at ks when its bytes, closing quote and colon match a column's name (its index) or a key known to
   * have no column (-1 - its index in `ignoredKeys`); UNKNOWN_KEY otherwise.
   */
  private knownKey(buf: Buffer, ks: number, n: number): number {
    const { keyBytes, byteMatchable, ignoredKeys } = this;
    for (let c = 0; c < keyBytes.length; c++) if (byteMatchable[c] === 1 && startsWith(buf, ks, keyBytes[c]!, n)) return c;
    for (let k = 0; k < ignoredKeys.length; k++) if (startsWith(buf, ks, ignoredKeys[k]!, n)) return -1 - k;
    return UNKNOWN_KEY;
  }

  /** Sets column idx from the value at p; where the value ends, or -1 when the value is not one to read here. */
  private readValue(buf: Buffer, p: number, n: number, idx: number, asm: TypedRowAssembler): number {
    if (p >= n) return -1;
    const c = buf[p]!;
    if (c === LOWER_N) {
      if (buf[p + 1] !== LOWER_U || buf[p + 2] !== 108 || buf[p + 3] !== 108) return -1;
      asm.setValue(idx, null);
      return p + 4;
    }
    switch (this.kinds[idx]) {
      case STRING: {
        if (c !== QUOTE) return -1;
        for (let i = p + 1; i < n; i++) {
          const d = buf[i]!;
          if (d === QUOTE) {
            asm.setStringBytes(idx, buf, p + 1, i);
            return i + 1;
          }
          if (d === BACKSLASH) return this.readEscapedString(buf, p, n, idx, asm);
          if (d < 32) return -1;
        }
        return -1;
      }
      case TIMESTAMP: {
        if (c !== QUOTE) return -1;
        // The shortest timestamp the fast path reads has 19 characters, all of which it checks: look for the
        // closing quote after them.
        const close = plainStringEnd(buf, p + 19, n);
        if (close < 0) return -1;
        const v = parseTimestampBytes(buf, p + 1, close);
        if (v === undefined) return -1;
        asm.setNumber(idx, v);
        return close + 1;
      }
      case DOUBLE: {
        const end = this.readNumber(buf, p, n);
        if (end >= 0) asm.setNumber(idx, this.num);
        return end;
      }
      case BIGINT: {
        const end = this.readNumber(buf, p, n);
        if (end < 0 || !Number.isInteger(this.num)) return -1;
        asm.setNumber(idx, this.num);
        return end;
      }
      case INT: {
        const end = this.readNumber(buf, p, n);
        const v = this.num;
        if (end < 0 || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) return -1;
        asm.setInt(idx, v);
        return end;
      }
      case BOOLEAN:
        if (c === LOWER_T && buf[p + 1] === 114 && buf[p + 2] === LOWER_U && buf[p + 3] === 101) { asm.setBoolean(idx, true); return p + 4; }
        if (c === LOWER_F && buf[p + 1] === 97 && buf[p + 2] === 108 && buf[p + 3] === 115 && buf[p + 4] === 101) {
          asm.setBoolean(idx, false);
          return p + 5;
        }
        return -1;
      default: {
        const end = this.skipValue(buf, p, n, 0);
        if (end < 0) return -1;
        const v = fromJsonValue(JSON.parse(buf.toString('utf8', p, end)), this.types[idx]!);
        if (v === undefined) return -1;
        asm.setValue(idx, v);
        return end;
      }
    }
  }

  /** A string value with escapes, decoded by JSON.parse; where it ends, or -1 when it is not a valid string. */
  private readEscapedString(buf: Buffer, p: number, n: number, idx: number, asm: TypedRowAssembler): number {
    const end = skipString(buf, p, n);
    if (end < 0) return -1;
    asm.setValue(idx, JSON.parse(buf.toString('utf8', p, end)) as string);
    return end;
  }

  /**
   * A number by JSON's grammar, exactly as JSON.parse reads it, into `num`; where it ends, or -1 when the bytes are
   * not a JSON number. Integers of up to 15 digits and decimals with an exact mantissa are computed directly
   * (Clinger's fast path); anything longer goes through Number().
   */
  private readNumber(buf: Buffer, p: number, n: number): number {
    let i = p;
    const negative = buf[i] === MINUS;
    if (negative) i++;
    const intStart = i;
    let mantissa = 0;
    let digits = 0;
    let c = i < n ? buf[i]! : -1;
    if (c === ZERO) {
      i++;
      c = i < n ? buf[i]! : -1;
      if (c >= ZERO && c <= NINE) return -1;
    } else {
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        i++;
        c = i < n ? buf[i]! : -1;
      }
      if (i === intStart) return -1;
    }
    let fraction = 0;
    if (c === DOT) {
      i++;
      const fracStart = i;
      c = i < n ? buf[i]! : -1;
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        if (mantissa !== 0 || digits > 0) digits++;
        fraction++;
        i++;
        c = i < n ? buf[i]! : -1;
      }
      if (i === fracStart) return -1;
    }
    let hasExponent = false;
    if (c === LOWER_E || c === UPPER_E) {
      hasExponent = true;
      i++;
      c = i < n ? buf[i]! : -1;
      if (c === PLUS || c === MINUS) { i++; c = i < n ? buf[i]! : -1; }
      const expStart = i;
      while (c >= ZERO && c <= NINE) { i++; c = i < n ? buf[i]! : -1; }
      if (i === expStart) return -1;
    }
    if (hasExponent || digits > 15 || fraction > 22) {
      this.num = Number(buf.toString('latin1', p, i));
    } else {
      const v = fraction === 0 ? mantissa : mantissa / EXACT_POW10[fraction]!;
      this.num = negative ? -v : v;
    }
    return i;
  }

  /** Where the JSON value at p ends, checked against JSON's grammar; -1 when there is no valid value there. */
  private skipValue(buf: Buffer, p: number, n: number, depth: number): number {
    if (p >= n) return -1;
    const c = buf[p]!;
    switch (c) {
      case QUOTE: return skipString(buf, p, n);
      case LOWER_T: return buf[p + 1] === 114 && buf[p + 2] === LOWER_U && buf[p + 3] === 101 ? p + 4 : -1;
      case LOWER_F: return buf[p + 1] === 97 && buf[p + 2] === 108 && buf[p + 3] === 115 && buf[p + 4] === 101 ? p + 5 : -1;
      case LOWER_N: return buf[p + 1] === LOWER_U && buf[p + 2] === 108 && buf[p + 3] === 108 ? p + 4 : -1;
      case LBRACKET: case LBRACE: {
        if (depth >= MAX_SKIP_DEPTH) return -1;
        const object = c === LBRACE;
        const close = object ? RBRACE : RBRACKET;
        p = skipWs(buf, p + 1, n);
        if (p < n && buf[p] === close) return p + 1;
        for (;;) {
          if (object) {
            if (p >= n || buf[p] !== QUOTE) return -1;
            p = skipString(buf, p, n);
            if (p < 0) return -1;
            p = skipWs(buf, p, n);
            if (p >= n || buf[p] !== COLON) return -1;
            p = skipWs(buf, p + 1, n);
          }
          p = this.skipValue(buf, p, n, depth + 1);
          if (p < 0) return -1;
          p = skipWs(buf, p, n);
          if (p >= n) return -1;
          if (buf[p] === close) return p + 1;
          if (buf[p] !== COMMA) return -1;
          p = skipWs(buf, p + 1, n);
        }
      }
      default:
        return c === MINUS || (c >= ZERO && c <= NINE) ? this.readNumber(buf, p, n) : -1;
    }
  }
}

function kindOf(t: DataType): number {
  switch (t.kind) {
    case 'string': return STRING;
    case 'double': case 'decimal': return DOUBLE;
    case 'int': return INT;
    case 'bigint': return BIGINT;
    case 'boolean': return BOOLEAN;
    case 'timestamp': return TIMESTAMP;
    default: return OTHER;
  }
}

/** JSON whitespace within a line: space, tab, carriage return (a newline ends the line). */
function skipWs(buf: Buffer, p: number, n: number): number {
  while (p < n) {
    const c = buf[p];
    if (c !== 32 && c !== 9 && c !== 13) break;
    p++;
  }
  return p;
}

/** After a record's closing brace: where the next line starts, or -1 when the line goes on with something else. */
function afterLine(buf: Buffer, p: number, n: number): number {
  p = skipWs(buf, p, n);
  if (p >= n) return n;
  return buf[p] === NEWLINE ? p + 1 : -1;
}

/** Whether buf holds `bytes` at `at`. */
function startsWith(buf: Buffer, at: number, bytes: Uint8Array, n: number): boolean {
  const len = bytes.length;
  if (at + len > n) return false;
  for (let k = 0; k < len; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/**
 * Index of the first quote after p, the quote opening a string or a position inside one; -1 for any escape or
 * control character before it.
 */
function plainStringEnd(buf: Buffer, p: number, n: number): number {
  for (let i = p + 1; i < n; i++) {
    const c = buf[i]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 32) return -1;
  }
  return -1;
}

/** Where the JSON string starting at the quote at p ends (escapes checked against JSON's grammar); -1 if invalid. */
function skipString(buf: Buffer, p: number, n: number): number {
  for (let i = p + 1; i < n; i++) {
    const c = buf[i]!;
    if (c === QUOTE) return i + 1;
    if (c < 32) return -1;
    if (c === BACKSLASH) {
      const e = buf[++i];
      if (e === LOWER_U) {
        for (let k = 1; k <= 4; k++) if (!isHexDigit(buf[i + k])) return -1;
        i += 4;
      } else if (e !== QUOTE && e !== BACKSLASH && e !== 47 && e !== 98 && e !== LOWER_F && e !== LOWER_N && e !== 114 && e !== LOWER_T) {
        return -1;
      }
    }
  }
  return -1;
}

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));
}
