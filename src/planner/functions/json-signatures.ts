/**
 * Types of the JSON functions. `from_json`'s result type is its constant schema argument (see
 * from-json-schema.ts), so it is typed through `resolveCall`.
 */
import { StringType, typeToString } from '../../types/data-type.js';
import { SluiceError } from '../../types/errors.js';
import { fail, ok, type CallArg, type ScalarFunctionDef } from './scalar-function-def.js';
import { arityError, coerceArg, custom, fn } from './signature-builders.js';
import { resolveFromJson } from './from-json-schema.js';

const fromJson = custom('from_json', () => fail('from_json: the schema (argument 2) must be a constant string'), {
  resolveCall: (args: readonly CallArg[]) => {
    if (args.length !== 2) return arityError('from_json', '2', args.length);
    if (!coerceArg('string', args[0]!.type)) {
      return fail(`from_json: argument 1 must be a STRING, but it is ${typeToString(args[0]!.type)}`);
    }
    const schema = args[1]!.value;
    if (typeof schema !== 'string') return fail('from_json: the schema (argument 2) must be a constant string');
    try {
      return ok([StringType, StringType], resolveFromJson(schema));
    } catch (e) {
      if (e instanceof SluiceError) return fail(e.message);
      throw e;
    }
  },
});

const toJson = custom('to_json', (argTypes) => {
  if (argTypes.length !== 1) return arityError('to_json', '1', argTypes.length);
  const t = argTypes[0]!;
  if (t.kind === 'struct' || t.kind === 'array' || t.kind === 'map') return ok([t], StringType);
  return fail(`to_json: argument 1 must be a STRUCT, ARRAY or MAP, but it is ${typeToString(t)}`);
});

export const jsonSignatures: readonly ScalarFunctionDef[] = [
  fromJson, toJson, fn('get_json_object', ['string', 'string'], StringType),
];
