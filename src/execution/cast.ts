/**
 * CAST with Spark's non-ANSI semantics: a value that does not convert becomes NULL, never an error.
 *
 * - Fractional → integral truncates toward zero; out of range saturates for DOUBLE sources (Java's `d2i`/`d2l`,
 *   NaN → 0) and wraps for integral and DECIMAL sources (two's complement: `CAST(3000000000L AS INT)` is
 *   -1294967296).
 * - Anything → DECIMAL(p,s) rounds half-up to s places (a double by its shortest decimal digits); a value with
 *   more than p−s integral digits, NaN or an infinity becomes NULL.
 * - STRING → number/boolean/date/timestamp parses after trimming (string-parse.ts, datetime-util.ts); text that
 *   does not parse, or an integral value out of range, is NULL; `'1.9'` → INT is 1.
 * - TIMESTAMP → BIGINT/INT is whole seconds (floor), → DOUBLE/DECIMAL fractional seconds; numbers → TIMESTAMP
 *   are seconds (booleans: microseconds, as Spark); DATE ↔ TIMESTAMP at midnight UTC; DATE → number or
 *   boolean is NULL, as in Spark.
 * - → STRING uses Spark's printing (value-format.ts): `1.0E10`, `1.50`, `2026-01-01 12:00:00`, `[1, 2]`,
 *   `{1, a}`, `{1 -> a}`.
 * - Arrays, maps and structs cast element-, entry- and field-wise (struct fields by position).
 */
import { isFixedWidth, sameType, type DataType, type StructField } from '../types/data-type.js';
import { MICROS_PER_DAY, MICROS_PER_SECOND, parseIntervalString } from '../types/temporal.js';
import { allocFixed, constantColumn, makeColumn, type Column, type FixedData } from './column.js';
import { mapNumbers } from './functions/column-kernels.js';
import { parseSparkDate, parseSparkTimestamp } from './functions/datetime-util.js';
import { roundDecimal, toDecimal } from './functions/decimal-math.js';
import { parseBoolean, parseDecimalText, parseDouble, parseIntegral } from './functions/string-parse.js';
import { valuePrinter } from './functions/value-format.js';

const INT_MAX = 2147483647, INT_MIN = -2147483648;
const LONG_MAX = 9223372036854775807, LONG_MIN = -9223372036854775808;

/** Converts a number of a fixed-width type to another; null for NULL. Booleans are 0/1 on both sides. */
type NumberCast = (v: number) => number | null;

function clampLong(v: number): number {
  return v >= LONG_MAX ? LONG_MAX : v <= LONG_MIN ? LONG_MIN : v;
}

function toIntCast(from: DataType): NumberCast | undefined {
  switch (from.kind) {
    case 'boolean': case 'int': return (v) => v;
    case 'bigint': case 'decimal': return (v) => Math.trunc(v) | 0;
    case 'double': return (v) => (Number.isNaN(v) ? 0 : v >= INT_MAX ? INT_MAX : v <= INT_MIN ? INT_MIN : Math.trunc(v));
    case 'timestamp': return (v) => Math.floor(v / MICROS_PER_SECOND) | 0;
    case 'date': return () => null;
    default: return undefined;
  }
}

function toBigIntCast(from: DataType): NumberCast | undefined {
  switch (from.kind) {
    case 'boolean': case 'int': case 'bigint': return (v) => v;
    case 'decimal': return (v) => clampLong(Math.trunc(v)) || 0;
    case 'double': return (v) => (Number.isNaN(v) ? 0 : clampLong(Math.trunc(v)) || 0);
    case 'timestamp': return (v) => Math.floor(v / MICROS_PER_SECOND);
    case 'date': return () => null;
    default: return undefined;
  }
}

function toDoubleCast(from: DataType): NumberCast | undefined {
  switch (from.kind) {
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal': return (v) => v;
    case 'timestamp': return (v) => v / MICROS_PER_SECOND;
    case 'date': return () => null;
    default: return undefined;
  }
}

function toDecimalCast(from: DataType, p: number, s: number): NumberCast | undefined {
  switch (from.kind) {
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal': return (v) => toDecimal(v, p, s);
    case 'timestamp': return (v) => toDecimal(v / MICROS_PER_SECOND, p, s);
    case 'date': return () => null;
    default: return undefined;
  }
}

