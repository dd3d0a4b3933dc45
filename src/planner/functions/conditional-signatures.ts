/**
 * Types of the null-handling and conditional functions. Branches combine in the wider type with string
 * promotion, as in Spark (`coalesce(1, 'a')` is a STRING). `nullif(a, b)` keeps `a`'s type when the two are
 * directly comparable (both numbers, or the same type) and otherwise compares and returns in their common type.
 */
import {
  BooleanType, DoubleType, StringType, commonType, isNumeric, sameType, typeToString, type DataType,
} from '../../types/data-type.js';
import { fail, ok, type ScalarFunctionDef } from './scalar-function-def.js';
import { alias, arityError, custom, fn } from './signature-builders.js';
import { widerTypeOf } from './type-coercion.js';

function branchesType(name: string, types: readonly DataType[]): DataType | string {
  return widerTypeOf(types, true) ?? `${name}: the branches have no common type (${types.map(typeToString).join(', ')})`;
}

const coalesce = custom('coalesce', (argTypes) => {
  if (argTypes.length === 0) return arityError('coalesce', 'at least 1', 0);
  const t = branchesType('coalesce', argTypes);
  return typeof t === 'string' ? fail(t) : ok(argTypes.map(() => t), t);
});

const nvl = custom('nvl', (argTypes) => {
  if (argTypes.length !== 2) return arityError('nvl', '2', argTypes.length);
  const t = branchesType('nvl', argTypes);
  return typeof t === 'string' ? fail(t) : ok([t, t], t);
});

const nvl2 = custom('nvl2', (argTypes) => {
  if (argTypes.length !== 3) return arityError('nvl2', '3', argTypes.length);
  const t = branchesType('nvl2', argTypes.slice(1));
  return typeof t === 'string' ? fail(t) : ok([argTypes[0]!, t, t], t);
});

const ifFn = custom('if', (argTypes) => {
  if (argTypes.length !== 3) return arityError('if', '3', argTypes.length);
  if (argTypes[0]!.kind !== 'boolean' && argTypes[0]!.kind !== 'null') {
    return fail(`if: the condition must be a BOOLEAN, but it is ${typeToString(argTypes[0]!)}`);
  }
  const t = branchesType('if', argTypes.slice(1));
  return typeof t === 'string' ? fail(t) : ok([BooleanType, t, t], t);
});

const nullif = custom('nullif', (argTypes) => {
  if (argTypes.length !== 2) return arityError('nullif', '2', argTypes.length);
  const [a, b] = argTypes as [DataType, DataType];
  if ((isNumeric(a) && isNumeric(b)) || sameType(a, b) || b.kind === 'null') return ok([a, b], a);
  const t = commonType(a, b);
  if (!t) return fail(`nullif: cannot compare ${typeToString(a)} with ${typeToString(b)}`);
  return ok([t, t], t);
});

const isnull = fn('isnull', ['any'], BooleanType);
const rand = fn('rand', ['bigint'], DoubleType, { required: 0, deterministic: false });

export const conditionalSignatures: readonly ScalarFunctionDef[] = [
  coalesce, nvl, alias('ifnull', nvl), nvl2, ifFn, nullif,
  isnull, fn('isnotnull', ['any'], BooleanType),
  fn('isnan', ['double'], BooleanType), fn('nanvl', ['double', 'double'], DoubleType),
  rand, alias('random', rand), fn('uuid', [], StringType, { deterministic: false }),
];
