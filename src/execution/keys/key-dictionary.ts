/**
 * Dense ids for key values, the basis of grouping, DISTINCT, set operations and hash joins. One dictionary per
 * key column (numbers through NumberHashTable, strings through a Map, anything else through a canonical string
 * form), and several columns combine pairwise through another NumberHashTable, so a multi-column key never
 * becomes a per-row string.
 */
import type { DataType } from '../../types/data-type.js';
import type { Column, FixedData } from '../column.js';
import { NumberHashTable } from './number-hash-table.js';

/** Dictionary for one column's values; `insert` and `find` take a row of a column of the dictionary's type. */
interface ColumnDictionary {
  insert(c: Column, i: number): number;
  find(c: Column, i: number): number;
  readonly size: number;
}

class NumberDictionary implements ColumnDictionary {
  readonly table = new NumberHashTable();
  get size(): number { return this.table.size; }
  insert(c: Column, i: number): number { return this.table.insert((c.data as FixedData)[i]!); }
  find(c: Column, i: number): number { return this.table.find((c.data as FixedData)[i]!); }
}

/**
 * Integer keys within a small span [min, min + span) get their ids from a direct-address table instead of a
 * hash table: one array read per row and no hashing, the way a perfect-hash aggregate works. Built only over a
 * column whose every non-null value is such an integer; `find` answers -1 for anything outside.
 */
class DirectIntDictionary implements ColumnDictionary {
  private readonly slots: Int32Array;
  private count = 0;
  constructor(private readonly min: number, span: number) { this.slots = new Int32Array(span).fill(-1); }
  get size(): number { return this.count; }
  insert(c: Column, i: number): number {
    const s = ((c.data as FixedData)[i]! - this.min) | 0;
    let id = this.slots[s]!;
    if (id === -1) { id = this.count++; this.slots[s] = id; }
    return id;
  }
  find(c: Column, i: number): number { return this.findValue((c.data as FixedData)[i]!); }
  findValue(v: number): number {
    if ((v | 0) !== v) return -1;
    const s = v - this.min;
    return s >= 0 && s < this.slots.length ? this.slots[s]! : -1;
  }
  /** Ids of rows 0 … n-1, -1 for NULL. */
  insertAll(c: Column, n: number, ids: Int32Array): void {
    const data = c.data as FixedData, nulls = c.nulls, slots = this.slots, min = this.min;
    let count = this.count;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) { ids[i] = -1; continue; }
      const s = (data[i]! - min) | 0;
      let id = slots[s]!;
      if (id === -1) { id = count++; slots[s] = id; }
      ids[i] = id;
    }
    this.count = count;
  }
  /**
   * Probe and pair in one pass, for unique build keys: appends (i, rowOfId[id + 1]) to `left`/`right` for each
   * probe row i whose value has id `id`; misses (rowOfId[0] = -1) are overwritten by the next row, so the loop
   * has no data-dependent branch. Returns the number of pairs.
   */
  pairUnique(c: Column, n: number, rowOfId: Int32Array, left: Int32Array, right: Int32Array): number {
    const data = c.data as FixedData, nulls = c.nulls, slots = this.slots, min = this.min, span = slots.length;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      const s = v - min;
      const id = (v | 0) === v && s >= 0 && s < span && (nulls === null || nulls[i] === 0) ? slots[s]! : -1;
      left[k] = i;
      right[k] = rowOfId[id + 1]!;
      k += (id >>> 31) ^ 1;
    }
    return k;
  }

  /** Ids of probe rows 0 … n-1, -1 for NULL or a value never inserted. */
  findAll(c: Column, n: number, out: Int32Array): void {
    const data = c.data as FixedData, nulls = c.nulls, slots = this.slots, min = this.min, span = slots.length;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) { out[i] = -1; continue; }
      const v = data[i]!;
      const s = v - min;
      out[i] = (v | 0) === v && s >= 0 && s < span ? slots[s]! : -1;
    }
  }
}

/** Largest span of integer values that gets a direct-address table (64 MiB of ids). */
const DIRECT_SPAN_LIMIT = 1 << 24;

/**
 * The span of a numeric column's non-null values when all of them are 32-bit integers and the span is small
 * next to the row count (so the table costs at most a few words per row); undefined otherwise.
 */
export function directIntRange(c: Column, n: number): { min: number; span: number } | undefined {
  if (!ArrayBuffer.isView(c.data) || c.type.kind === 'boolean') return undefined;
  const data = c.data as FixedData, nulls = c.nulls;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const v = data[i]!;
    if ((v | 0) !== v) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return undefined;
  const span = max - min + 1;
  return span <= Math.min(DIRECT_SPAN_LIMIT, Math.max(4096, 4 * n)) ? { min, span } : undefined;
}

