/**
 * Types of the math functions, following Spark: rounding keeps integral and double types and narrows decimals
 * to the requested scale; floor/ceil return BIGINT (or a scale-0 decimal for decimals); the transcendental
 * functions work in DOUBLE; mod/pmod use the wider of their operands (decimals get Spark's remainder precision);
 * greatest/least use the wider type of all arguments, without promoting numbers to strings.
 */
import { BigIntType, DoubleType, typeToString, type DataType } from '../../types/data-type.js';
import type { SignatureResult } from '../function-signature.js';
import { fail, ok, type CallArg, type ScalarFunctionDef } from './scalar-function-def.js';
import { alias, arityError, coerceArg, custom, fn } from './signature-builders.js';
import { asDecimal, boundedDecimal, MAX_DECIMAL_PRECISION, widerTypeOf } from './type-coercion.js';

/** Spark's `RoundBase` result type for a decimal(p,s) rounded to `scale` digits. */
function roundedDecimalType(p: number, s: number, scale: number): DataType {
  const integralDigits = p - s + 1;
  if (scale < 0) return boundedDecimal(Math.max(integralDigits, -scale + 1), 0);
  const newScale = Math.min(s, scale);
  return boundedDecimal(Math.min(integralDigits + newScale, MAX_DECIMAL_PRECISION), newScale);
}

function scaleArg(args: readonly CallArg[]): number | string {
  if (args.length < 2) return 0;
  const v = args[1]!.value;
  if (v === undefined) return `the scale must be a constant`;
  if (v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) return `the scale must be an integer, got ${String(v)}`;
  return v;
}

/** round / bround: integral and double inputs keep their type; decimals narrow to the constant scale. */
function roundLike(name: string): ScalarFunctionDef {
  const typeWith = (argTypes: readonly DataType[], scale: number | undefined): SignatureResult => {
    if (argTypes.length < 1 || argTypes.length > 2) return arityError(name, '1 to 2', argTypes.length);
    const x = coerceArg('numeric', argTypes[0]!);
    if (!x) return fail(`${name}: argument 1 must be a number, but it is ${typeToString(argTypes[0]!)}`);
    const coerced: DataType[] = [x];
    if (argTypes.length === 2) {
      const d = coerceArg('int', argTypes[1]!);
      if (!d) return fail(`${name}: argument 2 must be INT, but it is ${typeToString(argTypes[1]!)}`);
      coerced.push(d);
    }
    if (x.kind !== 'decimal') return ok(coerced, x);
    // Without the constant scale the result keeps the input's scale: a safe over-approximation.
    return ok(coerced, roundedDecimalType(x.precision, x.scale, scale ?? x.scale));
  };
  return custom(name, (t) => typeWith(t, t.length === 1 ? 0 : undefined), {
    resolveCall: (args) => {
      const scale = scaleArg(args);
      if (typeof scale === 'string') return fail(`${name}: ${scale}`);
      return typeWith(args.map((a) => a.type), scale);
    },
  });
}

/** floor / ceil: BIGINT for non-decimals; with a scale argument, a decimal as Spark's `RoundFloor/RoundCeil`. */
function floorCeil(name: string): ScalarFunctionDef {
  const typeWith = (argTypes: readonly DataType[], scale: number | undefined): SignatureResult => {
    if (argTypes.length < 1 || argTypes.length > 2) return arityError(name, '1 to 2', argTypes.length);
    const x = coerceArg('numeric', argTypes[0]!);
    if (!x) return fail(`${name}: argument 1 must be a number, but it is ${typeToString(argTypes[0]!)}`);
    if (argTypes.length === 1) {
      if (x.kind === 'decimal') {
        return ok([x], x.scale === 0 ? x : boundedDecimal(x.precision - x.scale + 1, 0));
      }
      return ok([x.kind === 'int' ? BigIntType : x], BigIntType);
    }
    const d = coerceArg('int', argTypes[1]!);
    if (!d) return fail(`${name}: argument 2 must be INT, but it is ${typeToString(argTypes[1]!)}`);
    const dec = x.kind === 'double' ? { precision: 30, scale: 15 } : asDecimal(x)!;
    const argDec = boundedDecimal(dec.precision, dec.scale);
    return ok([argDec, d], roundedDecimalType(dec.precision, dec.scale, scale ?? dec.scale));
  };
  return custom(name, (t) => typeWith(t, undefined), {
    resolveCall: (args) => {
      const scale = scaleArg(args);
      if (typeof scale === 'string') return fail(`${name}: ${scale}`);
      return typeWith(args.map((a) => a.type), scale);
    },
  });
}

