/**
 * Batches ↔ Apache Arrow, both directions: what `DataFrame.toArrow()` returns, and what the parquet and Arrow IPC
 * file formats read and write.
 *
 * Type mapping (Sluice → Arrow; reading accepts every Arrow type in the right-hand column):
 *
 * | Sluice        | written as                        | also read from                                      |
 * |---------------|-----------------------------------|-----------------------------------------------------|
 * | NULL          | Null                              |                                                     |
 * | BOOLEAN       | Bool                              |                                                     |
 * | INT           | Int32                             | Int8, Int16, Uint8, Uint16                          |
 * | BIGINT        | Int64                             | Uint32, Uint64 (exact below 2^53)                   |
 * | DOUBLE        | Float64                           | Float16, Float32                                    |
 * | DECIMAL(p,s)  | Decimal128(p, s)                  | Decimal256                                          |
 * | STRING        | Utf8                              | LargeUtf8, Utf8View, Dictionary<…, Utf8>            |
 * | BINARY        | Binary                            | LargeBinary, FixedSizeBinary, BinaryView            |
 * | DATE          | Date32 (days)                     | Date64 (ms)                                         |
 * | TIMESTAMP     | Timestamp(µs, UTC)                | Timestamp in s, ms, ns; with or without a time zone |
 * | INTERVAL      | Interval(MonthDayNano)            |                                                     |
 * | ARRAY<T>      | List<element: T>                  | LargeList, FixedSizeList                            |
 * | MAP<K, V>     | Map<entries: Struct<key, value>>  |                                                     |
 * | STRUCT<…>     | Struct<…>                         |                                                     |
 *
 * Dictionary-encoded columns of any of these value types are decoded. Other Arrow types (time of day, durations,
 * unions) have no Sluice equivalent: `schemaFromArrow` names the column and its type.
 *
 * Costs: INT, DATE and DOUBLE columns are handed over without copying their values, in both directions. BIGINT and
 * TIMESTAMP cross between doubles and 64-bit integers through two 32-bit halves per value (no BigInt per row).
 * Strings cross as one UTF-8 buffer: when it is all ASCII (the common case), the whole buffer is encoded or
 * decoded in one call and each row is a slice of it. A column read from Arrow remembers the Arrow data it came
 * from (columns are immutable), so a column that passes through a query unchanged goes back to Arrow for free —
 * file to file, a projection costs no re-encoding.
 */
import * as arrow from 'apache-arrow';
import { isAscii } from 'node:buffer';
import {
  arrayType, BigIntType, BinaryType, BooleanType, DateType, decimalType, DoubleType, IntervalType, IntType, mapType,
  NullType, StringType, structField, structType, TimestampType, typeToString, type DataType, type Interval,
} from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { field, schema as makeSchema, type Field, type Schema } from '../types/schema.js';
import { makeBatch, type Batch } from './batch.js';
import {
  allocFixed, columnFromValues, concatColumns, constantColumn, makeColumn, takeColumn, valueAt, type Column,
} from './column.js';

const TWO_32 = 4294967296;

// ------------------------------------------------------------------------------------------------ types

/** The Arrow type a Sluice type is written as (see the table above). */
export function toArrowType(t: DataType): arrow.DataType {
  switch (t.kind) {
    case 'null': return new arrow.Null();
    case 'boolean': return new arrow.Bool();
    case 'int': return new arrow.Int32();
    case 'bigint': return new arrow.Int64();
    case 'double': return new arrow.Float64();
    case 'decimal': return new arrow.Decimal(t.scale, t.precision, 128);
    case 'string': return new arrow.Utf8();
    case 'binary': return new arrow.Binary();
    case 'date': return new arrow.DateDay();
    case 'timestamp': return new arrow.TimestampMicrosecond('UTC');
    case 'interval': return new arrow.IntervalMonthDayNano();
    case 'array': return new arrow.List(new arrow.Field('element', toArrowType(t.element), true));
    case 'map':
      return new arrow.Map_(new arrow.Field('entries', new arrow.Struct([
        new arrow.Field('key', toArrowType(t.key), false),
        new arrow.Field('value', toArrowType(t.value), true),
      ] as never[]), false));
    case 'struct': return new arrow.Struct(t.fields.map((f) => new arrow.Field(f.name, toArrowType(f.type), f.nullable)));
  }
}

