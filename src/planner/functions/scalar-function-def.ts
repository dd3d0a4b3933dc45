/**
 * What the scalar-function catalog holds: a `ScalarSignature` that may also type a call from more than its
 * argument types. A few of Spark's functions take their result type from constant arguments — `named_struct`'s
 * field names, `round`'s scale, `from_json`'s schema — or from argument names (`struct(a, b)` names its fields
 * `a` and `b`); for those the analyzer passes what it knows about each argument as a `CallArg`.
 */
import type { DataType } from '../../types/data-type.js';
import type { ScalarSignature, SignatureResult } from '../function-signature.js';

export interface CallArg {
  readonly type: DataType;
  /**
   * The argument's value when it is a constant (a literal, after folding), in the in-memory representation of
   * data-type.ts; `null` for a NULL literal; absent (undefined) when the argument is not a constant.
   */
  readonly value?: unknown;
  /** The name a column reference resolves to (its last part), used by `struct(…)` for field names. */
  readonly name?: string;
}

export interface ScalarFunctionDef extends ScalarSignature {
  /** Types a call knowing constant values and names; when absent, `resolve` over the types is the whole story. */
  resolveCall?(args: readonly CallArg[]): SignatureResult;
}

export function ok(argTypes: readonly DataType[], returnType: DataType): SignatureResult {
  return { ok: true, argTypes, returnType };
}

export function fail(error: string): SignatureResult {
  return { ok: false, error };
}
