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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class ByteWriter {
  buf = new Uint8Array(64);
  view = new DataView(this.buf.buffer);
  pos = 0;
  reset(): void { this.pos = 0; }
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  byte(b: number): void { this.ensure(1); this.buf[this.pos++] = b; }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v === 0 ? 0 : v !== v ? NaN : v, true);
    this.pos += 8;
  }
  varint(n: number): void {
    while (n >= 0x80) { this.byte((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
    this.byte(n);
  }
  bytes(b: Uint8Array): void { this.varint(b.length); this.ensure(b.length); this.buf.set(b, this.pos); this.pos += b.length; }
  string(s: string): void {
    // Worst case 3 bytes per UTF-16 unit; encode in place, then write the length before it.
    this.ensure(s.length * 3 + 5);
    const lenPos = this.pos;
    this.pos += 5;
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.pos));
    const body = this.buf.slice(this.pos, this.pos + written);
    this.pos = lenPos;
    this.bytes(body);
  }
  take(): Uint8Array { return this.buf.slice(0, this.pos); }
}

class ByteReader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) { this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
  byte(): number { return this.buf[this.pos++]!; }
  f64(): number { const v = this.view.getFloat64(this.pos, true); this.pos += 8; return v; }
  varint(): number {
    let n = 0, mul = 1, b: number;
    do { b = this.byte(); n += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    return n;
  }
  bytes(): Uint8Array { const n = this.varint(); const out = this.buf.slice(this.pos, this.pos + n); this.pos += n; return out; }
  string(): string { const n = this.varint(); const s = decoder.decode(this.buf.subarray(this.pos, this.pos + n)); this.pos += n; return s; }
}

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