class StringDictionary implements ColumnDictionary {
  readonly map = new Map<string, number>();
  get size(): number { return this.map.size; }
  insert(c: Column, i: number): number {
    const v = (c.data as string[])[i]!;
    let id = this.map.get(v);
    if (id === undefined) { id = this.map.size; this.map.set(v, id); }
    return id;
  }
  find(c: Column, i: number): number { return this.map.get((c.data as string[])[i]!) ?? -1; }
}

class CanonicalDictionary implements ColumnDictionary {
  readonly map = new Map<string, number>();
  get size(): number { return this.map.size; }
  insert(c: Column, i: number): number {
    const v = canonicalKey((c.data as unknown[])[i]);
    let id = this.map.get(v);
    if (id === undefined) { id = this.map.size; this.map.set(v, id); }
    return id;
  }
  find(c: Column, i: number): number { return this.map.get(canonicalKey((c.data as unknown[])[i])) ?? -1; }
}

/** A string that is equal for equal values of any type (struct field order is the type's). */
export function canonicalKey(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  if (typeof v === 'number') return Object.is(v, -0) ? 'd0' : `d${v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(',')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => canonicalKey(k) + ':' + canonicalKey(x)).sort().join(',')}}`;
  return `(${Object.values(v as object).map(canonicalKey).join(',')})`;
}

function dictionaryFor(t: DataType): ColumnDictionary {
  switch (t.kind) {
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp':
      return new NumberDictionary();
    case 'string': return new StringDictionary();
    default: return new CanonicalDictionary();
  }
}

function isNull(c: Column, i: number): boolean {
  return c.nulls !== null ? c.nulls[i] === 1 : (!ArrayBuffer.isView(c.data) && (c.data as unknown[])[i] === null);
}

export interface GroupAssignment {
  /** Group id of each row. */
  readonly ids: Int32Array;
  readonly numGroups: number;
  /** The first row of each group (a representative for its key values). */
  readonly firstRow: Int32Array;
}

/**
 * Assigns each row a dense group id by its key columns; NULL is a key value like any other (GROUP BY puts all
 * NULLs in one group). Groups are numbered in order of first appearance.
 */
export function assignGroups(keys: readonly Column[], n: number): GroupAssignment {
  if (keys.length === 0) {
    return { ids: new Int32Array(n), numGroups: n > 0 ? 1 : 0, firstRow: new Int32Array(n > 0 ? 1 : 0) };
  }
  const ids = columnIds(keys[0]!, n);
  let card = ids.cardinality;
  let combined = ids.ids;
  let inFirstAppearanceOrder = ids.inFirstAppearanceOrder;
  for (let k = 1; k < keys.length; k++) {
    const next = columnIds(keys[k]!, n);
    // Combining renumbers the pairs in first-appearance order; when one side has a single value and the other's
    // ids are already in that order, the renumbering is the identity and the pass can be skipped.
    if (next.cardinality <= 1 && inFirstAppearanceOrder) continue;
    if (card <= 1 && next.inFirstAppearanceOrder) { combined = next.ids; card = next.cardinality; inFirstAppearanceOrder = true; continue; }
    const table = new NumberHashTable(Math.min(n, 1 << 16));
    const out = new Int32Array(n);
    const nc = next.cardinality, nids = next.ids;
    for (let i = 0; i < n; i++) out[i] = table.insert(combined[i]! * nc + nids[i]!);
    combined = out;
    card = table.size;
    inFirstAppearanceOrder = true;
  }
  const firstRow = new Int32Array(card).fill(-1);
  for (let i = 0; i < n; i++) {
    const g = combined[i]!;
    if (firstRow[g] === -1) firstRow[g] = i;
  }
  return { ids: combined, numGroups: card, firstRow };
}

/**
 * Dense ids for one column, NULL included as its own id. Ids follow first appearance, except that a numeric
 * column's NULL gets the last id (`inFirstAppearanceOrder` says whether the order is exact).
 */
