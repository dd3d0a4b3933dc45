/**
 * `format_string`/`printf`: a printf-style formatter following `java.util.Formatter`, which Spark uses.
 * Supported: `%[index$][flags][width][.precision]conversion` with conversions `s S b B c d o x X e E f g G %
 * n` and flags `- 0 + space , (`. A conversion that does not fit its argument (`%d` of a string) or an unknown
 * one makes the whole result NULL, where Java would throw. As in Spark, `%s` of a DATE or TIMESTAMP prints its
 * internal number (days or microseconds since the epoch).
 */
import type { DataType } from '../../types/data-type.js';
import { roundDecimal } from './decimal-math.js';
import { valuePrinter } from './value-format.js';

const spec = /%(?:(\d+)\$)?([-#+ 0,(<]*)?(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;

function group3(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Applies sign flags, grouping and zero padding to a magnitude's text. */
function finishNumber(negative: boolean, body: string, flags: string, width: number): string {
  let sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  let suffix = '';
  if (negative && flags.includes('(')) { sign = '('; suffix = ')'; }
  if (flags.includes(',')) {
    const dot = body.indexOf('.');
    body = dot < 0 ? group3(body) : group3(body.slice(0, dot)) + body.slice(dot);
  }
  if (flags.includes('0') && !flags.includes('-')) {
    const padLen = width - sign.length - suffix.length - body.length;
    if (padLen > 0) body = '0'.repeat(padLen) + body;
  }
  return sign + body + suffix;
}

function pad(text: string, flags: string, width: number): string {
  if (text.length >= width) return text;
  const fill = ' '.repeat(width - text.length);
  return flags.includes('-') ? text + fill : fill + text;
}

function fixed(abs: number, precision: number): string {
  return roundDecimal(abs, precision, 'halfUp').toFixed(precision);
}

function scientific(abs: number, precision: number, upper: boolean): string {
  const [m, e] = abs.toExponential(precision).split('e') as [string, string];
  const exp = Number(e);
  const text = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

function formatOne(conv: string, flags: string, width: number, precision: number | undefined, v: unknown, t: DataType): string | null {
  const lower = conv.toLowerCase();
  const upper = conv !== lower;
  let text: string;
  switch (lower) {
    case 's':
      // Spark hands dates and timestamps to the formatter as their internal numbers (days, microseconds).
      text = v === null ? 'null' : t.kind === 'date' || t.kind === 'timestamp' ? String(v) : valuePrinter(t)(v);
      if (precision !== undefined) text = text.slice(0, precision);
      break;
    case 'b':
      text = v === null ? 'false' : typeof v === 'boolean' ? String(v) : 'true';
      break;
    case 'c':
      if (v === null) { text = 'null'; break; }
      if (typeof v === 'number' && Number.isInteger(v)) text = String.fromCodePoint(v);
      else if (typeof v === 'string' && [...v].length === 1) text = v;
      else return null;
      break;
    case 'd': case 'o': case 'x': {
      if (v === null) { text = 'null'; break; }
      if (typeof v !== 'number' || (t.kind !== 'int' && t.kind !== 'bigint')) return null;
      const n = v as number;
      if (lower === 'd') { text = finishNumber(n < 0, String(Math.abs(n)), flags, width); break; }
      const radix = lower === 'o' ? 8 : 16;
      const bits = t.kind === 'int' ? 32 : 64;
      const unsigned = n >= 0 ? BigInt(n) : BigInt.asUintN(bits, BigInt(n));
      text = unsigned.toString(radix);
      if (flags.includes('#')) text = (radix === 16 ? '0x' : '0') + text;
      if (flags.includes('0') && !flags.includes('-')) text = text.padStart(width, '0');
      break;
    }
    case 'e': case 'f': case 'g': {
      if (v === null) { text = 'null'; break; }
      if (typeof v !== 'number' || t.kind === 'int' || t.kind === 'bigint') return null;
      if (Number.isNaN(v)) { text = 'NaN'; break; }
      if (!Number.isFinite(v)) { text = finishNumber(v < 0, 'Infinity', flags.replace('0', ''), width); break; }
      const p = precision ?? 6;
      const abs = Math.abs(v);
      let body: string;
      if (lower === 'f') body = fixed(abs, p);
      else if (lower === 'e') body = scientific(abs, p, false);
      else {
        const g = p === 0 ? 1 : p;
        const rounded = abs === 0 ? 0 : Number(abs.toPrecision(g));
        body = rounded !== 0 && (rounded < 1e-4 || rounded >= 10 ** g)
          ? scientific(abs, g - 1, false)
          : fixed(abs, Math.max(0, g - 1 - (rounded === 0 ? 0 : Math.floor(Math.log10(rounded)))));
      }
      text = finishNumber(v < 0 || Object.is(v, -0), body, flags, width);
      break;
    }
    default:
      return null;
  }
  text = pad(text, flags, width);
  return upper ? text.toUpperCase() : text;
}

/** Formats `values` (of `types`) with a Java format string; null when the format does not fit them. */
export function formatJava(format: string, values: readonly unknown[], types: readonly DataType[]): string | null {
  let out = '', last = 0, next = 0, prev = -1;
  spec.lastIndex = 0;
  for (let m = spec.exec(format); m !== null; m = spec.exec(format)) {
    out += format.slice(last, m.index);
    last = spec.lastIndex;
    const [, index, flagText = '', widthText, precisionText, conv] = m;
    if (conv === '%') { out += pad('%', flagText, widthText ? Number(widthText) : 0); continue; }
    if (conv === 'n') { out += '\n'; continue; }
    const k = flagText.includes('<') ? prev : index !== undefined ? Number(index) - 1 : next++;
    if (k < 0 || k >= values.length) return null;
    prev = k;
    const piece = formatOne(conv!, flagText, widthText ? Number(widthText) : 0,
      precisionText === undefined ? undefined : Number(precisionText), values[k] ?? null, types[k]!);
    if (piece === null) return null;
    out += piece;
  }
  return out + format.slice(last);
}
