/**
 * Array, map and struct functions over the value arrays of such columns (arrays are JS arrays, maps JS Maps,
 * structs plain objects keyed by field name). Spark's non-ANSI rules: `size(NULL)` is -1, an index out of
 * bounds is NULL (index 0 of `element_at` too, where Spark raises an error), `array_contains` is NULL when the
 * value is missing but the array holds a NULL. Values compare with Spark's ordering (NaN equals NaN).
 */
import type { DataType, StructType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';
import { buildColumn, reader, unionNulls } from './column-kernels.js';
import type { ScalarImpl } from './scalar-impl.js';
import { comparatorFor, type Comparator } from './value-ordering.js';

function isPrimitive(t: DataType): boolean {
  return t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct' && t.kind !== 'binary' && t.kind !== 'interval';
}

/** Equality of two non-null values of type t: SameValueZero for primitives, the ordering otherwise. */
function equalityFor(t: DataType): (a: unknown, b: unknown) => boolean {
  if (isPrimitive(t)) return (a, b) => a === b || (a !== a && b !== b);
  const cmp = comparatorFor(t);
  return (a, b) => cmp(a, b) === 0;
}

const array: ScalarImpl = (args, n, t) => {
  const readers = args.map(reader);
  return buildColumn(t, n, (i) => {
    const out = new Array(readers.length);
    for (let k = 0; k < readers.length; k++) out[k] = readers[k]!(i);
    return out;
  });
};

/** size/cardinality: elements or entries; -1 for NULL (Spark's legacy default outside ANSI mode). */
const size: ScalarImpl = (args, n, t) => {
  const src = args[0]!.data as (unknown[] | Map<unknown, unknown> | null)[];
  const out = allocFixed(t, n);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    out[i] = v === null || v === undefined ? -1 : Array.isArray(v) ? v.length : v.size;
  }
  return makeColumn(t, out);
};

/** Row i's value of a map, looked up by key (by value for keys that are objects). */
function mapGetter(keyType: DataType): (m: Map<unknown, unknown>, k: unknown) => unknown {
  if (isPrimitive(keyType)) return (m, k) => m.get(k) ?? null;
  const eq = equalityFor(keyType);
  return (m, k) => {
    for (const [key, v] of m) if (eq(key, k)) return v ?? null;
    return null;
  };
}

/** element_at(array, i) with 1-based i (negative from the end) or element_at(map, key). */
const elementAt: ScalarImpl = (args, n, t) => {
  const c = args[0]!, key = reader(args[1]!);
  const src = reader(c);
  const mask = unionNulls(args, n);
  if (c.type.kind === 'map') {
    const get = mapGetter(c.type.key);
    return buildColumn(t, n, (i) => (mask !== null && mask[i] === 1 ? null : get(src(i) as Map<unknown, unknown>, key(i))));
  }
  return buildColumn(t, n, (i) => {
    if (mask !== null && mask[i] === 1) return null;
    const a = src(i) as unknown[], k = key(i) as number;
    const at = k > 0 ? k - 1 : a.length + k;
    return k === 0 || at < 0 || at >= a.length ? null : a[at] ?? null;
  });
};

/** array[i] with a 0-based index (SQL subscript); NULL out of bounds. */
const arraySubscript: ScalarImpl = (args, n, t) => {
  const src = reader(args[0]!), idx = args[1]!.data as FixedData;
  const mask = unionNulls(args, n);
  return buildColumn(t, n, (i) => {
    if (mask !== null && mask[i] === 1) return null;
    const a = src(i) as unknown[], k = idx[i]!;
    return k < 0 || k >= a.length ? null : a[k] ?? null;
  });
};

const arrayContains: ScalarImpl = (args, n, t) => {
  const arrays = reader(args[0]!), values = reader(args[1]!);
  const eq = equalityFor(args[1]!.type);
  return buildColumn(t, n, (i) => {
    const a = arrays(i) as unknown[] | null, v = values(i);
    if (a === null || v === null) return null;
    let sawNull = false;
    for (const x of a) {
      if (x === null || x === undefined) sawNull = true;
      else if (eq(x, v)) return true;
    }
    return sawNull ? null : false;
  });
};