export function toArrowSchema(s: Schema): arrow.Schema {
  return new arrow.Schema(s.fields.map((f) => new arrow.Field(f.name, toArrowType(f.type), f.nullable)));
}

/** The Sluice type an Arrow type is read as, or undefined when there is none. */
export function fromArrowType(t: arrow.DataType): DataType | undefined {
  switch (t.typeId) {
    case arrow.Type.Null: return NullType;
    case arrow.Type.Bool: return BooleanType;
    case arrow.Type.Int: {
      const i = t as arrow.Int;
      return i.bitWidth < 32 || (i.bitWidth === 32 && i.isSigned) ? IntType : BigIntType;
    }
    case arrow.Type.Float: return DoubleType;
    case arrow.Type.Decimal: {
      const d = t as arrow.Decimal;
      return decimalType(d.precision, d.scale);
    }
    case arrow.Type.Utf8: case arrow.Type.LargeUtf8: case arrow.Type.Utf8View: return StringType;
    case arrow.Type.Binary: case arrow.Type.LargeBinary: case arrow.Type.FixedSizeBinary: case arrow.Type.BinaryView:
      return BinaryType;
    case arrow.Type.Date: return DateType;
    case arrow.Type.Timestamp: return TimestampType;
    case arrow.Type.Interval:
      return (t as arrow.Interval).unit === arrow.IntervalUnit.MONTH_DAY_NANO ? IntervalType : undefined;
    case arrow.Type.List: case arrow.Type.LargeList: case arrow.Type.FixedSizeList: {
      const e = fromArrowType((t as arrow.List).children[0]!.type);
      return e && arrayType(e);
    }
    case arrow.Type.Map: {
      const m = t as arrow.Map_;
      const k = fromArrowType(m.keyType), v = fromArrowType(m.valueType);
      return k && v && mapType(k, v);
    }
    case arrow.Type.Struct: {
      const fields = [];
      for (const f of (t as arrow.Struct).children) {
        const ft = fromArrowType(f.type);
        if (ft === undefined) return undefined;
        fields.push(structField(f.name, ft, f.nullable));
      }
      return structType(fields);
    }
    case arrow.Type.Dictionary: return fromArrowType((t as arrow.Dictionary).dictionary);
    default: return undefined;
  }
}

/** A Sluice schema for an Arrow schema; UNSUPPORTED naming the first column whose type has no equivalent. */
export function schemaFromArrow(s: arrow.Schema, what = 'the Arrow data'): Schema {
  return makeSchema(s.fields.map((f) => {
    const t = fromArrowType(f.type);
    if (t === undefined) throw new SluiceError('UNSUPPORTED', `${what}: column ${f.name} has Arrow type ${String(f.type)}, which Sluice cannot read`);
    return field(f.name, t, f.nullable);
  }));
}

// ------------------------------------------------------------------------------------------------ Sluice → Arrow

/** One batch as an Arrow table (a single record batch). */
export function batchToArrow(b: Batch): arrow.Table {
  return new arrow.Table([batchToRecordBatch(b)]);
}

/** Batches of one schema as an Arrow table, one record batch each (empty batches are left out). */
export function batchesToArrow(s: Schema, batches: readonly Batch[]): arrow.Table {
  const nonEmpty = batches.filter((b) => b.numRows > 0);
  const arrowSchema = toArrowSchema(s);
  if (nonEmpty.length === 0) return new arrow.Table(arrowSchema);
  return new arrow.Table(nonEmpty.map((b) => batchToRecordBatch(b, arrowSchema)));
}

/** One batch as an Arrow record batch (of `arrowSchema`, when the caller has made it already). */
export function batchToRecordBatch(b: Batch, arrowSchema: arrow.Schema = toArrowSchema(b.schema)): arrow.RecordBatch {
  const children = b.columns.map(columnToArrowData);
  const struct = arrow.makeData({ type: new arrow.Struct(arrowSchema.fields), length: b.numRows, children, nullCount: 0 });
  return new arrow.RecordBatch(arrowSchema, struct);
}

/** Arrow data a column was read from, when it has the layout `toArrowType(column.type)` writes. */
const arrowOrigin = new WeakMap<Column, arrow.Data>();

/**
 * Records that `d` is column `c` in Arrow form, for a reader that builds both at once (so `columnToArrowData`
 * returns it instead of encoding the column). `d` must have the layout `toArrowType(c.type)` writes and hold
 * exactly the column's values.
 */
