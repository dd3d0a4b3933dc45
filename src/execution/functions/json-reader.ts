/**
 * A small JSON reader with the leniencies Spark enables in Jackson: single-quoted strings, and the
 * non-numeric numbers `NaN`, `Infinity`, `+Infinity`, `-Infinity`, `INF`, `+INF`, `-INF`. Leading zeros,
 * trailing commas and comments are errors. Reading stops after the first value, so trailing text is ignored
 * (as Spark does). Numbers keep their text, so integers of any size survive and `1.0` stays distinguishable
 * from `1`; a number re-serializes as its integer digits or, for a fraction or exponent, as Java prints the
 * double (`1.50` → `1.5`, `1e2` → `100.0`).
 */
import { javaDoubleString } from './value-format.js';

/** A syntax error; one shared instance, since callers only need to know that reading failed. */
const JSON_SYNTAX_ERROR = new Error('malformed JSON');

export class JsonNumber {
  constructor(readonly text: string, readonly integral: boolean) {}
  get value(): number {
    const t = this.text;
    if (t === 'NaN') return NaN;
    if (/^[+-]?(?:Infinity|INF)$/.test(t)) return t[0] === '-' ? -Infinity : Infinity;
    return Number(t);
  }
}

/** A parsed JSON value: objects are Maps (insertion order kept, a repeated key keeps its last value). */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'true' | 'false' | 'null';

const nonNumeric = /^(?:NaN|[+-]?Infinity|[+-]?INF)/;
const numberPattern = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export class JsonCursor {
  pos = 0;
  constructor(readonly s: string) {}

  skipWs(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.pos++;
    }
  }

  atEnd(): boolean {
    this.skipWs();
    return this.pos >= this.s.length;
  }

  /** The kind of the next value, without consuming it. */
  kind(): JsonKind {
    this.skipWs();
    const c = this.s[this.pos];
    switch (c) {
      case '{': return 'object';
      case '[': return 'array';
      case '"': case "'": return 'string';
      case 't': if (this.s.startsWith('true', this.pos)) return 'true'; break;
      case 'f': if (this.s.startsWith('false', this.pos)) return 'false'; break;
      case 'n': if (this.s.startsWith('null', this.pos)) return 'null'; break;
      default:
        if (c !== undefined && (c === '-' || c === '+' || (c >= '0' && c <= '9') || c === 'N' || c === 'I')) return 'number';
    }
    throw JSON_SYNTAX_ERROR;
  }

  expect(ch: string): void {
    this.skipWs();
    if (this.s[this.pos] !== ch) throw JSON_SYNTAX_ERROR;
    this.pos++;
  }

  /** Consumes `ch` if it is next. */
  eat(ch: string): boolean {
    this.skipWs();
    if (this.s[this.pos] === ch) { this.pos++; return true; }
    return false;
  }

  literal(word: string): void {
    this.skipWs();
    if (!this.s.startsWith(word, this.pos)) throw JSON_SYNTAX_ERROR;
    this.pos += word.length;
  }

  string(): string {
    this.skipWs();
    const s = this.s;
    const quote = s[this.pos];
    if (quote !== '"' && quote !== "'") throw JSON_SYNTAX_ERROR;
    let i = this.pos + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= s.length) throw JSON_SYNTAX_ERROR;
      const c = s.charCodeAt(i);
      if (c === quote.charCodeAt(0)) break;
      if (c < 32) throw JSON_SYNTAX_ERROR;
      if (c === 92) {
        out += s.slice(runStart, i);
        const e = s[i + 1];
        switch (e) {
          case '"': case '\\': case '/': case "'": out += e; i += 2; break;
          case 'b': out += '\b'; i += 2; break;
          case 'f': out += '\f'; i += 2; break;
          case 'n': out += '\n'; i += 2; break;
          case 'r': out += '\r'; i += 2; break;
          case 't': out += '\t'; i += 2; break;
          case 'u': {
            const hex = s.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw JSON_SYNTAX_ERROR;
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            break;
          }
          default: throw JSON_SYNTAX_ERROR;
        }
        runStart = i;
        continue;
      }
      i++;
    }
    out += s.slice(runStart, i);
    this.pos = i + 1;
    return out;
  }

  number(): JsonNumber {
    this.skipWs();
    const special = nonNumeric.exec(this.s.slice(this.pos, this.pos + 9));
    if (special) {
      this.pos += special[0].length;
      return new JsonNumber(special[0].replace('INF', 'Infinity'), false);
    }
    numberPattern.lastIndex = this.pos;
    const m = numberPattern.exec(this.s);
    if (!m) throw JSON_SYNTAX_ERROR;
    this.pos += m[0].length;
    const next = this.s.charCodeAt(this.pos);
    if (next >= 48 && next <= 57) throw JSON_SYNTAX_ERROR; // a leading zero followed by digits
    return new JsonNumber(m[0], m[1] === undefined && m[2] === undefined);
  }

  /** Reads any value into a tree. */
  value(): JsonValue {
    switch (this.kind()) {
      case 'object': {
        this.pos++;
        const out = new Map<string, JsonValue>();
        if (this.eat('}')) return out;
        do {
          const k = this.string();
          this.expect(':');
          out.set(k, this.value());
        } while (this.eat(','));
        this.expect('}');
        return out;
      }
      case 'array': {
        this.pos++;
        const out: JsonValue[] = [];
        if (this.eat(']')) return out;
        do out.push(this.value()); while (this.eat(','));
        this.expect(']');
        return out;
      }
      case 'string': return this.string();
      case 'number': return this.number();
      case 'true': this.pos += 4; return true;
      case 'false': this.pos += 5; return false;
      case 'null': this.pos += 4; return null;
    }
  }
}

/** Compact JSON text of a tree, numbers normalised as Jackson re-serializes them. */
export function writeJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) {
    if (v.integral) return v.text;
    const d = v.value;
    return Number.isFinite(d) ? javaDoubleString(d) : JSON.stringify(javaDoubleString(d));
  }
  if (Array.isArray(v)) return '[' + v.map(writeJson).join(',') + ']';
  let out = '{', first = true;
  for (const [k, x] of v) {
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + writeJson(x);
    first = false;
  }
  return out + '}';
}
