/** min, max, first, last, max_by/min_by, collect_list/collect_set and approx_count_distinct. */
import { isFixedWidth, type DataType } from '../../types/data-type.js';
import { makeColumn, valueAt, type Column, type FixedData } from '../column.js';
import { fromValues } from '../expression-compiler.js';
import { canonicalKey } from '../keys/key-dictionary.js';
import { compareNumbers, compareValues } from '../value-compare.js';
import { forEachRow, type Accumulator } from './accumulator.js';

function growArray<T>(a: T[], n: number, fill: T): void {
  while (a.length < n) a.push(fill);
}

/** min/max over numbers in a Float64Array; over other types through compareValues. */
export class MinMaxAccumulator implements Accumulator {
  private readonly numeric: boolean;
  private nums = new Float64Array(16);
  private has = new Uint8Array(16);
  private values: unknown[] = [];
  constructor(private readonly type: DataType, private readonly isMax: boolean) {
    this.numeric = isFixedWidth(type) && type.kind !== 'boolean';
  }
  resize(n: number): void {
    if (this.nums.length < n) {
      const g = new Float64Array(Math.max(n, this.nums.length * 2)); g.set(this.nums); this.nums = g;
      const h = new Uint8Array(g.length); h.set(this.has); this.has = h;
    }
    growArray(this.values, n, null);
  }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!;
    if (this.numeric) {
      const d = c.data as FixedData, nulls = c.nulls, nums = this.nums, has = this.has, isMax = this.isMax;
      const visit = (i: number) => {
        if (nulls !== null && nulls[i] === 1) return;
        const g = ids[i]!, v = d[i]!;
        if (has[g] === 0) { has[g] = 1; nums[g] = v; return; }
        const cmp = compareNumbers(v, nums[g]!);
        if (isMax ? cmp > 0 : cmp < 0) nums[g] = v;
      };
      if (rows) { for (let k = 0; k < rows.length; k++) visit(rows[k]!); return; }
      if (nulls === null && this.type.kind !== 'double') {
        if (isMax) for (let i = 0; i < n; i++) { const g = ids[i]!, v = d[i]!; if (has[g] === 0) { has[g] = 1; nums[g] = v; } else if (v > nums[g]!) nums[g] = v; }
        else for (let i = 0; i < n; i++) { const g = ids[i]!, v = d[i]!; if (has[g] === 0) { has[g] = 1; nums[g] = v; } else if (v < nums[g]!) nums[g] = v; }
        return;
      }
      for (let i = 0; i < n; i++) visit(i);
      return;
    }
    const visit = (i: number) => this.offer(ids[i]!, valueAt(c, i));
    forEachRow(n, rows, visit);
  }
  private offer(g: number, v: unknown): void {
    if (v === null) return;
    if (this.numeric) {
      const x = v as number;
      if (this.has[g] === 0) { this.has[g] = 1; this.nums[g] = x; return; }
      const cmp = compareNumbers(x, this.nums[g]!);
      if (this.isMax ? cmp > 0 : cmp < 0) this.nums[g] = x;
      return;
    }
    const cur = this.values[g];
    if (cur === null || cur === undefined) { this.values[g] = v; return; }
    const cmp = compareValues(v, cur, this.type);
    if (this.isMax ? cmp > 0 : cmp < 0) this.values[g] = v;
  }
  result(numGroups: number): Column {
    if (this.numeric) {
      const nulls = new Uint8Array(numGroups);
      let any = false;
      for (let g = 0; g < numGroups; g++) if (this.has[g] === 0) { nulls[g] = 1; any = true; }
      const out = fromValues(this.type, []);
      const data = (out.data as FixedData).constructor as new (n: number) => FixedData;
      const arr = new data(numGroups);
      for (let g = 0; g < numGroups; g++) arr[g] = this.nums[g]!;
      return makeColumn(this.type, arr, any ? nulls : null);
    }
    return fromValues(this.type, this.values.slice(0, numGroups));
  }
  getState(g: number): unknown {
    if (this.numeric) return this.has[g] ? this.nums[g] : null;
    return this.values[g] ?? null;
  }
  mergeState(g: number, s: unknown): void { this.offer(g, s); }
}