export function attachArrowData(c: Column, d: arrow.Data): void {
  arrowOrigin.set(c, d);
}

/** One column as Arrow data of `toArrowType(c.type)`. */
export function columnToArrowData(c: Column): arrow.Data {
  const origin = arrowOrigin.get(c);
  if (origin !== undefined) return origin;
  const t = c.type;
  const length = c.length;
  switch (t.kind) {
    case 'null':
      return arrow.makeData({ type: new arrow.Null(), length });
    case 'boolean': {
      const d = c.data as Uint8Array;
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (d[i] !== 0) bits[i >> 3]! |= 1 << (i & 7);
      return arrow.makeData({ type: new arrow.Bool(), length, data: bits, ...fixedValidity(c) });
    }
    case 'int':
      return arrow.makeData({ type: new arrow.Int32(), length, data: c.data as Int32Array, ...fixedValidity(c) });
    case 'date':
      return arrow.makeData({ type: new arrow.DateDay(), length, data: c.data as Int32Array, ...fixedValidity(c) });
    case 'double':
      return arrow.makeData({ type: new arrow.Float64(), length, data: c.data as Float64Array, ...fixedValidity(c) });
    case 'bigint':
      return arrow.makeData({ type: new arrow.Int64(), length, data: doublesToInt64(c.data as Float64Array), ...fixedValidity(c) });
    case 'timestamp':
      return arrow.makeData({
        type: new arrow.TimestampMicrosecond('UTC'), length, data: doublesToInt64(c.data as Float64Array), ...fixedValidity(c),
      });
    case 'decimal':
      return arrow.makeData({
        type: new arrow.Decimal(t.scale, t.precision, 128), length,
        data: doublesToDecimal128(c.data as Float64Array, c.nulls, t.scale), ...fixedValidity(c),
      });
    case 'string':
      return arrow.makeData({ type: new arrow.Utf8(), length, ...encodeStrings(c.data as unknown[]) });
    case 'binary': {
      const values = c.data as unknown[];
      let total = 0;
      for (let i = 0; i < length; i++) { const v = values[i]; if (v !== null) total += (v as Uint8Array).length; }
      const bytes = new Uint8Array(total);
      const offsets = new Int32Array(length + 1);
      let at = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i] as Uint8Array | null;
        offsets[i] = at;
        if (v !== null) { bytes.set(v, at); at += v.length; }
      }
      offsets[length] = at;
      return arrow.makeData({ type: new arrow.Binary(), length, valueOffsets: offsets, data: bytes, ...objectValidity(values) });
    }
    case 'interval': {
      const values = c.data as unknown[];
      // Per value: months (int32), days (int32), nanoseconds (int64 as two little-endian int32 halves).
      const words = new Int32Array(length * 4);
      for (let i = 0; i < length; i++) {
        const v = values[i] as Interval | null;
        if (v === null) continue;
        words[i * 4] = v.months;
        words[i * 4 + 1] = v.days;
        const nanos = v.micros * 1000;
        const hi = Math.floor(nanos / TWO_32);
        words[i * 4 + 2] = (nanos - hi * TWO_32) | 0;
        words[i * 4 + 3] = hi | 0;
      }
      return arrow.makeData({ type: new arrow.IntervalMonthDayNano(), length, data: words, ...objectValidity(values) });
    }
    case 'array': {
      const values = c.data as unknown[];
      const offsets = new Int32Array(length + 1);
      const flat: unknown[] = [];
      for (let i = 0; i < length; i++) {
        offsets[i] = flat.length;
        const v = values[i] as unknown[] | null;
        if (v !== null) for (const x of v) flat.push(x);
      }
      offsets[length] = flat.length;
      const child = columnToArrowData(columnFromValues(t.element, flat));
      return arrow.makeData({ type: toArrowType(t) as arrow.List, length, valueOffsets: offsets, child, ...objectValidity(values) });
    }
    case 'map': {
      const values = c.data as unknown[];
      const offsets = new Int32Array(length + 1);
      const keys: unknown[] = [], vals: unknown[] = [];
      for (let i = 0; i < length; i++) {
        offsets[i] = keys.length;
        const m = values[i] as Map<unknown, unknown> | null;
        if (m !== null) for (const [k, v] of m) { keys.push(k); vals.push(v); }
      }
      offsets[length] = keys.length;
      const type = toArrowType(t) as arrow.Map_;
      const entries = arrow.makeData({
        type: type.childType, length: keys.length, nullCount: 0,
        children: [columnToArrowData(columnFromValues(t.key, keys)), columnToArrowData(columnFromValues(t.value, vals))],
      });
      return arrow.makeData({ type, length, valueOffsets: offsets, child: entries, ...objectValidity(values) });
    }
    case 'struct': {
      const values = c.data as unknown[];
      const children = t.fields.map((f) => {
        const fieldValues = new Array(length);
        for (let i = 0; i < length; i++) {
          const v = values[i] as Record<string, unknown> | null;
          fieldValues[i] = v === null ? null : v[f.name] ?? null;
        }
        return columnToArrowData(columnFromValues(f.type, fieldValues));
      });
      return arrow.makeData({ type: toArrowType(t) as arrow.Struct, length, children, ...objectValidity(values) });
    }
  }
}

