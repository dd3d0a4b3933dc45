/** count, sum, avg, count_if and the variance family: state in typed arrays indexed by group id. */
import type { DataType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';
import { forEachRow, type Accumulator, type FixedWidthStates } from './accumulator.js';

function grow(a: Float64Array, n: number): Float64Array {
  if (a.length >= n) return a;
  const g = new Float64Array(Math.max(n, a.length * 2));
  g.set(a);
  return g;
}
function growU8(a: Uint8Array, n: number): Uint8Array {
  if (a.length >= n) return a;
  const g = new Uint8Array(Math.max(n, a.length * 2));
  g.set(a);
  return g;
}

/** FixedWidthStates over parallel Float64Arrays of per-group state, one array per state slot. */
function writeSlots(slots: readonly Float64Array[], groups: Int32Array, out: Float64Array, stride: number, offset: number): void {
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s]!;
    for (let k = 0, at = offset + s; k < groups.length; k++, at += stride) out[at] = slot[groups[k]!]!;
  }
}
function addSlots(slots: readonly Float64Array[], groups: Int32Array, count: number, src: Float64Array, stride: number, offset: number): void {
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s]!;
    for (let k = 0, at = offset + s; k < count; k++, at += stride) slot[groups[k]!]! += src[at]!;
  }
}

/** True when row i has a non-null value in every column. */
function allNonNull(args: readonly Column[], i: number): boolean {
  for (const c of args) {
    if (c.nulls !== null) { if (c.nulls[i] === 1) return false; }
    else if (!ArrayBuffer.isView(c.data) && (c.data as unknown[])[i] === null) return false;
  }
  return true;
}

export class CountAccumulator implements Accumulator, FixedWidthStates {
  readonly stateWidth = 1;
  protected counts: Float64Array = new Float64Array(16);
  resize(n: number): void { this.counts = grow(this.counts, n); }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const counts = this.counts;
    if (rows) {
      for (let k = 0; k < rows.length; k++) { const i = rows[k]!; if (args.length === 0 || allNonNull(args, i)) counts[ids[i]!]!++; }
      return;
    }
    if (args.length === 0 || (args.length === 1 && args[0]!.nulls === null && ArrayBuffer.isView(args[0]!.data))) {
      for (let i = 0; i < n; i++) counts[ids[i]!]!++;
      return;
    }
    if (args.length === 1 && args[0]!.nulls !== null) {
      const nulls = args[0]!.nulls;
      for (let i = 0; i < n; i++) counts[ids[i]!]! += 1 - nulls[i]!;
      return;
    }
    for (let i = 0; i < n; i++) if (allNonNull(args, i)) counts[ids[i]!]!++;
  }
  result(numGroups: number): Column { return makeColumn({ kind: 'bigint' }, this.counts.slice(0, numGroups)); }
  getState(g: number): unknown { return this.counts[g]; }
  mergeState(g: number, s: unknown): void { this.counts[g]! += s as number; }
  writeStates(groups: Int32Array, out: Float64Array, stride: number, offset: number): void {
    writeSlots([this.counts], groups, out, stride, offset);
  }
  mergeStates(groups: Int32Array, count: number, src: Float64Array, stride: number, offset: number): void {
    addSlots([this.counts], groups, count, src, stride, offset);
  }
}

/** count_if: a count of the rows whose argument is TRUE. */
export class CountIfAccumulator extends CountAccumulator {
  override update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!, d = c.data as Uint8Array, nulls = c.nulls, counts = this.counts;
    const visit = (i: number) => { if (d[i] === 1 && (nulls === null || nulls[i] === 0)) counts[ids[i]!]!++; };
    forEachRow(n, rows, visit);
  }
}

/** sum and avg share the (sum, count) state; avg divides at the end. */
export class SumAccumulator implements Accumulator, FixedWidthStates {
  readonly stateWidth = 2;
  private sums: Float64Array = new Float64Array(16);
  private counts: Float64Array = new Float64Array(16);
  constructor(private readonly resultType: DataType, private readonly average: boolean) {}
  resize(n: number): void { this.sums = grow(this.sums, n); this.counts = grow(this.counts, n); }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!, d = c.data as FixedData, nulls = c.nulls, sums = this.sums, counts = this.counts;
    if (rows) {
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const g = ids[i]!; sums[g]! += d[i]!; counts[g]!++;
      }
      return;
    }
    if (nulls === null) {
      for (let i = 0; i < n; i++) { const g = ids[i]!; sums[g]! += d[i]!; counts[g]!++; }
    } else {
      for (let i = 0; i < n; i++) { if (nulls[i] === 1) continue; const g = ids[i]!; sums[g]! += d[i]!; counts[g]!++; }
    }
  }
  result(numGroups: number): Column {
    const out = allocFixed(this.resultType, numGroups);
    const nulls = new Uint8Array(numGroups);
    let any = false;
    const scale = this.resultType.kind === 'decimal' ? Math.pow(10, this.resultType.scale) : 0;
    for (let g = 0; g < numGroups; g++) {
      if (this.counts[g] === 0) { nulls[g] = 1; any = true; continue; }
      let v = this.average ? this.sums[g]! / this.counts[g]! : this.sums[g]!;
      if (scale !== 0) v = Math.round(v * scale) / scale;
      out[g] = v;
    }
    return makeColumn(this.resultType, out, any ? nulls : null);
  }
  getState(g: number): unknown { return [this.sums[g], this.counts[g]]; }
  mergeState(g: number, s: unknown): void {
    const [sum, count] = s as [number, number];
    this.sums[g]! += sum; this.counts[g]! += count;
  }
  writeStates(groups: Int32Array, out: Float64Array, stride: number, offset: number): void {
    writeSlots([this.sums, this.counts], groups, out, stride, offset);
  }
  mergeStates(groups: Int32Array, count: number, src: Float64Array, stride: number, offset: number): void {
    addSlots([this.sums, this.counts], groups, count, src, stride, offset);
  }
}

