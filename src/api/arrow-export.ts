/**
 * Batch → Apache Arrow table. Fixed-width columns hand their typed arrays to Arrow as they are (no copy of the
 * values); strings and nested values are encoded by Arrow's builders.
 */
import * as arrow from 'apache-arrow';
import type { DataType } from '../types/data-type.js';
import type { Batch } from '../execution/batch.js';
import { valueAt, type Column } from '../execution/column.js';
import { toJsonValue } from '../types/values.js';

function arrowType(t: DataType): arrow.DataType {
  switch (t.kind) {
    case 'boolean': return new arrow.Bool();
    case 'int': return new arrow.Int32();
    case 'bigint': return new arrow.Float64();
    case 'double': case 'decimal': return new arrow.Float64();
    case 'date': return new arrow.DateDay();
    case 'timestamp': return new arrow.TimestampMicrosecond('UTC');
    case 'binary': return new arrow.Binary();
    case 'array': return new arrow.List(new arrow.Field('element', arrowType(t.element), true));
    case 'struct': return new arrow.Struct(t.fields.map((f) => new arrow.Field(f.name, arrowType(f.type), true)));
    default: return new arrow.Utf8();
  }
}

function validity(c: Column): Uint8Array | undefined {
  if (c.nulls === null) return undefined;
  const bits = new Uint8Array(Math.ceil(c.length / 8));
  for (let i = 0; i < c.length; i++) if (c.nulls[i] === 0) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

function toArrowVector(c: Column): arrow.Vector {
  const t = c.type;
  const type = arrowType(t);
  switch (t.kind) {
    case 'int':
      return arrow.makeVector(arrow.makeData({ type: type as arrow.Int32, length: c.length, data: c.data as never, nullBitmap: validity(c) }));
    case 'double': case 'decimal': case 'bigint':
      return arrow.makeVector(arrow.makeData({ type: type as arrow.Float64, length: c.length, data: c.data as never, nullBitmap: validity(c) }));
    case 'date':
      return arrow.makeVector(arrow.makeData({ type: type as arrow.DateDay, length: c.length, data: c.data as never, nullBitmap: validity(c) }));
    case 'timestamp': {
      const micros = new BigInt64Array(c.length);
      const d = c.data as Float64Array;
      for (let i = 0; i < c.length; i++) micros[i] = BigInt(Math.round(d[i]!));
      return arrow.makeVector(arrow.makeData({ type: type as arrow.TimestampMicrosecond, length: c.length, data: micros as never, nullBitmap: validity(c) }));
    }
    default: {
      const values: unknown[] = [];
      for (let i = 0; i < c.length; i++) {
        const v = valueAt(c, i);
        values.push(t.kind === 'boolean' || t.kind === 'binary' || t.kind === 'string' || v === null ? v : t.kind === 'array' || t.kind === 'struct' ? v : toJsonValue(v, t));
      }
      return arrow.vectorFromArray(values, type as never);
    }
  }
}

export function batchToArrow(b: Batch): arrow.Table {
  const vectors: Record<string, arrow.Vector> = {};
  b.schema.fields.forEach((f, i) => { vectors[f.name] = toArrowVector(b.columns[i]!); });
  return new arrow.Table(vectors);
}
