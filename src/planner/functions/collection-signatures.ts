/**
 * Types of the array, map and struct functions. `array(…)` and `map(…)` combine their elements in the wider
 * type with string promotion (Spark's `array(1, 'a')` is `ARRAY<STRING>`); `named_struct` takes its field names
 * from constant arguments and `struct` from the argument names, so both are typed through `resolveCall`.
 */
import {
  BooleanType, IntType, NullType, StringType, arrayType, mapType, structField, structType, typeToString,
  type DataType,
} from '../../types/data-type.js';
import type { SignatureResult } from '../function-signature.js';
import { fail, ok, type CallArg, type ScalarFunctionDef } from './scalar-function-def.js';
import { alias, arityError, checkArgs, coerceArg, custom } from './signature-builders.js';
import { structFieldNames } from './struct-field-names.js';
import { canImplicitCast, widerType, widerTypeOf } from './type-coercion.js';

const array = custom('array', (argTypes) => {
  const t = widerTypeOf(argTypes, true);
  if (!t) return fail(`array: elements of types ${argTypes.map(typeToString).join(', ')} have no common type`);
  return ok(argTypes.map(() => t), arrayType(t));
});

const size = custom('size', (argTypes) => {
  if (argTypes.length !== 1) return arityError('size', '1', argTypes.length);
  const t = argTypes[0]!;
  if (t.kind === 'array' || t.kind === 'map') return ok([t], IntType);
  if (t.kind === 'null') return ok([arrayType(NullType)], IntType);
  return fail(`size: argument 1 must be an ARRAY or a MAP, but it is ${typeToString(t)}`);
});

/** element_at(array, index) → element; element_at(map, key) → value (key cast to the map's key type). */
const elementAt = custom('element_at', (argTypes) => {
  if (argTypes.length !== 2) return arityError('element_at', '2', argTypes.length);
  const c = argTypes[0]!;
  if (c.kind === 'array') return checkArgs('element_at', ['any', 'int'], c.element, argTypes, {});
  if (c.kind === 'map') {
    if (!canImplicitCast(argTypes[1]!, c.key)) {
      return fail(`element_at: the key must be ${typeToString(c.key)}, but it is ${typeToString(argTypes[1]!)}`);
    }
    return ok([c, c.key], c.value);
  }
  return fail(`element_at: argument 1 must be an ARRAY or a MAP, but it is ${typeToString(c)}`);
});

/** array[i], the SQL subscript: a 0-based index. */
const arraySubscript = custom('array_subscript', (argTypes) => {
  if (argTypes.length !== 2) return arityError('array_subscript', '2', argTypes.length);
  const a = argTypes[0]!;
  if (a.kind !== 'array') return fail(`array_subscript: argument 1 must be an ARRAY, but it is ${typeToString(a)}`);
  return checkArgs('array_subscript', ['any', 'int'], a.element, argTypes, {});
});

const arrayContains = custom('array_contains', (argTypes) => {
  if (argTypes.length !== 2) return arityError('array_contains', '2', argTypes.length);
  const a = argTypes[0]!, v = argTypes[1]!;
  if (a.kind !== 'array') return fail(`array_contains: argument 1 must be an ARRAY, but it is ${typeToString(a)}`);
  if (v.kind === 'null') return fail('array_contains: the value to look for cannot be an untyped NULL');
  const e = widerType(a.element, v, false);
  if (!e) return fail(`array_contains: cannot look for a ${typeToString(v)} in an ${typeToString(a)}`);
  return ok([arrayType(e), e], BooleanType);
});

const arrayDistinct = custom('array_distinct', (argTypes) => checkArgs('array_distinct', ['array'], (t) => t[0]!, argTypes, {}));

const sortArray = custom('sort_array', (argTypes) => checkArgs('sort_array', ['array', 'boolean'], (t) => {
  const a = t[0]!;
  return a.kind === 'array' && a.element.kind === 'map' ? 'arrays of maps cannot be sorted' : a;
}, argTypes, { required: 1 }));

function structOf(argTypes: readonly DataType[], names: readonly string[]): SignatureResult {
  return ok(argTypes, structType(argTypes.map((t, i) => structField(names[i]!, t))));
}

const struct = custom('struct', (argTypes) => structOf(argTypes, structFieldNames(argTypes.map(() => undefined))), {
  resolveCall: (args: readonly CallArg[]) => structOf(args.map((a) => a.type), structFieldNames(args.map((a) => a.name))),
});

/** named_struct(name1, value1, …): names must be constant strings; they reach the implementation as columns too. */
const namedStruct = custom('named_struct', () => fail('named_struct: field names must be constant strings'), {
  resolveCall: (args: readonly CallArg[]) => {
    if (args.length === 0 || args.length % 2 !== 0) {
      return fail(`named_struct expects an even number of arguments (name, value, …), but got ${args.length}`);
    }
    const names: string[] = [], types: DataType[] = [];
    for (let i = 0; i < args.length; i += 2) {
      const n = args[i]!.value;
      if (typeof n !== 'string') return fail(`named_struct: argument ${i + 1} must be a constant string field name`);
      names.push(n);
      types.push(args[i + 1]!.type);
    }
    return ok(args.map((a, i) => (i % 2 === 0 ? StringType : a.type)),
      structType(types.map((t, i) => structField(names[i]!, t))));
  },
});

const map = custom('map', (argTypes) => {
  if (argTypes.length % 2 !== 0) return fail(`map expects an even number of arguments (key, value, …), but got ${argTypes.length}`);
  const keys = argTypes.filter((_, i) => i % 2 === 0), values = argTypes.filter((_, i) => i % 2 === 1);
  const k = widerTypeOf(keys, true), v = widerTypeOf(values, true);
  if (!k) return fail(`map: keys of types ${keys.map(typeToString).join(', ')} have no common type`);
  if (!v) return fail(`map: values of types ${values.map(typeToString).join(', ')} have no common type`);
  if (k.kind === 'map') return fail('map: keys cannot be maps');
  return ok(argTypes.map((_, i) => (i % 2 === 0 ? k : v)), mapType(k, v));
});

function mapPart(name: string, part: 'key' | 'value'): ScalarFunctionDef {
  return custom(name, (argTypes) => {
    if (argTypes.length !== 1) return arityError(name, '1', argTypes.length);
    const m = coerceArg('map', argTypes[0]!);
    if (!m || m.kind !== 'map') return fail(`${name}: argument 1 must be a MAP, but it is ${typeToString(argTypes[0]!)}`);
    return ok([m], arrayType(m[part]));
  });
}

export const collectionSignatures: readonly ScalarFunctionDef[] = [
  array, size, alias('cardinality', size), elementAt, arraySubscript, arrayContains, arrayDistinct, sortArray,
  struct, namedStruct, map, mapPart('map_keys', 'key'), mapPart('map_values', 'value'),
];
