/** Implicit casts the analyzer inserts, following Spark's (non-ANSI) type coercion rules. */
import {
  BigIntType, BooleanType, DoubleType, StringType, commonType, isNumeric, sameType, typeToString, type DataType,
} from '../../types/data-type.js';
import { SluiceError, type SourcePosition } from '../../types/errors.js';
import type { BoundExpr } from '../expr.js';

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
  const t = commonType(l, r);
  if (!t || t.kind === 'map') {
    throw typeError(`Cannot compare ${typeToString(l)} with ${typeToString(r)}`, pos);
  }
  return t;
}

/** Result type of `+ - * %` over two numeric (or string, cast to DOUBLE) operands. */
export function arithmeticType(op: string, l: DataType, r: DataType, pos?: SourcePosition): DataType {
  const lt = l.kind === 'string' ? DoubleType : l.kind === 'null' ? (r.kind === 'null' ? DoubleType : r) : l;
  const rt = r.kind === 'string' ? DoubleType : r.kind === 'null' ? lt : r;
  const lt2 = lt.kind === 'string' ? DoubleType : lt;
  if (!isNumeric(lt2) || !isNumeric(rt)) {
    throw typeError(`Cannot apply '${op}' to ${typeToString(l)} and ${typeToString(r)}: both sides must be numeric`, pos);
  }
  if (op === '/') return lt2.kind === 'decimal' && rt.kind === 'decimal' ? lt2 : DoubleType;
  if (op === 'div') return BigIntType;
  return commonType(lt2, rt)!;
}

/** The common type of several values (CASE branches, IN lists, COALESCE, UNION columns). */
export function commonTypeOf(types: readonly DataType[], what: string, pos?: SourcePosition): DataType {
  let t: DataType = types[0]!;
  for (const x of types.slice(1)) {
    const c = commonType(t, x) ?? (t.kind === 'string' || x.kind === 'string' ? StringType : undefined);
    if (!c) throw typeError(`${what} have incompatible types ${typeToString(t)} and ${typeToString(x)}`, pos);
    t = c;
  }
  return t;
}
