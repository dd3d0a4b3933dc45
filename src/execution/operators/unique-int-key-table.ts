/**
 * The hash join's fast path for the commonest equi-join, a fact table against a dimension's primary key: one
 * INT (or DATE) key whose build-side values are distinct and lie in a small span. The build side becomes one
 * direct-address table from key value to build row, so each probe row costs one array read and no hashing, and
 * no key ids or row chains are built. The span rule is grouping's (key-dictionary.ts `directIntRange`).
 */
import type { Column } from '../column.js';
import { directIntRange } from '../keys/key-dictionary.js';
import { RowPairs } from './join-output.js';

export class UniqueIntKeyTable {
  /** @param rowOf  the build row of each key value (at value - min), -1 for none */
  private constructor(private readonly rowOf: Int32Array, private readonly min: number) {}

  /**
   * The table over a build key column of n rows, or undefined when the keys are not of that kind (both the
   * build and the probe key must be stored as 32-bit integers).
   */
  static build(key: Column, n: number, probe: Column): UniqueIntKeyTable | undefined {
    const data = key.data, nulls = key.nulls;
    if (!(data instanceof Int32Array) || !(probe.data instanceof Int32Array) || n === 0) return undefined;
    const range = directIntRange(key, n);
    if (range === undefined) return undefined;
    const { min, span } = range;
    const rowOf = new Int32Array(span).fill(-1);
    for (let r = 0; r < n; r++) {
      if (nulls !== null && nulls[r] === 1) continue;
      const s = data[r]! - min;
      if (rowOf[s] !== -1) return undefined;
      rowOf[s] = r;
    }
    return new UniqueIntKeyTable(rowOf, min);
  }

  /** The (probe row, build row) pairs of equal non-null keys of the probe key column, in probe row order. */
  pairs(probe: Column, n: number): RowPairs {
    const pairs = new RowPairs(n);
    pairs.length = pairKeys(probe.data as Int32Array, probe.nulls, this.rowOf, this.min, n, pairs.left, pairs.right);
    return pairs;
  }
}

/**
 * Writes the pairs of probe rows 0 … n-1 to `left`/`right` and returns their number. Every probe row's pair is
 * written at the next free slot, which advances only on a hit, so the loop has no branch that depends on the
 * data (`left` and `right` need room for n pairs). `(v - min) >>> 0` turns values below the span into huge
 * offsets, so one comparison bounds both ends. A function of its arrays rather than a method, so its optimized
 * code does not depend on, and is not dropped with, the objects of one query.
 */
function pairKeys(
  data: Int32Array, nulls: Uint8Array | null, rowOf: Int32Array, min: number, n: number, left: Int32Array, right: Int32Array,
): number {
  const span = rowOf.length;
  let k = 0;
  if (nulls === null) {
    for (let i = 0; i < n; i++) {
      const s = (data[i]! - min) >>> 0;
      const r = s < span ? rowOf[s]! : -1;
      left[k] = i;
      right[k] = r;
      k += (r >>> 31) ^ 1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = (data[i]! - min) >>> 0;
      const r = s < span && nulls[i] === 0 ? rowOf[s]! : -1;
      left[k] = i;
      right[k] = r;
      k += (r >>> 31) ^ 1;
    }
  }
  return k;
}
