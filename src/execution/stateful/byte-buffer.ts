/** Growable byte writer and a matching reader for the state encodings (varints, float64 LE, UTF-8). */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ByteWriter {
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

export class ByteReader {
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