/** Null mask (1 = null) → Arrow validity bitmap (1 = valid). */
function fixedValidity(c: Column): { nullBitmap?: Uint8Array; nullCount: number } {
  const nulls = c.nulls;
  if (nulls === null) return { nullCount: 0 };
  const n = c.length;
  const bits = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (nulls[i] === 0) bits[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return nullCount === 0 ? { nullCount: 0 } : { nullBitmap: bits, nullCount };
}

function objectValidity(values: readonly unknown[]): { nullBitmap?: Uint8Array; nullCount: number } {
  const n = values.length;
  let bits: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] !== null) continue;
    if (bits === undefined) {
      bits = new Uint8Array((n + 7) >> 3).fill(0xff);
    }
    bits[i >> 3]! &= ~(1 << (i & 7));
    nullCount++;
  }
  return bits === undefined ? { nullCount: 0 } : { nullBitmap: bits, nullCount };
}

/** Integral doubles → little-endian int64, written as two 32-bit halves. */
function doublesToInt64(d: Float64Array): BigInt64Array {
  const out = new BigInt64Array(d.length);
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < d.length; i++) {
    const v = Math.round(d[i]!);
    // ToInt32 of an integral double is its value modulo 2^32: the low word, exact below 2^53.
    words[2 * i] = v | 0;
    words[2 * i + 1] = Math.floor(v / TWO_32) | 0;
  }
  return out;
}

/** Little-endian int64 → doubles (exact below 2^53). */
function int64ToDoubles(src: BigInt64Array | BigUint64Array, signed: boolean, scale = 1): Float64Array {
  const n = src.length;
  const out = new Float64Array(n);
  const words = new Uint32Array(src.buffer, src.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!, hiBits = words[2 * i + 1]!;
    const hi = signed ? hiBits | 0 : hiBits;
    out[i] = (hi * TWO_32 + lo) * scale;
  }
  return out;
}

function doublesToDecimal128(d: Float64Array, nulls: Uint8Array | null, scale: number): Uint32Array {
  const out = new Uint32Array(d.length * 4);
  const factor = 10 ** scale;
  for (let i = 0; i < d.length; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const unscaled = Math.round(d[i]! * factor);
    if (Number.isSafeInteger(unscaled)) {
      const hi = Math.floor(unscaled / TWO_32);
      out[4 * i] = unscaled - hi * TWO_32;
      out[4 * i + 1] = hi >>> 0;
      const ext = unscaled < 0 ? 0xffffffff : 0;
      out[4 * i + 2] = ext;
      out[4 * i + 3] = ext;
    } else {
      let b = BigInt.asUintN(128, BigInt(unscaled));
      for (let w = 0; w < 4; w++) { out[4 * i + w] = Number(b & 0xffffffffn); b >>= 32n; }
    }
  }
  return out;
}

/** Strings (null = null) → Arrow Utf8 buffers. */
function encodeStrings(values: readonly unknown[]): { valueOffsets: Int32Array; data: Uint8Array; nullBitmap?: Uint8Array; nullCount: number } {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const validity = objectValidity(values);
  // Fast path: one join and one encode; the byte offsets are the character offsets when the text is ASCII.
  let chars = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = chars;
    const v = values[i];
    if (v !== null) chars += (v as string).length;
  }
  offsets[n] = chars;
  const joined = validity.nullCount === 0 ? (values as string[]).join('') : values.map((v) => v ?? '').join('');
  const bytes = Buffer.from(joined, 'utf8');
  if (bytes.length === chars) return { valueOffsets: offsets, data: bytes, ...validity };
  const data = new Uint8Array(bytes.length);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = at;
    const v = values[i];
    if (v !== null) at += view.write(v as string, at, 'utf8');
  }
  offsets[n] = at;
  return { valueOffsets: offsets, data, ...validity };
}