function columnIds(c: Column, n: number): { ids: Int32Array; cardinality: number; inFirstAppearanceOrder: boolean } {
  const ids = new Int32Array(n);
  if (c.type.kind === 'int' || c.type.kind === 'date' || c.type.kind === 'bigint' || c.type.kind === 'double'
    || c.type.kind === 'timestamp' || c.type.kind === 'decimal' || c.type.kind === 'boolean') {
    // Nulls get ids after the values: renumbering keeps first-appearance order only among values, which is fine.
    const data = c.data as FixedData, nulls = c.nulls;
    let sawNull = false;
    let card: number;
    const range = directIntRange(c, n);
    if (range !== undefined) {
      const dict = new DirectIntDictionary(range.min, range.span);
      dict.insertAll(c, n, ids);
      card = dict.size;
      if (nulls !== null) for (let i = 0; i < n && !sawNull; i++) sawNull = nulls[i] === 1;
    } else {
      const table = new NumberHashTable(Math.min(n, 1 << 16));
      for (let i = 0; i < n; i++) {
        if (nulls !== null && nulls[i] === 1) { ids[i] = -1; sawNull = true; continue; }
        ids[i] = table.insert(data[i]!);
      }
      card = table.size;
    }
    if (sawNull) for (let i = 0; i < n; i++) if (ids[i] === -1) ids[i] = card;
    return { ids, cardinality: card + (sawNull ? 1 : 0), inFirstAppearanceOrder: !sawNull };
  }
  const dict = dictionaryFor(c.type);
  let nullId = -1;
  const data = c.data as unknown[];
  let next = 0;
  const remap: number[] = [];
  for (let i = 0; i < n; i++) {
    if (data[i] === null) {
      if (nullId === -1) nullId = next++;
      ids[i] = nullId;
      continue;
    }
    const before = dict.size;
    const id = dict.insert(c, i);
    if (dict.size > before) remap[id] = next++;
    ids[i] = remap[id]!;
  }
  return { ids, cardinality: next, inFirstAppearanceOrder: true };
}

/**
 * The build side of a hash join: dense ids for its key tuples (rows with a NULL key get -1: NULL never equals
 * anything), and lookup of probe rows against them.
 */
export class JoinKeyIndex {
  private readonly dicts: ColumnDictionary[];
  private readonly combos: NumberHashTable[] = [];
  readonly buildIds: Int32Array;
  readonly numKeys: number;

  constructor(keys: readonly Column[], n: number) {
    this.dicts = keys.map((k) => {
      const range = directIntRange(k, n);
      return range !== undefined ? new DirectIntDictionary(range.min, range.span) : dictionaryFor(k.type);
    });
    const ids = new Int32Array(n);
    for (let k = 1; k < keys.length; k++) this.combos.push(new NumberHashTable(Math.min(n, 1 << 16)));
    const first = keys[0]!;
    const d0 = this.dicts[0]!;
    if (d0 instanceof DirectIntDictionary) d0.insertAll(first, n, ids);
    else {
      for (let i = 0; i < n; i++) {
        if (isNull(first, i)) { ids[i] = -1; continue; }
        ids[i] = d0.insert(first, i);
      }
    }
    for (let k = 1; k < keys.length; k++) {
      const c = keys[k]!, d = this.dicts[k]!, combo = this.combos[k - 1]!;
      for (let i = 0; i < n; i++) {
        if (ids[i] === -1) continue;
        if (isNull(c, i)) { ids[i] = -1; continue; }
        ids[i] = combo.insert(ids[i]! * 67108864 + d.insert(c, i));
      }
    }
    this.buildIds = ids;
    this.numKeys = keys.length === 1 ? d0.size : this.combos[this.combos.length - 1]!.size;
  }

  /**
   * For a single directly addressed key: the pairs of probe rows and their build rows, written into `left` and
   * `right` (capacity n), when every key id has one build row, `rowOfId[id + 1]` (and rowOfId[0] = -1). Returns
   * the number of pairs, or undefined when the key is not of that kind (then use `lookup`).
   */
  pairUnique(keys: readonly Column[], n: number, rowOfId: Int32Array, left: Int32Array, right: Int32Array): number | undefined {
    const d0 = this.dicts[0];
    if (keys.length !== 1 || !(d0 instanceof DirectIntDictionary)) return undefined;
    return d0.pairUnique(keys[0]!, n, rowOfId, left, right);
  }

  /** The build-side key id of each probe row, or -1 (no match possible). */
  lookup(keys: readonly Column[], n: number): Int32Array {
    const out = new Int32Array(n);
    const first = keys[0]!, d0 = this.dicts[0]!;
    if (d0 instanceof DirectIntDictionary) d0.findAll(first, n, out);
    else for (let i = 0; i < n; i++) out[i] = isNull(first, i) ? -1 : d0.find(first, i);
    for (let k = 1; k < keys.length; k++) {
      const c = keys[k]!, d = this.dicts[k]!, combo = this.combos[k - 1]!;
      for (let i = 0; i < n; i++) {
        if (out[i] === -1) continue;
        if (isNull(c, i)) { out[i] = -1; continue; }
        const v = d.find(c, i);
        out[i] = v === -1 ? -1 : combo.find(out[i]! * 67108864 + v);
      }
    }
    return out;
  }
}
