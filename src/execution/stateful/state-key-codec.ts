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
 *
 * With an event-time key (`eventTimeKey`), that column comes first and is written so that byte order is time
 * order: a timestamp as 8 bytes big-endian of its float64 bits with the sign bit flipped (all bits inverted for
 * negatives); a window as its start then its end that way; NULL as 0xFF (last). Stores then list keys
 * oldest-first, and eviction by watermark can stop at the first key the watermark has not passed.
 */
import type { PackedBytes } from '../../state/state-store.js';
import type { DataType, Interval } from '../../types/data-type.js';
import { valueAt, type Column, type FixedData } from '../column.js';
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

const scratch = new DataView(new ArrayBuffer(8));

function writeOrderedTime(w: ByteWriter, micros: number): void {
  scratch.setFloat64(0, micros === 0 ? 0 : micros);
  const negative = (scratch.getUint8(0) & 0x80) !== 0;
  for (let i = 0; i < 8; i++) {
    const b = scratch.getUint8(i);
    w.byte(negative ? b ^ 0xff : i === 0 ? b ^ 0x80 : b);
  }
}

function readOrderedTime(r: ByteReader): number {
  const first = r.byte();
  const negative = (first & 0x80) === 0;
  scratch.setUint8(0, negative ? first ^ 0xff : first ^ 0x80);
  for (let i = 1; i < 8; i++) { const b = r.byte(); scratch.setUint8(i, negative ? b ^ 0xff : b); }
  return scratch.getFloat64(0);
}

/** A column whose values are written as one float64 each (INT, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP). */
function isFloat64Column(c: Column): boolean {
  switch (c.type.kind) {
    case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp': return true;
    default: return false;
  }
}

export class StateKeyCodec {
  private readonly writer = new ByteWriter();
  private readonly order: readonly number[];

  /** `eventTimeKey`: the index of a timestamp or window key to write first, in time order. */
  constructor(readonly types: readonly DataType[], private readonly eventTimeKey?: number) {
    const rest = types.map((_, i) => i).filter((i) => i !== eventTimeKey);
    this.order = eventTimeKey === undefined ? rest : [eventTimeKey, ...rest];
  }

  encode(values: readonly unknown[]): Uint8Array {
    const w = this.writer;
    w.reset();
    for (const i of this.order) {
      if (i === this.eventTimeKey) this.writeTime(w, values[i]);
      else writeValue(w, values[i], this.types[i]!);
    }
    return w.take();
  }

  /** The keys of rows 0 … n-1 of `columns` (in `types` order), packed into one buffer. */
  encodeColumns(columns: readonly Column[], n: number): PackedBytes {
    const w = new ByteWriter();
    const offsets = new Int32Array(n + 1);
    for (let g = 0; g < n; g++) {
      for (const i of this.order) {
        const c = columns[i]!;
        if (i === this.eventTimeKey) this.writeTime(w, valueAt(c, g));
        else if (isFloat64Column(c)) {
          if (c.nulls !== null && c.nulls[g] === 1) w.byte(0);
          else { w.byte(1); w.f64((c.data as FixedData)[g]!); }
        } else writeValue(w, valueAt(c, g), this.types[i]!);
      }
      offsets[g + 1] = w.pos;
    }
    return { bytes: w.buf.subarray(0, w.pos), offsets };
  }

  decode(bytes: Uint8Array): unknown[] {
    const r = new ByteReader(bytes);
    const out: unknown[] = new Array(this.types.length);
    for (const i of this.order) out[i] = i === this.eventTimeKey ? this.readTime(r) : readValue(r, this.types[i]!);
    return out;
  }

  private writeTime(w: ByteWriter, v: unknown): void {
    if (v === null || v === undefined) { w.byte(0xff); return; }
    w.byte(0x01);
    if (this.types[this.eventTimeKey!]!.kind === 'struct') {
      const win = v as { start: number; end: number };
      writeOrderedTime(w, win.start);
      writeOrderedTime(w, win.end);
    } else writeOrderedTime(w, v as number);
  }

  private readTime(r: ByteReader): unknown {
    if (r.byte() === 0xff) return null;
    if (this.types[this.eventTimeKey!]!.kind === 'struct') return { start: readOrderedTime(r), end: readOrderedTime(r) };
    return readOrderedTime(r);
  }
}
