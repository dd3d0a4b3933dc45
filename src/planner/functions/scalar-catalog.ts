/**
 * The catalog of scalar functions: name → signature. Names are matched case-insensitively; aliases (`ucase`,
 * `power`, `ceiling`, …) are entries of their own whose `impl` names the implementation to run
 * (`lookupScalarImpl(sig.impl ?? sig.name)` in execution/functions/scalar-registry.ts).
 *
 * ```ts
 * const sig = lookupScalarFunction('SUBSTR')!;          // sig.impl === 'substring'
 * sig.resolve([StringType, IntType]);                   // {ok: true, argTypes: [STRING, INT], returnType: STRING}
 * resolveScalarCall('named_struct', [{type: StringType, value: 'a'}, {type: IntType}]);
 *                                                        // {ok: true, …, returnType: STRUCT<a: INT>}
 * ```
 */
import type { SignatureResult } from '../function-signature.js';
import { collectionSignatures } from './collection-signatures.js';
import { conditionalSignatures } from './conditional-signatures.js';
import { datetimeSignatures } from './datetime-signatures.js';
import { hashSignatures } from './hash-signatures.js';
import { intervalSignatures } from './interval-signatures.js';
import { jsonSignatures } from './json-signatures.js';
import { mathSignatures } from './math-signatures.js';
import type { CallArg, ScalarFunctionDef } from './scalar-function-def.js';
import { stringSignatures } from './string-signatures.js';

export type { CallArg, ScalarFunctionDef } from './scalar-function-def.js';

const catalog: ReadonlyMap<string, ScalarFunctionDef> = new Map(
  [
    ...mathSignatures, ...stringSignatures, ...datetimeSignatures, ...collectionSignatures, ...jsonSignatures,
    ...hashSignatures, ...conditionalSignatures, ...intervalSignatures,
  ].map((s) => [s.name, s]),
);

/** The signature of the scalar function `name` (any case), or undefined when there is none. */
export function lookupScalarFunction(name: string): ScalarFunctionDef | undefined {
  return catalog.get(name.toLowerCase());
}

/** All scalar function names, aliases included, sorted (for SHOW FUNCTIONS and "did you mean" hints). */
export function scalarFunctionNames(): string[] {
  return [...catalog.keys()].sort();
}

/**
 * Types a call from what the analyzer knows about its arguments: their types, constant values and the names of
 * column references. This is the complete entry point — it uses `resolveCall` where the result depends on
 * constants or names (`named_struct`, `struct`, `from_json`, `round`/`bround`/`floor`/`ceil` with a scale,
 * `timestamp_add_interval` on a DATE) and `resolve` otherwise. Undefined when no such function exists.
 */
export function resolveScalarCall(name: string, args: readonly CallArg[]): SignatureResult | undefined {
  const sig = lookupScalarFunction(name);
  if (!sig) return undefined;
  return sig.resolveCall ? sig.resolveCall(args) : sig.resolve(args.map((a) => a.type));
}
