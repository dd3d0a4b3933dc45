/**
 * An aggregate over DISTINCT values whose state must survive micro-batches (count(DISTINCT x) in a streaming
 * aggregation): the state is the set of distinct argument tuples seen so far, and the result runs the plain
 * aggregate over that set.
 */
import { IntType } from '../../types/data-type.js';
import { columnFromValues, makeColumn, valueAt, type Column } from '../column.js';
import { canonicalKey } from '../keys/key-dictionary.js';
import { forEachRow, type Accumulator } from './accumulator.js';

export class DistinctSetAccumulator implements Accumulator {
  private keys: Set<string>[] = [];
  private tuples: unknown[][][] = [];

  constructor(private readonly argTypes: readonly Column['type'][], private readonly makeInner: () => Accumulator) {}

  resize(n: number): void {
    while (this.keys.length < n) { this.keys.push(new Set()); this.tuples.push([]); }
  }

  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const visit = (i: number) => {
      const tuple = args.map((a) => valueAt(a, i));
      if (tuple.some((v) => v === null)) return;
      this.add(ids[i]!, tuple);
    };
    forEachRow(n, rows, visit);
  }

  private add(g: number, tuple: unknown[]): void {
    const key = canonicalKey(tuple);
    if (this.keys[g]!.has(key)) return;
    this.keys[g]!.add(key);
    this.tuples[g]!.push(tuple);
  }

  result(numGroups: number): Column {
    const inner = this.makeInner();
    inner.resize(numGroups);
    const ids: number[] = [];
    const cols: unknown[][] = this.argTypes.map(() => []);
    for (let g = 0; g < numGroups; g++) {
      for (const t of this.tuples[g]!) { ids.push(g); t.forEach((v, c) => cols[c]!.push(v)); }
    }
    const args = this.argTypes.map((t, c) => columnFromValues(t, cols[c]!));
    inner.update(makeColumn(IntType, Int32Array.from(ids)).data as Int32Array, args, ids.length);
    return inner.result(numGroups);
  }

  getState(g: number): unknown { return this.tuples[g]; }
  mergeState(g: number, s: unknown): void { for (const t of s as unknown[][]) this.add(g, t); }
}
