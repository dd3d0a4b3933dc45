/**
 * The runtime implementations of the scalar functions, by the lower-case name the catalog
 * (planner/functions/scalar-catalog.ts) gives as `sig.impl ?? sig.name`. Aliases are registered too, so looking
 * an alias up directly also works.
 *
 * ```ts
 * const upper = lookupScalarImpl('upper')!;
 * upper([columnFromValues(StringType, ['a', null])], 2, StringType);   // ['A', null]
 * ```
 */
import { collectionFunctions } from './collection-functions.js';
import { conditionalFunctions } from './conditional-functions.js';
import { datetimeFunctions } from './datetime-functions.js';
import { hashFunctions } from './hash-functions.js';
import { intervalFunctions } from './interval-functions.js';
import { jsonFunctions } from './json-functions.js';
import { mathFunctions } from './math-functions.js';
import { regexFunctions } from './regex-functions.js';
import type { ScalarImpl } from './scalar-impl.js';
import { stringFunctions } from './string-functions.js';

export type { ScalarImpl } from './scalar-impl.js';

/** Names that share another function's implementation. */
const aliases: Readonly<Record<string, string>> = {
  ceiling: 'ceil', power: 'pow', sign: 'signum', lcase: 'lower', ucase: 'upper', char_length: 'length',
  character_length: 'length', substr: 'substring', regexp_like: 'rlike', regexp: 'rlike', position: 'locate',
  char: 'chr', printf: 'format_string', day: 'dayofmonth', to_unix_timestamp: 'unix_timestamp',
  now: 'current_timestamp', localtimestamp: 'current_timestamp', cardinality: 'size', ifnull: 'nvl',
  random: 'rand', sha: 'sha1',
};

const registry: ReadonlyMap<string, ScalarImpl> = (() => {
  const m = new Map<string, ScalarImpl>(Object.entries({
    ...mathFunctions, ...stringFunctions, ...regexFunctions, ...datetimeFunctions, ...collectionFunctions,
    ...jsonFunctions, ...hashFunctions, ...conditionalFunctions, ...intervalFunctions,
  }));
  for (const [alias, target] of Object.entries(aliases)) m.set(alias, m.get(target)!);
  return m;
})();

/** The implementation of scalar function `name` (any case), or undefined. */
export function lookupScalarImpl(name: string): ScalarImpl | undefined {
  return registry.get(name.toLowerCase());
}