function toBooleanCast(from: DataType): NumberCast | undefined {
  switch (from.kind) {
    case 'boolean': return (v) => v;
    case 'int': case 'bigint': case 'double': case 'decimal': case 'timestamp': return (v) => (v !== 0 ? 1 : 0);
    case 'date': return () => null;
    default: return undefined;
  }
}

function toTimestampCast(from: DataType): NumberCast | undefined {
  switch (from.kind) {
    case 'boolean': case 'timestamp': return (v) => v;
    case 'int': case 'bigint': return (v) => clampLong(v * MICROS_PER_SECOND);
    case 'double': return (v) => (Number.isFinite(v) ? clampLong(Math.trunc(v * MICROS_PER_SECOND)) || 0 : null);
    case 'decimal': return (v) => clampLong(Math.round(roundDecimal(v, 6, 'down') * MICROS_PER_SECOND)) || 0;
    case 'date': return (v) => v * MICROS_PER_DAY;
    default: return undefined;
  }
}

function toDateCast(from: DataType): NumberCast | undefined {
  switch (from.kind) {
    case 'date': return (v) => v;
    case 'timestamp': return (v) => Math.floor(v / MICROS_PER_DAY);
    default: return undefined;
  }
}

/** The converter between two fixed-width types, or undefined when the pair does not cast. */
function numberCast(from: DataType, to: DataType): NumberCast | undefined {
  switch (to.kind) {
    case 'int': return toIntCast(from);
    case 'bigint': return toBigIntCast(from);
    case 'double': return toDoubleCast(from);
    case 'decimal': return toDecimalCast(from, to.precision, to.scale);
    case 'boolean': return toBooleanCast(from);
    case 'timestamp': return toTimestampCast(from);
    case 'date': return toDateCast(from);
    default: return undefined;
  }
}

/** The reading of a string as a fixed-width type (booleans as 0/1); null for text that does not convert. */
function stringToNumberCast(to: DataType): ((s: string) => number | null) | undefined {
  switch (to.kind) {
    case 'int': return (s) => parseIntegral(s, 32);
    case 'bigint': return (s) => parseIntegral(s, 64);
    case 'double': return parseDouble;
    case 'decimal': { const p = to.precision, sc = to.scale; return (s) => { const v = parseDecimalText(s); return v === null ? null : toDecimal(v, p, sc); }; }
    case 'boolean': return (s) => { const b = parseBoolean(s); return b === null ? null : b ? 1 : 0; };
    case 'date': return parseSparkDate;
    case 'timestamp': return parseSparkTimestamp;
    default: return undefined;
  }
}

const encoder = new TextEncoder();

function integralBytes(v: number, width: 4 | 8): Uint8Array {
  const out = new Uint8Array(width);
  const view = new DataView(out.buffer);
  if (width === 4) view.setInt32(0, v);
  else view.setBigInt64(0, BigInt(Math.trunc(v)));
  return out;
}

/** A converter of one non-null JS value (representation of data-type.ts) from `from` to `to`; null when it fails. */
export function valueCaster(from: DataType, to: DataType): (v: unknown) => unknown {
  if (sameType(from, to)) return (v) => v;
  if (from.kind === 'null') return () => null;
  if (to.kind === 'string') {
    const print = valuePrinter(from);
    return (v) => print(v);
  }
  if (isFixedWidth(to)) {
    const toBool = to.kind === 'boolean';
    if (from.kind === 'string') {
      const parse = stringToNumberCast(to)!;
      return toBool ? (v) => { const r = parse(v as string); return r === null ? null : r === 1; } : (v) => parse(v as string);
    }
    const conv = isFixedWidth(from) ? numberCast(from, to) : undefined;
    if (conv === undefined) return () => null;
    const fromBool = from.kind === 'boolean';
    return (v) => {
      const r = conv(fromBool ? (v ? 1 : 0) : (v as number));
      return r === null ? null : toBool ? r === 1 : r;
    };
  }
  switch (to.kind) {
    case 'binary':
      if (from.kind === 'string') return (v) => encoder.encode(v as string);
      if (from.kind === 'int') return (v) => integralBytes(v as number, 4);
      if (from.kind === 'bigint') return (v) => integralBytes(v as number, 8);
      return () => null;
    case 'interval':
      return from.kind === 'string' ? (v) => parseIntervalString(v as string) : () => null;
    case 'array': {
      if (from.kind !== 'array') return () => null;
      const e = valueCaster(from.element, to.element);
      return (v) => (v as unknown[]).map((x) => (x === null || x === undefined ? null : e(x)));
    }
    case 'map': {
      if (from.kind !== 'map') return () => null;
      const k = valueCaster(from.key, to.key), val = valueCaster(from.value, to.value);
      return (v) => {
        const out = new Map<unknown, unknown>();
        for (const [key, x] of v as Map<unknown, unknown>) {
          const ck = key === null ? null : k(key);
          if (ck === null) return null;
          out.set(ck, x === null || x === undefined ? null : val(x));
        }
        return out;
      };
    }
    case 'struct': {
      if (from.kind !== 'struct' || from.fields.length !== to.fields.length) return () => null;
      return structCaster(from.fields, to.fields);
    }
    default:
      return () => null;
  }
}