// ------------------------------------------------------------------------------------------------ Arrow → Sluice

/**
 * An Arrow table as one batch. Columns are matched to `target` by name (case-insensitively; a column the table
 * lacks is all null) and read as the target's types, which must be what `fromArrowType` gives for the file's type
 * (convert afterwards for anything else). Without `target`, every column is read as `schemaFromArrow` says.
 */
export function arrowTableToBatch(t: arrow.Table, target?: Schema): Batch {
  const s = target ?? schemaFromArrow(t.schema);
  const byName = new Map<string, number>();
  t.schema.fields.forEach((f, i) => { if (!byName.has(f.name.toLowerCase())) byName.set(f.name.toLowerCase(), i); });
  const numRows = t.numRows;
  const columns = s.fields.map((f) => {
    const idx = byName.get(f.name.toLowerCase());
    if (idx === undefined) return constantColumn(f.type, null, numRows);
    return arrowDataToColumn(t.data.map((batch) => batch.children[idx]!), f.type);
  });
  return makeBatch(s, columns, numRows);
}

/** Chunks of one Arrow column, read as `type` (the type `fromArrowType` gives for them). */
export function arrowDataToColumn(chunks: readonly arrow.Data[], type: DataType): Column {
  const parts = chunks.map((d) => dataToColumn(d, type));
  if (parts.length === 0) return columnFromValues(type, []);
  if (parts.length === 1) {
    const d = chunks[0]!;
    if (d.offset === 0 && sameLayout(d.type as arrow.DataType, type)) arrowOrigin.set(parts[0]!, d.clone(toArrowType(type)));
    return parts[0]!;
  }
  return concatColumns(type, parts);
}

/** Whether Arrow data of type `a` has exactly the buffers `toArrowType(t)` would have (time zones aside). */
function sameLayout(a: arrow.DataType, t: DataType): boolean {
  const at = arrow.Type;
  switch (t.kind) {
    case 'boolean': return a.typeId === at.Bool;
    case 'int': return a.typeId === at.Int && (a as arrow.Int).bitWidth === 32 && (a as arrow.Int).isSigned;
    case 'bigint': return a.typeId === at.Int && (a as arrow.Int).bitWidth === 64 && (a as arrow.Int).isSigned;
    case 'double': return a.typeId === at.Float && (a as arrow.Float).precision === arrow.Precision.DOUBLE;
    case 'date': return a.typeId === at.Date && (a as arrow.Date_).unit === arrow.DateUnit.DAY;
    case 'timestamp': return a.typeId === at.Timestamp && (a as arrow.Timestamp).unit === arrow.TimeUnit.MICROSECOND;
    case 'string': return a.typeId === at.Utf8;
    case 'binary': return a.typeId === at.Binary;
    case 'decimal': {
      const d = a as arrow.Decimal;
      return a.typeId === at.Decimal && d.bitWidth === 128 && d.scale === t.scale && d.precision === t.precision;
    }
    default: return false;
  }
}

