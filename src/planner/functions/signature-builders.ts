/**
 * Small builders for the catalog's signatures: a function is declared by the kinds of arguments it takes and
 * how its result type follows from them; the builder checks arity, applies Spark's implicit casts to each
 * argument and produces the `SignatureResult` (argument types to coerce to, result type) or an error message.
 */
import {
  BigIntType, BinaryType, BooleanType, DateType, DoubleType, IntType, IntervalType, NullType, StringType,
  TimestampType, arrayType, isNumeric, mapType, typeToString, type DataType,
} from '../../types/data-type.js';
import type { SignatureResult } from '../function-signature.js';
import { fail, ok, type ScalarFunctionDef } from './scalar-function-def.js';
import { canImplicitCast } from './type-coercion.js';

/**
 * What an argument position accepts. Concrete kinds (`int`, `string`, `timestamp`, …) implicitly cast the
 * argument to that type; `numeric` keeps any number as it is and takes a string as DOUBLE (Spark's default for
 * an abstract numeric input); `stringOrBinary` keeps BINARY and casts everything else to STRING; `array` and
 * `map` accept any array or map; `any` accepts anything unchanged.
 */
export type ArgKind =
  | 'any' | 'numeric' | 'int' | 'bigint' | 'double' | 'string' | 'boolean' | 'date' | 'timestamp' | 'interval'
  | 'binary' | 'stringOrBinary' | 'array' | 'map';

const concrete: Partial<Record<ArgKind, DataType>> = {
  int: IntType, bigint: BigIntType, double: DoubleType, string: StringType, boolean: BooleanType, date: DateType,
  timestamp: TimestampType, binary: BinaryType,
};

/** The type an argument of type `t` is coerced to for `kind`, or undefined when it cannot be. */
export function coerceArg(kind: ArgKind, t: DataType): DataType | undefined {
  switch (kind) {
    case 'any': return t;
    case 'numeric':
      if (isNumeric(t)) return t;
      return t.kind === 'string' || t.kind === 'null' ? DoubleType : undefined;
    case 'interval':
      return t.kind === 'interval' || t.kind === 'null' || t.kind === 'string' ? IntervalType : undefined;
    case 'stringOrBinary':
      return t.kind === 'binary' ? t : canImplicitCast(t, StringType) ? StringType : undefined;
    case 'array':
      return t.kind === 'array' ? t : t.kind === 'null' ? arrayType(NullType) : undefined;
    case 'map':
      return t.kind === 'map' ? t : t.kind === 'null' ? mapType(NullType, NullType) : undefined;
    default: {
      const to = concrete[kind]!;
      return canImplicitCast(t, to) ? to : undefined;
    }
  }
}

function describeKind(kind: ArgKind): string {
  switch (kind) {
    case 'numeric': return 'a number';
    case 'stringOrBinary': return 'STRING or BINARY';
    case 'array': return 'an ARRAY';
    case 'map': return 'a MAP';
    case 'any': return 'a value';
    default: return kind.toUpperCase();
  }
}

/** A result type, or a message explaining why the coerced arguments do not type-check. */
export type ReturnRule = DataType | ((argTypes: readonly DataType[]) => DataType | string);

export interface FunctionOptions {
  /** How many leading parameters are required; the rest are optional. Defaults to all of them. */
  readonly required?: number;
  /** Extra arguments beyond `params`, each of this kind (variadic functions). */
  readonly rest?: ArgKind;
  readonly deterministic?: boolean;
}

export function arityError(name: string, expected: string, got: number): SignatureResult {
  return fail(`${name} expects ${expected} argument${expected === '1' ? '' : 's'}, but got ${got}`);
}

/** Coerces `argTypes` against `params` (and `rest`), then applies `ret`. */
export function checkArgs(
  name: string, params: readonly ArgKind[], ret: ReturnRule, argTypes: readonly DataType[], opts: FunctionOptions,
): SignatureResult {
  const required = opts.required ?? params.length;
  const n = argTypes.length;
  if (n < required || (opts.rest === undefined && n > params.length)) {
    const expected = opts.rest !== undefined ? `at least ${required}`
      : required === params.length ? String(required) : `${required} to ${params.length}`;
    return arityError(name, expected, n);
  }
  const coerced: DataType[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i < params.length ? params[i]! : opts.rest!;
    const t = coerceArg(kind, argTypes[i]!);
    if (t === undefined) {
      return fail(`${name}: argument ${i + 1} must be ${describeKind(kind)}, but it is ${typeToString(argTypes[i]!)}`);
    }
    coerced.push(t);
  }
  const r = typeof ret === 'function' ? ret(coerced) : ret;
  return typeof r === 'string' ? fail(`${name}: ${r}`) : ok(coerced, r);
}

/** A function over fixed parameter kinds. */
export function fn(name: string, params: readonly ArgKind[], ret: ReturnRule, opts: FunctionOptions = {}): ScalarFunctionDef {
  return Object.freeze({
    name,
    deterministic: opts.deterministic ?? true,
    resolve: (argTypes: readonly DataType[]) => checkArgs(name, params, ret, argTypes, opts),
  });
}

/** A function typed by custom code. */
export function custom(
  name: string, resolve: (argTypes: readonly DataType[]) => SignatureResult,
  extra: Partial<Pick<ScalarFunctionDef, 'resolveCall' | 'deterministic'>> = {},
): ScalarFunctionDef {
  return Object.freeze({ name, deterministic: extra.deterministic ?? true, resolve, ...(extra.resolveCall ? { resolveCall: extra.resolveCall } : {}) });
}

/** Another name for a function: the same typing, implemented by the original's implementation. */
export function alias(aliasName: string, of: ScalarFunctionDef): ScalarFunctionDef {
  return Object.freeze({ ...of, name: aliasName, impl: of.impl ?? of.name });
}