export type VarianceKind = 'stddev_samp' | 'stddev_pop' | 'var_samp' | 'var_pop';

/** Welford's running mean and M2, merged with Chan's formula; numerically stable in one pass. */
export class VarianceAccumulator implements Accumulator, FixedWidthStates {
  readonly stateWidth = 3;
  private n: Float64Array = new Float64Array(16);
  private mean: Float64Array = new Float64Array(16);
  private m2: Float64Array = new Float64Array(16);
  constructor(private readonly kind: VarianceKind) {}
  resize(k: number): void { this.n = grow(this.n, k); this.mean = grow(this.mean, k); this.m2 = grow(this.m2, k); }
  update(ids: Int32Array, args: readonly Column[], count: number, rows?: Int32Array): void {
    const c = args[0]!, d = c.data as FixedData, nulls = c.nulls;
    const visit = (i: number) => {
      if (nulls !== null && nulls[i] === 1) return;
      const g = ids[i]!, x = d[i]!;
      const n = ++this.n[g]!;
      const delta = x - this.mean[g]!;
      this.mean[g]! += delta / n;
      this.m2[g]! += delta * (x - this.mean[g]!);
    };
    forEachRow(count, rows, visit);
  }
  result(numGroups: number): Column {
    const out = new Float64Array(numGroups), nulls = new Uint8Array(numGroups);
    let any = false;
    for (let g = 0; g < numGroups; g++) {
      const n = this.n[g]!;
      const sample = this.kind === 'stddev_samp' || this.kind === 'var_samp';
      if (n === 0) { nulls[g] = 1; any = true; continue; }
      // Spark (non-legacy) returns NULL for the sample statistics of a single row.
      if (sample && n === 1) { nulls[g] = 1; any = true; continue; }
      const v = this.m2[g]! / (sample ? n - 1 : n);
      out[g] = this.kind.startsWith('stddev') ? Math.sqrt(v) : v;
    }
    return makeColumn({ kind: 'double' }, out, any ? nulls : null);
  }
  getState(g: number): unknown { return [this.n[g], this.mean[g], this.m2[g]]; }
  mergeState(g: number, s: unknown): void {
    const [nb, meanB, m2b] = s as [number, number, number];
    this.mergeMoments(g, nb, meanB, m2b);
  }
  private mergeMoments(g: number, nb: number, meanB: number, m2b: number): void {
    if (nb === 0) return;
    const na = this.n[g]!;
    const n = na + nb;
    const delta = meanB - this.mean[g]!;
    this.mean[g] = this.mean[g]! + (delta * nb) / n;
    this.m2[g] = this.m2[g]! + m2b + (delta * delta * na * nb) / n;
    this.n[g] = n;
  }
  writeStates(groups: Int32Array, out: Float64Array, stride: number, offset: number): void {
    writeSlots([this.n, this.mean, this.m2], groups, out, stride, offset);
  }
  mergeStates(groups: Int32Array, count: number, src: Float64Array, stride: number, offset: number): void {
    for (let k = 0, at = offset; k < count; k++, at += stride) {
      this.mergeMoments(groups[k]!, src[at]!, src[at + 1]!, src[at + 2]!);
    }
  }
}

/** bool_and / bool_or (every / some / any). */
export class BoolAccumulator implements Accumulator {
  private seen: Uint8Array = new Uint8Array(16);
  private value: Uint8Array = new Uint8Array(16);
  constructor(private readonly isAnd: boolean) {}
  resize(n: number): void { this.seen = growU8(this.seen, n); this.value = growU8(this.value, n); }
  update(ids: Int32Array, args: readonly Column[], n: number, rows?: Int32Array): void {
    const c = args[0]!, d = c.data as Uint8Array, nulls = c.nulls;
    const visit = (i: number) => {
      if (nulls !== null && nulls[i] === 1) return;
      const g = ids[i]!;
      if (!this.seen[g]) { this.seen[g] = 1; this.value[g] = d[i]!; }
      else this.value[g] = this.isAnd ? this.value[g]! & d[i]! : this.value[g]! | d[i]!;
    };
    forEachRow(n, rows, visit);
  }
  result(numGroups: number): Column {
    const nulls = new Uint8Array(numGroups);
    let any = false;
    for (let g = 0; g < numGroups; g++) if (!this.seen[g]) { nulls[g] = 1; any = true; }
    return makeColumn({ kind: 'boolean' }, this.value.slice(0, numGroups), any ? nulls : null);
  }
  getState(g: number): unknown { return this.seen[g] ? this.value[g] === 1 : null; }
  mergeState(g: number, s: unknown): void {
    if (s === null) return;
    const v = s ? 1 : 0;
    if (!this.seen[g]) { this.seen[g] = 1; this.value[g] = v; }
    else this.value[g] = this.isAnd ? this.value[g]! & v : this.value[g]! | v;
  }
}