function dataToColumn(d: arrow.Data, type: DataType): Column {
  const n = d.length;
  const at = arrow.Type;
  const t = d.type as arrow.DataType;
  if (t.typeId === at.Dictionary) {
    const dictionary = d.dictionary!;
    const dictColumn = arrowDataToColumn(dictionary.data, type);
    const keys = d.values as ArrayLike<number | bigint>;
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) indices[i] = isValid(d, i) ? Number(keys[i]) : -1;
    return takeColumn(dictColumn, indices);
  }
  switch (type.kind) {
    case 'null':
      return constantColumn(NullType, null, n);
    case 'boolean': {
      const bits = d.values as Uint8Array;
      const out = new Uint8Array(n);
      const off = d.offset;
      for (let i = 0; i < n; i++) { const k = off + i; out[i] = (bits[k >> 3]! >> (k & 7)) & 1; }
      return withNulls(type, out, d);
    }
    case 'int': case 'date': {
      if (t.typeId === at.Date && (t as arrow.Date_).unit === arrow.DateUnit.MILLISECOND) {
        const ms = int64ToDoubles(d.values as BigInt64Array, true);
        const days = new Int32Array(n);
        for (let i = 0; i < n; i++) days[i] = Math.floor(ms[i]! / 86_400_000);
        return withNulls(type, days, d);
      }
      const v = d.values as Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array;
      return withNulls(type, v instanceof Int32Array ? v.subarray(0, n) : Int32Array.from(v.subarray(0, n)), d);
    }
    case 'bigint': {
      const v = d.values as BigInt64Array | BigUint64Array | Uint32Array;
      if (v instanceof Uint32Array) return withNulls(type, Float64Array.from(v.subarray(0, n)), d);
      return withNulls(type, int64ToDoubles(v.subarray(0, n), v instanceof BigInt64Array), d);
    }
    case 'double': {
      const v = d.values as Float64Array | Float32Array | Uint16Array;
      if (v instanceof Float64Array) return withNulls(type, v.subarray(0, n), d);
      if (v instanceof Float32Array) return withNulls(type, Float64Array.from(v.subarray(0, n)), d);
      const vec = arrow.makeVector(d);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(vec.get(i) ?? 0);
      return withNulls(type, out, d);
    }
    case 'timestamp': {
      const unit = (t as arrow.Timestamp).unit;
      const scale = unit === arrow.TimeUnit.SECOND ? 1e6 : unit === arrow.TimeUnit.MILLISECOND ? 1e3 : unit === arrow.TimeUnit.NANOSECOND ? 1e-3 : 1;
      const out = int64ToDoubles((d.values as BigInt64Array).subarray(0, n), true, scale);
      if (unit === arrow.TimeUnit.NANOSECOND) for (let i = 0; i < n; i++) out[i] = Math.floor(out[i]!);
      return withNulls(type, out, d);
    }
    case 'decimal': {
      const dt = t as arrow.Decimal;
      const words = d.values as Uint32Array;
      const perValue = dt.bitWidth / 32;
      const factor = 10 ** dt.scale;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const base = i * perValue;
        const lo = words[base]!, hi = words[base + 1]! | 0;
        let extended = true;
        for (let w = 2; w < perValue; w++) if (words[base + w] !== (hi < 0 ? 0xffffffff : 0)) { extended = false; break; }
        if (extended && Math.abs(hi) < 0x200000) {
          out[i] = (hi * TWO_32 + lo) / factor;
        } else {
          let b = 0n;
          for (let w = perValue - 1; w >= 0; w--) b = (b << 32n) | BigInt(words[base + w]!);
          out[i] = Number(BigInt.asIntN(dt.bitWidth, b)) / factor;
        }
      }
      return withNulls(type, out, d);
    }
    case 'string': {
      if (t.typeId === at.Utf8 || t.typeId === at.LargeUtf8) {
        return makeColumn(StringType, decodeStrings(d));
      }
      return makeColumn(StringType, genericValues(d, (v) => String(v)));
    }
    case 'binary': {
      if (t.typeId === at.Binary || t.typeId === at.LargeBinary) {
        const offsets = d.valueOffsets as Int32Array | BigInt64Array;
        const bytes = d.values as Uint8Array;
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = isValid(d, i) ? bytes.slice(Number(offsets[i]), Number(offsets[i + 1])) : null;
        return makeColumn(BinaryType, out);
      }
      return makeColumn(BinaryType, genericValues(d, (v) => new Uint8Array(v as Uint8Array)));
    }
    case 'interval': {
      const words = d.values as Int32Array;
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        if (!isValid(d, i)) { out[i] = null; continue; }
        const nanos = (words[i * 4 + 3]! * TWO_32) + (words[i * 4 + 2]! >>> 0);
        out[i] = { months: words[i * 4]!, days: words[i * 4 + 1]!, micros: Math.trunc(nanos / 1000) } satisfies Interval;
      }
      return makeColumn(IntervalType, out);
    }
    case 'array': {
      const child = d.children[0]!;
      const out = new Array(n);
      if (t.typeId === at.FixedSizeList) {
        const size = (t as arrow.FixedSizeList).listSize;
        const elems = dataToColumn(child, type.element);
        // A sliced fixed-size list slices its child too, so row i's elements start at i * size.
        for (let i = 0; i < n; i++) out[i] = isValid(d, i) ? rangeValues(elems, i * size, (i + 1) * size) : null;
        return makeColumn(type, out);
      }
      const offsets = d.valueOffsets as Int32Array | BigInt64Array;
      const elems = dataToColumn(child, type.element);
      for (let i = 0; i < n; i++) out[i] = isValid(d, i) ? rangeValues(elems, Number(offsets[i]), Number(offsets[i + 1])) : null;
      return makeColumn(type, out);
    }
    case 'map': {
      const entries = d.children[0]!;
      const keys = dataToColumn(entries.children[0]!, type.key);
      const vals = dataToColumn(entries.children[1]!, type.value);
      const offsets = d.valueOffsets as Int32Array;
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        if (!isValid(d, i)) { out[i] = null; continue; }
        const m = new Map<unknown, unknown>();
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) m.set(valueAt(keys, k), valueAt(vals, k));
        out[i] = m;
      }
      return makeColumn(type, out);
    }
    case 'struct': {
      const arrowFields = (t as arrow.Struct).children;
      const children = type.fields.map((f) => {
        const idx = arrowFields.findIndex((af) => af.name.toLowerCase() === f.name.toLowerCase());
        return idx < 0 ? constantColumn(f.type, null, n) : dataToColumn(d.children[idx]!, f.type);
      });
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        if (!isValid(d, i)) { out[i] = null; continue; }
        const row: Record<string, unknown> = {};
        type.fields.forEach((f, c) => { row[f.name] = valueAt(children[c]!, i); });
        out[i] = row;
      }
      return makeColumn(type, out);
    }
  }
}