/** Spark's remainder type: the wider operand type; two decimals keep the smaller integral part. */
function remainderLike(name: string): ScalarFunctionDef {
  return custom(name, (argTypes) => {
    if (argTypes.length !== 2) return arityError(name, '2', argTypes.length);
    const a = coerceArg('numeric', argTypes[0]!), b = coerceArg('numeric', argTypes[1]!);
    if (!a || !b) {
      const bad = !a ? 0 : 1;
      return fail(`${name}: argument ${bad + 1} must be a number, but it is ${typeToString(argTypes[bad]!)}`);
    }
    if ((a.kind === 'decimal' || b.kind === 'decimal') && a.kind !== 'double' && b.kind !== 'double') {
      const da = asDecimal(a)!, db = asDecimal(b)!;
      const scale = Math.max(da.scale, db.scale);
      const precision = Math.min(da.precision - da.scale, db.precision - db.scale) + scale;
      return ok([boundedDecimal(da.precision, da.scale), boundedDecimal(db.precision, db.scale)], boundedDecimal(precision, scale));
    }
    const t = widerTypeOf([a, b], false)!;
    return ok([t, t], t);
  });
}

function greatestLeast(name: string): ScalarFunctionDef {
  return custom(name, (argTypes) => {
    if (argTypes.length < 2) return arityError(name, 'at least 2', argTypes.length);
    const t = widerTypeOf(argTypes, false);
    if (!t) return fail(`${name}: all arguments must have a common type, but they are ${argTypes.map(typeToString).join(', ')}`);
    if (t.kind === 'map' || t.kind === 'interval') return fail(`${name}: values of type ${typeToString(t)} cannot be ordered`);
    return ok(argTypes.map(() => t), t);
  });
}

const sameNumeric = (argTypes: readonly DataType[]): DataType => argTypes[0]!;

const abs = fn('abs', ['numeric'], sameNumeric);
const round = roundLike('round');
const bround = roundLike('bround');
const floor = floorCeil('floor');
const ceil = floorCeil('ceil');
const sqrt = fn('sqrt', ['double'], DoubleType);
const cbrt = fn('cbrt', ['double'], DoubleType);
const exp = fn('exp', ['double'], DoubleType);
const expm1 = fn('expm1', ['double'], DoubleType);
const ln = fn('ln', ['double'], DoubleType);
const log = fn('log', ['double', 'double'], DoubleType, { required: 1 });
const log10 = fn('log10', ['double'], DoubleType);
const log2 = fn('log2', ['double'], DoubleType);
const log1p = fn('log1p', ['double'], DoubleType);
const pow = fn('pow', ['double', 'double'], DoubleType);
const mod = remainderLike('mod');
const pmod = remainderLike('pmod');
const signum = fn('signum', ['double'], DoubleType);
const greatest = greatestLeast('greatest');
const least = greatestLeast('least');
const trig = ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'degrees', 'radians']
  .map((n) => fn(n, ['double'], DoubleType));
const atan2 = fn('atan2', ['double', 'double'], DoubleType);
const pi = fn('pi', [], DoubleType);
const e = fn('e', [], DoubleType);

export const mathSignatures: readonly ScalarFunctionDef[] = [
  abs, round, bround, floor, ceil, alias('ceiling', ceil), sqrt, cbrt, exp, expm1, ln, log, log10, log2, log1p,
  pow, alias('power', pow), mod, pmod, signum, alias('sign', signum), greatest, least, ...trig, atan2, pi, e,
];
