/** Types of the hash and digest functions. */
import { BigIntType, IntType, StringType, typeToString, type DataType } from '../../types/data-type.js';
import { fail, ok, type ScalarFunctionDef } from './scalar-function-def.js';
import { alias, arityError, custom, fn } from './signature-builders.js';

function containsMap(t: DataType): boolean {
  switch (t.kind) {
    case 'map': return true;
    case 'array': return containsMap(t.element);
    case 'struct': return t.fields.some((f) => containsMap(f.type));
    default: return false;
  }
}

/** hash(…) over any non-map values: equal maps may iterate differently, so Spark refuses them. */
const hash = custom('hash', (argTypes) => {
  if (argTypes.length === 0) return arityError('hash', 'at least 1', 0);
  const bad = argTypes.find(containsMap);
  if (bad) return fail(`hash: values of type ${typeToString(bad)} cannot be hashed (maps have no stable order)`);
  return ok(argTypes, IntType);
});

const sha1 = fn('sha1', ['stringOrBinary'], StringType);

export const hashSignatures: readonly ScalarFunctionDef[] = [
  hash, fn('md5', ['stringOrBinary'], StringType), sha1, alias('sha', sha1),
  fn('sha2', ['stringOrBinary', 'int'], StringType), fn('crc32', ['stringOrBinary'], BigIntType),
];
