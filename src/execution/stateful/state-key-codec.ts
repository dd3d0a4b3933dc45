/**
 * Binary encoding of grouping keys for the state store. Equal keys must give equal bytes (the store compares
 * bytes), so every value is written in one canonical form:
 *   NULL        0x00
 *   non-NULL    0x01, then by type:
 *     BOOLEAN                       1 byte (0/1)
 *     INT, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP
 *                                   8-byte little-endian float64 (-0 written as 0, NaN as the canonical NaN)
 *     STRING, BINARY                varint byte length, then the UTF-8 / raw bytes
 *     INTERVAL                      months, days, micros as three float64
 *     ARRAY                         varint count, then each element (with its own null byte)
 *     MAP                           varint count, then key, value pairs in insertion order
 *     STRUCT                        each field in schema order
 * A key is the concatenation of its columns' encodings.
 */
import type { DataType, Interval } from '../../types/data-type.js';
import { ByteReader, ByteWriter } from './byte-buffer.js';

function writeValue(w: ByteWriter, v: unknown, t: DataType): void {
  if (v === null || v === undefined) { w.byte(0); return; }
  w.byte(1);
  switch (t.kind) {
    case 'boolean': w.byte(v ? 1 : 0); return;
    case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp': w.f64(v as number); return;
    case 'string': w.string(v as string); return;
    case 'binary': w.bytes(v as Uint8Array); return;
    case 'interval': { const iv = v as Interval; w.f64(iv.months); w.f64(iv.days); w.f64(iv.micros); return; }
    case 'array': { const a = v as unknown[]; w.varint(a.length); for (const x of a) writeValue(w, x, t.element); return; }
    case 'map': { const m = v as Map<unknown, unknown>; w.varint(m.size); for (const [k, x] of m) { writeValue(w, k, t.key); writeValue(w, x, t.value); } return; }
    case 'struct': { const o = v as Record<string, unknown>; for (const f of t.fields) writeValue(w, o[f.name], f.type); return; }
    case 'null': return;
  }
}

function readValue(r: ByteReader, t: DataType): unknown {
  if (r.byte() === 0) return null;
  switch (t.kind) {
    case 'boolean': return r.byte() === 1;
    case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp': return r.f64();
    case 'string': return r.string();
    case 'binary': return r.bytes();
    case 'interval': return { months: r.f64(), days: r.f64(), micros: r.f64() };
    case 'array': { const n = r.varint(); const out: unknown[] = []; for (let i = 0; i < n; i++) out.push(readValue(r, t.element)); return out; }
    case 'map': { const n = r.varint(); const m = new Map(); for (let i = 0; i < n; i++) { const k = readValue(r, t.key); m.set(k, readValue(r, t.value)); } return m; }
    case 'struct': { const o: Record<string, unknown> = {}; for (const f of t.fields) o[f.name] = readValue(r, f.type); return o; }
    case 'null': return null;
  }
}

export class StateKeyCodec {
  private readonly writer = new ByteWriter();
  constructor(readonly types: readonly DataType[]) {}

  encode(values: readonly unknown[]): Uint8Array {
    const w = this.writer;
    w.reset();
    for (let i = 0; i < this.types.length; i++) writeValue(w, values[i], this.types[i]!);
    return w.take();
  }

  decode(bytes: Uint8Array): unknown[] {
    const r = new ByteReader(bytes);
    return this.types.map((t) => readValue(r, t));
  }
}