/** first/last (optionally ignoring nulls). "First" is the first row seen in input order. */
export class FirstLastAccumulator implements Accumulator {
  private values: unknown[] = [];
  private set: boolean[] = [];
  constructor(private readonly type: DataType, private readonly isLast: boolean, private readonly ignoreNulls: boolean) {}
  resize(n: number): void { growArray(this.values, n, null); growArray(this.set, n, false); }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!;
    const visit = (i: number) => this.offer(ids[i]!, valueAt(c, i));
    forEachRow(n, rows, visit);
  }
  private offer(g: number, v: unknown): void {
    if (this.ignoreNulls && v === null) return;
    if (this.set[g] && !this.isLast) return;
    this.values[g] = v;
    this.set[g] = true;
  }
  result(numGroups: number): Column { return fromValues(this.type, this.values.slice(0, numGroups)); }
  getState(g: number): unknown { return this.set[g] ? [this.values[g]] : null; }
  mergeState(g: number, s: unknown): void { if (s !== null) this.offer(g, (s as unknown[])[0]); }
}

/** max_by(x, y) / min_by(x, y): the x of the row with the largest / smallest y. */
export class ByAccumulator implements Accumulator {
  private xs: unknown[] = [];
  private ys: unknown[] = [];
  constructor(private readonly type: DataType, private readonly orderType: DataType, private readonly isMax: boolean) {}
  resize(n: number): void { growArray(this.xs, n, null); growArray(this.ys, n, null); }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const visit = (i: number) => this.offer(ids[i]!, valueAt(args[0]!, i), valueAt(args[1]!, i));
    forEachRow(n, rows, visit);
  }
  private offer(g: number, x: unknown, y: unknown): void {
    if (y === null) return;
    const cur = this.ys[g];
    if (cur === null || cur === undefined) { this.xs[g] = x; this.ys[g] = y; return; }
    const cmp = compareValues(y, cur, this.orderType);
    if (this.isMax ? cmp > 0 : cmp < 0) { this.xs[g] = x; this.ys[g] = y; }
  }
  result(numGroups: number): Column { return fromValues(this.type, this.xs.slice(0, numGroups)); }
  getState(g: number): unknown { return this.ys[g] === null || this.ys[g] === undefined ? null : [this.xs[g], this.ys[g]]; }
  mergeState(g: number, s: unknown): void { if (s !== null) { const [x, y] = s as [unknown, unknown]; this.offer(g, x, y); } }
}

/** collect_list / collect_set: nulls are skipped, as in Spark. */
export class CollectAccumulator implements Accumulator {
  private lists: unknown[][] = [];
  private seen: Set<string>[] = [];
  constructor(private readonly type: DataType, private readonly distinct: boolean) {}
  resize(n: number): void {
    while (this.lists.length < n) { this.lists.push([]); if (this.distinct) this.seen.push(new Set()); }
  }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!;
    const visit = (i: number) => this.offer(ids[i]!, valueAt(c, i));
    forEachRow(n, rows, visit);
  }
  private offer(g: number, v: unknown): void {
    if (v === null) return;
    if (this.distinct) {
      const k = canonicalKey(v);
      if (this.seen[g]!.has(k)) return;
      this.seen[g]!.add(k);
    }
    this.lists[g]!.push(v);
  }
  result(numGroups: number): Column { return makeColumn(this.type, this.lists.slice(0, numGroups).map((l) => [...l])); }
  getState(g: number): unknown { return this.lists[g]; }
  mergeState(g: number, s: unknown): void { for (const v of s as unknown[]) this.offer(g, v); }
}

/** approx_count_distinct, computed exactly (an exact answer is within any error bound). */
export class CountDistinctAccumulator implements Accumulator {
  private sets: Set<unknown>[] = [];
  resize(n: number): void { while (this.sets.length < n) this.sets.push(new Set()); }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!;
    const prim = isFixedWidth(c.type) || c.type.kind === 'string';
    const visit = (i: number) => {
      const v = valueAt(c, i);
      if (v !== null) this.sets[ids[i]!]!.add(prim ? v : canonicalKey(v));
    };
    forEachRow(n, rows, visit);
  }
  result(numGroups: number): Column {
    const out = new Float64Array(numGroups);
    for (let g = 0; g < numGroups; g++) out[g] = this.sets[g]!.size;
    return makeColumn({ kind: 'bigint' }, out);
  }
  getState(g: number): unknown { return [...this.sets[g]!]; }
  mergeState(g: number, s: unknown): void { for (const v of s as unknown[]) this.sets[g]!.add(v); }
}