const arrayDistinct: ScalarImpl = (args, n, t) => {
  const arrays = reader(args[0]!);
  const elementType = t.kind === 'array' ? t.element : t;
  const primitive = isPrimitive(elementType);
  const eq = equalityFor(elementType);
  return buildColumn(t, n, (i) => {
    const a = arrays(i) as unknown[] | null;
    if (a === null) return null;
    if (primitive) return [...new Set(a.map((x) => x ?? null))];
    const out: unknown[] = [];
    let sawNull = false;
    for (const x of a) {
      if (x === null || x === undefined) { if (!sawNull) out.push(null); sawNull = true; }
      else if (!out.some((y) => y !== null && eq(x, y))) out.push(x);
    }
    return out;
  });
};

/** sort_array(array[, ascending]): NULLs first when ascending, last when descending. */
const sortArray: ScalarImpl = (args, n, t) => {
  const arrays = reader(args[0]!);
  const asc = args[1] ? reader(args[1]) : null;
  const cmp: Comparator = comparatorFor(t.kind === 'array' ? t.element : t);
  const nullsFirst = (a: unknown, b: unknown): number => {
    const an = a === null || a === undefined, bn = b === null || b === undefined;
    return an || bn ? (an && bn ? 0 : an ? -1 : 1) : cmp(a, b);
  };
  return buildColumn(t, n, (i) => {
    const a = arrays(i) as unknown[] | null;
    const ascending = asc === null ? true : asc(i);
    if (a === null || ascending === null) return null;
    const sorted = a.slice().sort(nullsFirst);
    return ascending ? sorted : sorted.reverse();
  });
};

function structFrom(fields: StructType['fields'], valueArgs: readonly Column[], n: number, t: DataType): Column {
  const readers = valueArgs.map(reader), names = fields.map((f) => f.name);
  return buildColumn(t, n, (i) => {
    const o: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) o[names[k]!] = readers[k]!(i);
    return o;
  });
}

/** struct(v1, v2, …): field names come from the result type. */
const struct: ScalarImpl = (args, n, t) => structFrom((t as StructType).fields, args, n, t);

/** named_struct(name1, v1, …): the names are constant and already in the result type; the values are every second argument. */
const namedStruct: ScalarImpl = (args, n, t) => {
  const fields = (t as StructType).fields;
  const values = args.length === fields.length * 2 ? args.filter((_, k) => k % 2 === 1) : args;
  return structFrom(fields, values, n, t);
};

/** map(k1, v1, …): a NULL key makes the map NULL; a repeated key keeps its last value. */
const map: ScalarImpl = (args, n, t) => {
  const readers = args.map(reader);
  return buildColumn(t, n, (i) => {
    const m = new Map<unknown, unknown>();
    for (let k = 0; k + 1 < readers.length; k += 2) {
      const key = readers[k]!(i);
      if (key === null) return null;
      m.set(key, readers[k + 1]!(i));
    }
    return m;
  });
};

function mapPart(part: 'keys' | 'values'): ScalarImpl {
  return (args, n, t) => {
    const maps = reader(args[0]!);
    return buildColumn(t, n, (i) => {
      const m = maps(i) as Map<unknown, unknown> | null;
      return m === null ? null : Array.from(part === 'keys' ? m.keys() : m.values(), (v) => v ?? null);
    });
  };
}

export const collectionFunctions: Readonly<Record<string, ScalarImpl>> = {
  array,
  size,
  element_at: elementAt,
  array_subscript: arraySubscript,
  array_contains: arrayContains,
  array_distinct: arrayDistinct,
  sort_array: sortArray,
  struct,
  named_struct: namedStruct,
  map,
  map_keys: mapPart('keys'),
  map_values: mapPart('values'),
};