function structCaster(fromFields: readonly StructField[], toFields: readonly StructField[]): (v: unknown) => unknown {
  const casters = fromFields.map((f, i) => valueCaster(f.type, toFields[i]!.type));
  const fromNames = fromFields.map((f) => f.name), toNames = toFields.map((f) => f.name);
  return (v) => {
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < casters.length; i++) {
      const x = src[fromNames[i]!];
      out[toNames[i]!] = x === null || x === undefined ? null : casters[i]!(x);
    }
    return out;
  };
}

/** STRING → fixed-width. */
function castStringToFixed(c: Column, to: DataType, parse: (s: string) => number | null): Column {
  const n = c.length;
  const src = c.data as (string | null)[];
  const out = allocFixed(to, n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const s = src[i];
    const r = s === null || s === undefined ? null : parse(s);
    if (r === null) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else {
      out[i] = r;
    }
  }
  return makeColumn(to, out, nulls);
}

/** Fixed-width → STRING. */
function castFixedToString(c: Column, to: DataType): Column {
  const n = c.length;
  const src = c.data as FixedData;
  const srcNulls = c.nulls;
  const print = valuePrinter(c.type);
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = srcNulls !== null && srcNulls[i] === 1 ? null : print(src[i]!);
  return makeColumn(to, out);
}

/** Any column through a per-value converter. */
function castValues(c: Column, to: DataType, conv: (v: unknown) => unknown): Column {
  const n = c.length;
  const src = c.data as ArrayLike<unknown>;
  const srcNulls = c.nulls;
  const isBool = c.type.kind === 'boolean';
  const fixedIn = ArrayBuffer.isView(c.data);
  if (isFixedWidth(to)) {
    const out = allocFixed(to, n);
    let nulls: Uint8Array | null = null;
    const toBool = to.kind === 'boolean';
    for (let i = 0; i < n; i++) {
      let v: unknown = srcNulls !== null && srcNulls[i] === 1 ? null : src[i];
      if (v !== null && v !== undefined && fixedIn && isBool) v = v === 1;
      const r = v === null || v === undefined ? null : conv(v);
      if (r === null || r === undefined) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else {
        out[i] = toBool ? (r ? 1 : 0) : (r as number);
      }
    }
    return makeColumn(to, out, nulls);
  }
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let v: unknown = srcNulls !== null && srcNulls[i] === 1 ? null : src[i];
    if (v !== null && v !== undefined && fixedIn && isBool) v = v === 1;
    out[i] = v === null || v === undefined ? null : conv(v) ?? null;
  }
  return makeColumn(to, out);
}

/**
 * `CAST(c AS to)` over a whole column. The planner checks `canCast` first; a pair that cannot cast yields
 * NULLs here rather than an error.
 *
 * ```ts
 * castColumn(columnFromValues(StringType, [' 12 ', '1.9', 'x', null]), IntType)  // [12, 1, null, null]
 * ```
 */
export function castColumn(c: Column, to: DataType): Column {
  const from = c.type;
  if (sameType(from, to)) return c;
  if (from.kind === 'null') return constantColumn(to, null, c.length);
  if (isFixedWidth(from) && isFixedWidth(to)) {
    const conv = numberCast(from, to);
    return conv === undefined ? constantColumn(to, null, c.length) : mapNumbers(c, c.length, to, conv);
  }
  if (from.kind === 'string' && isFixedWidth(to)) return castStringToFixed(c, to, stringToNumberCast(to)!);
  if (isFixedWidth(from) && to.kind === 'string') return castFixedToString(c, to);
  return castValues(c, to, valueCaster(from, to));
}
