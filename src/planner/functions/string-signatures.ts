/**
 * Types of the string functions. Arguments are implicitly cast to STRING (so `concat(1, 'a')` is `'1a'`) and
 * positions and lengths to INT. `concat` and `reverse` also work on arrays, as in Spark.
 */
import { BooleanType, IntType, StringType, arrayType, typeToString, type DataType } from '../../types/data-type.js';
import { fail, ok, type ScalarFunctionDef } from './scalar-function-def.js';
import { alias, coerceArg, custom, fn } from './signature-builders.js';
import { canImplicitCast, widerTypeOf } from './type-coercion.js';

const StringArray = arrayType(StringType);

/** concat over strings, or over arrays when every argument is an array. */
const concat = custom('concat', (argTypes) => {
  if (argTypes.length > 0 && argTypes.every((t) => t.kind === 'array' || t.kind === 'null') && argTypes.some((t) => t.kind === 'array')) {
    const t = widerTypeOf(argTypes, true);
    if (!t) return fail(`concat: arrays of ${argTypes.map(typeToString).join(', ')} have no common element type`);
    return ok(argTypes.map(() => t), t);
  }
  const coerced: DataType[] = [];
  for (let i = 0; i < argTypes.length; i++) {
    if (!canImplicitCast(argTypes[i]!, StringType)) {
      return fail(`concat: argument ${i + 1} must be a STRING (or every argument an ARRAY), but it is ${typeToString(argTypes[i]!)}`);
    }
    coerced.push(StringType);
  }
  return ok(coerced, StringType);
});

/** concat_ws(sep, …): each further argument is a string or an array of strings. */
const concatWs = custom('concat_ws', (argTypes) => {
  if (argTypes.length < 1) return fail('concat_ws expects at least 1 argument (the separator), but got 0');
  const coerced: DataType[] = [];
  for (let i = 0; i < argTypes.length; i++) {
    const t = argTypes[i]!;
    if (i > 0 && t.kind === 'array') {
      if (!canImplicitCast(t.element, StringType)) {
        return fail(`concat_ws: argument ${i + 1} must be a STRING or ARRAY<STRING>, but it is ${typeToString(t)}`);
      }
      coerced.push(StringArray);
    } else if (canImplicitCast(t, StringType)) {
      coerced.push(StringType);
    } else {
      return fail(`concat_ws: argument ${i + 1} must be a STRING${i > 0 ? ' or ARRAY<STRING>' : ''}, but it is ${typeToString(t)}`);
    }
  }
  return ok(coerced, StringType);
});

/** reverse(string) or reverse(array). */
const reverse = custom('reverse', (argTypes) => {
  if (argTypes.length !== 1) return fail(`reverse expects 1 argument, but got ${argTypes.length}`);
  const t = argTypes[0]!;
  if (t.kind === 'array') return ok([t], t);
  const s = coerceArg('string', t);
  return s ? ok([s], s) : fail(`reverse: argument 1 must be a STRING or an ARRAY, but it is ${typeToString(t)}`);
});

const lower = fn('lower', ['string'], StringType);
const upper = fn('upper', ['string'], StringType);
const length = fn('length', ['stringOrBinary'], IntType);
const substring = fn('substring', ['string', 'int', 'int'], StringType, { required: 2 });
const trim = fn('trim', ['string', 'string'], StringType, { required: 1 });
const locate = fn('locate', ['string', 'string', 'int'], IntType, { required: 2 });
const like = fn('like', ['string', 'string', 'string'], BooleanType, { required: 2 });
const rlike = fn('rlike', ['string', 'string'], BooleanType);
const chr = fn('chr', ['bigint'], StringType);
const formatString = fn('format_string', ['string'], StringType, { rest: 'any' });

export const stringSignatures: readonly ScalarFunctionDef[] = [
  concat, concatWs, lower, alias('lcase', lower), upper, alias('ucase', upper),
  length, alias('char_length', length), alias('character_length', length),
  fn('octet_length', ['stringOrBinary'], IntType), fn('bit_length', ['stringOrBinary'], IntType),
  substring, alias('substr', substring),
  fn('left', ['string', 'int'], StringType), fn('right', ['string', 'int'], StringType),
  trim, fn('ltrim', ['string', 'string'], StringType, { required: 1 }),
  fn('rtrim', ['string', 'string'], StringType, { required: 1 }), fn('btrim', ['string', 'string'], StringType, { required: 1 }),
  fn('replace', ['string', 'string', 'string'], StringType, { required: 2 }),
  fn('split', ['string', 'string', 'int'], StringArray, { required: 2 }),
  fn('regexp_extract', ['string', 'string', 'int'], StringType, { required: 2 }),
  fn('regexp_extract_all', ['string', 'string', 'int'], StringArray, { required: 2 }),
  fn('regexp_replace', ['string', 'string', 'string', 'int'], StringType, { required: 3 }),
  rlike, alias('regexp_like', rlike), alias('regexp', rlike),
  like, fn('ilike', ['string', 'string', 'string'], BooleanType, { required: 2 }),
  fn('instr', ['string', 'string'], IntType), locate, alias('position', locate),
  fn('lpad', ['string', 'int', 'string'], StringType, { required: 2 }),
  fn('rpad', ['string', 'int', 'string'], StringType, { required: 2 }),
  reverse, fn('repeat', ['string', 'int'], StringType), fn('initcap', ['string'], StringType),
  fn('ascii', ['string'], IntType), chr, alias('char', chr),
  formatString, alias('printf', formatString),
  fn('startswith', ['string', 'string'], BooleanType), fn('endswith', ['string', 'string'], BooleanType),
  fn('contains', ['string', 'string'], BooleanType),
  fn('translate', ['string', 'string', 'string'], StringType),
  fn('substring_index', ['string', 'string', 'int'], StringType),
];
