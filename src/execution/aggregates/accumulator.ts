/**
 * Vectorized aggregate state: one accumulator per aggregate call holds the state of every group in arrays
 * indexed by group id, and `update` folds a whole batch in given each row's group id. The same state can be
 * read out and merged per group (`getState` / `mergeState`), which is how streaming aggregation carries groups
 * from one micro-batch to the next through the state store.
 */
import type { Column } from '../column.js';

export interface Accumulator {
  /** Makes room for groups 0 … numGroups-1 (new groups start empty). */
  resize(numGroups: number): void;
  /**
   * Folds rows 0 … n-1 into their groups. `args` are the evaluated arguments; `rows`, when given, restricts the
   * update to those row indexes (FILTER clauses and DISTINCT pre-deduplication).
   */
  update(groupIds: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void;
  /** The aggregate's value for groups 0 … numGroups-1. */
  result(numGroups: number): Column;
  /** Group g's partial state as a JSON-compatible value (numbers, strings, arrays, null). */
  getState(g: number): unknown;
  /** Merges a partial state produced by `getState` into group g. */
  mergeState(g: number, state: unknown): void;
}

/**
 * Accumulators whose partial state is always a fixed number of float64s (count, sum, avg, the variance family):
 * `getState` gives a number when the width is 1 and an array of `stateWidth` numbers otherwise. A streaming
 * aggregation over a million groups moves their states through the state store in bulk this way, without a
 * state object per group.
 */
export interface FixedWidthStates {
  readonly stateWidth: number;
  /** For k < groups.length: writes group groups[k]'s state to out[k * stride + offset …], as getState would. */
  writeStates(groups: Int32Array, out: Float64Array, stride: number, offset: number): void;
  /** For k < count: merges the state at src[k * stride + offset …] into group groups[k], as mergeState would. */
  mergeStates(groups: Int32Array, count: number, src: Float64Array, stride: number, offset: number): void;
}

export function hasFixedWidthStates(a: Accumulator): a is Accumulator & FixedWidthStates {
  return typeof (a as Partial<FixedWidthStates>).stateWidth === 'number';
}

/** Calls `visit` for the given row indexes, or for rows 0 … n-1 when there are none (the `rows` of `update`). */
export function forEachRow(n: number, rows: Int32Array | undefined, visit: (i: number) => void): void {
  if (rows) for (let k = 0; k < rows.length; k++) visit(rows[k]!);
  else for (let i = 0; i < n; i++) visit(i);
}