/** Whether row i of `d` is non-null. */
function isValid(d: arrow.Data, i: number): boolean {
  const bits = d.nullBitmap;
  if (bits === undefined || bits === null || bits.length === 0 || d.nullCount === 0) return true;
  const k = d.offset + i;
  return ((bits[k >> 3]! >> (k & 7)) & 1) === 1;
}

/** A fixed-width column over `values`, with the null mask read from `d`'s validity bitmap. */
function withNulls(type: DataType, values: Float64Array | Int32Array | Uint8Array, d: arrow.Data): Column {
  const bits = d.nullBitmap;
  if (bits === undefined || bits === null || bits.length === 0 || d.nullCount === 0) return makeColumn(type, values);
  const n = d.length;
  const nulls = new Uint8Array(n);
  const off = d.offset;
  let any = false;
  let owned: Float64Array | Int32Array | Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const k = off + i;
    if (((bits[k >> 3]! >> (k & 7)) & 1) === 0) {
      nulls[i] = 1;
      any = true;
      // The slot under a null is 0 (column.ts); copy the values once before zeroing, never write into Arrow's buffer.
      if (values[i] !== 0) {
        if (owned === null) { owned = allocFixed(type, n); owned.set(values as never); }
        owned[i] = 0;
      }
    }
  }
  return makeColumn(type, owned ?? values, any ? nulls : null);
}

function decodeStrings(d: arrow.Data): (string | null)[] {
  const n = d.length;
  const offsets = d.valueOffsets as Int32Array | BigInt64Array;
  const bytes = d.values as Uint8Array;
  const out: (string | null)[] = new Array(n);
  if (n === 0) return out;
  const start = Number(offsets[0]), end = Number(offsets[n]);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const allValid = d.nullCount === 0 || d.nullBitmap === undefined || d.nullBitmap === null || d.nullBitmap.length === 0;
  if (offsets instanceof Int32Array && isAscii(buf.subarray(start, end))) {
    // One decode for the whole column; each row is a slice of it.
    const whole = buf.toString('latin1', start, end);
    for (let i = 0; i < n; i++) out[i] = allValid || isValid(d, i) ? whole.slice(offsets[i]! - start, offsets[i + 1]! - start) : null;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = allValid || isValid(d, i) ? buf.toString('utf8', Number(offsets[i]), Number(offsets[i + 1])) : null;
  return out;
}

/** Values of an Arrow column through Arrow's own accessors (rare types only: views, half floats, fixed binaries). */
function genericValues(d: arrow.Data, convert: (v: unknown) => unknown): unknown[] {
  const vec = arrow.makeVector(d);
  const out = new Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = vec.get(i);
    out[i] = v === null || v === undefined ? null : convert(v);
  }
  return out;
}

function rangeValues(c: Column, from: number, to: number): unknown[] {
  const out = new Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = valueAt(c, k);
  return out;
}

/** For messages: an Arrow type by its Sluice name when it has one. */
export function describeArrowType(t: arrow.DataType): string {
  const s = fromArrowType(t);
  return s === undefined ? String(t) : typeToString(s);
}
