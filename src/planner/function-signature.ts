/**
 * How the planner types a scalar function call: given the argument types, the types to coerce the arguments
 * to and the result type, or an error message that names what is wrong. The matching runtime implementation
 * lives in `execution/functions` under the same lower-case name.
 */
import type { DataType } from '../types/data-type.js';

export type SignatureResult =
  | { readonly ok: true; readonly argTypes: readonly DataType[]; readonly returnType: DataType }
  | { readonly ok: false; readonly error: string };

export interface ScalarSignature {
  /** Lower-case name; aliases get their own entries pointing at the same implementation name. */
  readonly name: string;
  /** The runtime implementation's name, when it differs from `name` (aliases). */
  readonly impl?: string;
  /** False for functions whose result changes between calls (current_timestamp, rand): never constant-folded. */
  readonly deterministic: boolean;
  resolve(argTypes: readonly DataType[]): SignatureResult;
}
