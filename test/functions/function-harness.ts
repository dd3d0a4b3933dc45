/**
 * Runs scalar functions the way the engine does: type the call with the catalog (constants and names passed
 * as CallArgs), cast each argument to the signature's argument type with `castColumn`, run the implementation
 * and read the result back as JS values.
 */
import { expect } from 'vitest';
import { columnFromValues, constantColumn, valueAt, type Column } from '../../src/execution/column.js';
import { castColumn } from '../../src/execution/cast.js';
import { lookupScalarImpl } from '../../src/execution/functions/scalar-registry.js';
import { resolveScalarCall } from '../../src/planner/functions/scalar-catalog.js';
import {
  BigIntType, BooleanType, DateType, DoubleType, IntType, NullType, StringType, TimestampType, decimalType,
  type DataType,
} from '../../src/types/data-type.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';

/** An argument: a constant (`lit`) or a column of per-row values (`col`). */
export type Arg =
  | { readonly kind: 'lit'; readonly type: DataType; readonly value: unknown }
  | { readonly kind: 'col'; readonly type: DataType; readonly values: readonly unknown[]; readonly name?: string };

export const lit = (value: unknown, type: DataType): Arg => ({ kind: 'lit', type, value });
export const col = (type: DataType, values: readonly unknown[], name?: string): Arg => ({ kind: 'col', type, values, name });

/** Literal shorthands typed as Spark types SQL literals. */
export const int = (v: number | null): Arg => lit(v, IntType);
export const long = (v: number | null): Arg => lit(v, BigIntType);
export const dbl = (v: number | null): Arg => lit(v, DoubleType);
export const str = (v: string | null): Arg => lit(v, StringType);
export const bool = (v: boolean | null): Arg => lit(v, BooleanType);
export const nul = (): Arg => lit(null, NullType);
export const dec = (text: string): Arg => {
  const [whole = '', frac = ''] = text.replace('-', '').split('.');
  const digits = (whole.replace(/^0+/, '') + frac).length || 1;
  return lit(Number(text), decimalType(Math.max(digits, frac.length), frac.length));
};
export const date = (text: string): Arg => lit(parseDate(text), DateType);
export const ts = (text: string): Arg => lit(parseTimestamp(text), TimestampType);

export interface CallResult { readonly type: DataType; readonly values: unknown[] }

/** Types and runs `name(args…)`; throws if the call does not type-check. */
export function call(name: string, ...args: Arg[]): CallResult {
  const n = Math.max(1, ...args.map((a) => (a.kind === 'col' ? a.values.length : 1)));
  const r = resolveScalarCall(name, args.map((a) => (a.kind === 'lit'
    ? { type: a.type, value: a.value }
    : { type: a.type, ...(a.name !== undefined ? { name: a.name } : {}) })));
  if (r === undefined) throw new Error(`no function ${name}`);
  if (!r.ok) throw new Error(r.error);
  const sigName = name.toLowerCase();
  const impl = lookupScalarImpl(sigName);
  if (!impl) throw new Error(`no implementation for ${name}`);
  const columns: Column[] = args.map((a, i) => {
    const c = a.kind === 'lit' ? constantColumn(a.type, a.value, n) : columnFromValues(a.type, a.values);
    return castColumn(c, r.argTypes[i]!);
  });
  const out = impl(columns, n, r.returnType);
  expect(out.length).toBe(n);
  const values: unknown[] = [];
  for (let i = 0; i < n; i++) values.push(valueAt(out, i));
  return { type: r.returnType, values };
}

/** The single value of a call over constants. */
export function value(name: string, ...args: Arg[]): unknown {
  return call(name, ...args).values[0];
}

/** The type error of a call that does not type-check, or undefined. */
export function typeError(name: string, ...args: Arg[]): string | undefined {
  const r = resolveScalarCall(name, args.map((a) => ({ type: a.type, ...(a.kind === 'lit' ? { value: a.value } : {}) })));
  return r && !r.ok ? r.error : undefined;
}
