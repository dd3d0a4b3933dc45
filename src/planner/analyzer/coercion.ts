/** Implicit casts the analyzer inserts, following Spark's (non-ANSI) type coercion rules. */
import {
  BigIntType, BooleanType, DoubleType, StringType, commonType, isNumeric, sameType, typeToString, type DataType,
} from '../../types/data-type.js';
import { SluiceError, type SourcePosition } from '../../types/errors.js';
import type { BoundExpr } from '../expr.js';
import { asDecimal, boundedDecimal, widerType } from '../functions/type-coercion.js';

export function typeError(message: string, pos?: SourcePosition): SluiceError {
  return new SluiceError('TYPE_ERROR', message, pos);
}

/** `e` as type `t`: unchanged when it already is, a typed null for a null literal, a cast otherwise. */
export function coerce(e: BoundExpr, t: DataType): BoundExpr {
  if (sameType(e.type, t)) return e;
  if (e.kind === 'lit' && e.value === null) return { kind: 'lit', value: null, type: t };
  return { kind: 'cast', operand: e, type: t };
}

export function coerceToBoolean(e: BoundExpr, what: string, pos?: SourcePosition): BoundExpr {
  if (e.type.kind === 'boolean') return e;
  if (e.type.kind === 'null') return coerce(e, BooleanType);
  throw typeError(`${what} must be BOOLEAN, but it is ${typeToString(e.type)}`, pos);
}

/** The type both sides of a comparison are cast to; a type error when they cannot be compared. */
export function comparisonType(l: DataType, r: DataType, pos?: SourcePosition): DataType {
  const t = numericCommonType(l, r) ?? commonType(l, r);
  if (!t || t.kind === 'map') {
    throw typeError(`Cannot compare ${typeToString(l)} with ${typeToString(r)}`, pos);
  }
  return t;
}

/**
 * Two numbers meet in Spark's wider type: an integral type next to a DECIMAL widens to the decimal that holds all
 * its values (INT → DECIMAL(10,0)) before the decimals merge, so `k = 1.5` never squeezes k into DECIMAL(2,1).
 */
function numericCommonType(l: DataType, r: DataType): DataType | undefined {
  return isNumeric(l) && isNumeric(r) ? widerType(l, r, false) : undefined;
}

/**
 * The result type of decimal arithmetic (Spark's DecimalPrecision with precision loss allowed), or undefined when
 * an operand is not a DECIMAL or an integral next to one. An integral literal counts with its own digits only
 * (Spark's `literalPickMinimumPrecision`), which is what keeps `dec / 7` at six decimals.
 */
export function decimalArithmeticType(op: string, l: DataType, r: DataType, lLiteral?: number, rLiteral?: number): DataType | undefined {
  if (l.kind !== 'decimal' && r.kind !== 'decimal') return undefined;
  const a = operandDecimal(l, lLiteral), b = operandDecimal(r, rLiteral);
  if (!a || !b) return undefined;
  const [p1, s1] = a, [p2, s2] = b;
  switch (op) {
    case '+': case '-': {
      const s = Math.max(s1, s2);
      return adjustedDecimal(Math.max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case '*': return adjustedDecimal(p1 + p2 + 1, s1 + s2);
    case '/': {
      const s = Math.max(6, s1 + p2 + 1);
      return adjustedDecimal(p1 - s1 + s2 + s, s);
    }
    case '%': {
      const s = Math.max(s1, s2);
      return adjustedDecimal(Math.min(p1 - s1, p2 - s2) + s, s);
    }
    default: return undefined;
  }
}

function operandDecimal(t: DataType, literal: number | undefined): [number, number] | undefined {
  if (literal !== undefined && (t.kind === 'int' || t.kind === 'bigint')) return [Math.max(1, String(Math.abs(literal)).length), 0];
  const d = asDecimal(t);
  return d ? [d.precision, d.scale] : undefined;
}

/** The decimal an operand of decimal arithmetic is read as: itself, or the decimal holding every integral value. */
export function decimalOperandType(t: DataType): DataType {
  const d = asDecimal(t);
  return d ? boundedDecimal(d.precision, d.scale) : t;
}

/** Spark's `DecimalType.adjustPrecisionScale`: past 38 digits, give up scale but keep at least 6 decimals. */
function adjustedDecimal(p: number, s: number): DataType {
  if (p <= 38) return boundedDecimal(p, s);
  const intDigits = p - s;
  return boundedDecimal(38, Math.max(38 - intDigits, Math.min(s, 6)));
}

/** Result type of `+ - * %` over two numeric (or string, cast to DOUBLE) operands. */
export function arithmeticType(op: string, l: DataType, r: DataType, pos?: SourcePosition): DataType {
  const lt = l.kind === 'string' ? DoubleType : l.kind === 'null' ? (r.kind === 'null' ? DoubleType : r) : l;
  const rt = r.kind === 'string' ? DoubleType : r.kind === 'null' ? lt : r;
  const lt2 = lt.kind === 'string' ? DoubleType : lt;
  if (!isNumeric(lt2) || !isNumeric(rt)) {
    throw typeError(`Cannot apply '${op}' to ${typeToString(l)} and ${typeToString(r)}: both sides must be numeric`, pos);
  }
  if (op === 'div') return BigIntType;
  const dec = decimalArithmeticType(op, lt2, rt);
  if (dec) return dec;
  if (op === '/') return DoubleType;
  return numericCommonType(lt2, rt)!;
}

/**
 * The common type of several values (CASE branches, IN lists, UNION columns, VALUES rows): Spark's wider type,
 * where a STRING next to another atomic type makes both STRING (`CASE … THEN 1 ELSE 'x' END` is a STRING) —
 * except in VALUES, where Spark does not promote to STRING.
 */
export function commonTypeOf(types: readonly DataType[], what: string, pos?: SourcePosition, stringPromotion = true): DataType {
  let t: DataType = types[0]!;
  for (const x of types.slice(1)) {
    const c = !stringPromotion ? widerType(t, x, false)
      : widerType(t, x, true) ?? commonType(t, x) ?? (t.kind === 'string' || x.kind === 'string' ? StringType : undefined);
    if (!c) throw typeError(`${what} have incompatible types ${typeToString(t)} and ${typeToString(x)}`, pos);
    t = c;
  }
  return t;
}
