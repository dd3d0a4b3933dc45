/**
 * Spark's implicit type coercion for function arguments (non-ANSI mode): which type two values combine in, and
 * which implicit casts a function argument may undergo. `commonType` in data-type.ts is the comparison flavour
 * (a string against a number becomes the number); functions that *combine* values — coalesce, if, array,
 * greatest — use the wider-type rules here, which keep decimal precision exact and, where Spark does, promote to
 * STRING instead.
 */
import {
  arrayType, BigIntType, DoubleType, isNumeric, mapType, NullType, StringType, structField, structType, TimestampType,
  decimalType, sameType, type DataType, type StructField,
} from '../../types/data-type.js';

export const MAX_DECIMAL_PRECISION = 38;

/** The decimal an integral type widens to: INT holds 10 digits, BIGINT 20 (Spark's `DecimalType.forType`). */
export function asDecimal(t: DataType): { precision: number; scale: number } | undefined {
  switch (t.kind) {
    case 'decimal': return { precision: t.precision, scale: t.scale };
    case 'int': return { precision: 10, scale: 0 };
    case 'bigint': return { precision: 20, scale: 0 };
    default: return undefined;
  }
}

/** A decimal type with precision capped at 38 (Spark's `DecimalType.bounded`). */
export function boundedDecimal(precision: number, scale: number): DataType {
  return decimalType(Math.min(precision, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_PRECISION));
}

function isAtomicForString(t: DataType): boolean {
  switch (t.kind) {
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp':
    case 'string': case 'binary':
      return true;
    default:
      return false;
  }
}

/**
 * Spark's `findWiderTypeForTwo`: the type both values fit in, or undefined. With `stringPromotion` a STRING
 * against any atomic type widens to STRING (coalesce, if, array, map values); without it such pairs fail
 * (greatest, least).
 */
export function widerType(a: DataType, b: DataType, stringPromotion: boolean): DataType | undefined {
  if (sameType(a, b)) return a;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (isNumeric(a) && isNumeric(b)) {
    if (a.kind === 'double' || b.kind === 'double') return DoubleType;
    if (a.kind === 'decimal' || b.kind === 'decimal') {
      const da = asDecimal(a)!, db = asDecimal(b)!;
      const scale = Math.max(da.scale, db.scale);
      const whole = Math.max(da.precision - da.scale, db.precision - db.scale);
      return boundedDecimal(whole + scale, scale);
    }
    return a.kind === 'bigint' || b.kind === 'bigint' ? BigIntType : a;
  }
  if ((a.kind === 'date' || a.kind === 'timestamp') && (b.kind === 'date' || b.kind === 'timestamp')) return TimestampType;
  if (stringPromotion && (a.kind === 'string' || b.kind === 'string') && isAtomicForString(a) && isAtomicForString(b)) {
    return StringType;
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const e = widerType(a.element, b.element, stringPromotion);
    return e ? arrayType(e) : undefined;
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = widerType(a.key, b.key, stringPromotion), v = widerType(a.value, b.value, stringPromotion);
    return k && v ? mapType(k, v) : undefined;
  }
  if (a.kind === 'struct' && b.kind === 'struct' && a.fields.length === b.fields.length) {
    const fields: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!, fb = b.fields[i]!;
      if (fa.name.toLowerCase() !== fb.name.toLowerCase()) return undefined;
      const t = widerType(fa.type, fb.type, stringPromotion);
      if (!t) return undefined;
      fields.push(structField(fa.name, t, fa.nullable || fb.nullable));
    }
    return structType(fields);
  }
  return undefined;
}

/** The wider type of all of `types` (NULL when empty), or undefined when two of them do not combine. */
export function widerTypeOf(types: readonly DataType[], stringPromotion: boolean): DataType | undefined {
  let acc: DataType = NullType;
  for (const t of types) {
    const w = widerType(acc, t, stringPromotion);
    if (!w) return undefined;
    acc = w;
  }
  return acc;
}

/**
 * Whether a value of type `from` may be implicitly cast to `to` when passed to a function expecting `to`
 * (Spark's `ImplicitTypeCasts.implicitCast`): numbers to any number, strings to numbers, dates, timestamps and
 * binary, any atomic value to string, dates and timestamps to each other, NULL to anything; arrays element-wise.
 * Booleans never become numbers implicitly.
 */
export function canImplicitCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to) || from.kind === 'null') return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (from.kind === 'string') {
    return isNumeric(to) || to.kind === 'date' || to.kind === 'timestamp' || to.kind === 'binary' || to.kind === 'boolean';
  }
  if (to.kind === 'string') return isAtomicForString(from);
  if ((from.kind === 'date' && to.kind === 'timestamp') || (from.kind === 'timestamp' && to.kind === 'date')) return true;
  if (from.kind === 'array' && to.kind === 'array') return canImplicitCast(from.element, to.element);
  return false;
}
