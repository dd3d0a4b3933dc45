/**
 * Builds a batch row by row straight into its final column storage, for readers that parse bytes (the JSON lines
 * fast path): numbers go into typed arrays without a JS value per row, strings into one UTF-8 buffer per column.
 * It applies the malformed-record policy as RowAssembler does.
 *
 * A reader calls `begin()`, sets the columns the record has (in any order, a column again to replace it), then
 * `commit()`, which makes every column not set in this row null; or it calls `malformed(...)`. A row that is begun
 * and neither committed nor reported is simply overwritten by the next one, so a reader can give up on a record
 * half way and read it again another way.
 *
 * STRING columns keep their values as the UTF-8 bytes of the input (offsets + data, Arrow's Utf8 layout); the JS
 * strings are made once, in `finish()`: short ASCII values through a cache keyed by their bytes, so a column of
 * repeated values (keys, categories, names) shares one string per distinct value instead of allocating one per row,
 * longer ASCII values as slices of the column's bytes decoded in one call, and values with other characters one by
 * one. The finished column hands its Arrow form to arrow-interop.ts, so writing it to parquet or Arrow IPC encodes
 * nothing again.
 */
import * as arrow from 'apache-arrow';
import { isAscii } from 'node:buffer';
import { attachArrowData } from '../../execution/arrow-interop.js';
import { makeBatch, type Batch } from '../../execution/batch.js';
import { makeColumn, type Column } from '../../execution/column.js';
import type { DataType } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { keepsMalformedRecord, type MalformedRecordPolicy } from './parse-mode.js';

/** How a column's values are stored while the batch is built. */
const F64 = 0, I32 = 1, BOOL = 2, STRING = 3, OBJECT = 4;
type Storage = typeof F64 | typeof I32 | typeof BOOL | typeof STRING | typeof OBJECT;

/** Rows reserved before the reader's first size estimate. */
const INITIAL_ROWS = 4096;
/** Strings up to this many bytes are hashed as they are copied and go through the cache of distinct values. */
const CACHED_STRING_BYTES = 16;
const STRING_CACHE_SLOTS = 1 << 15;
/** FNV-1a. */
const HASH_SEED = 0x811c9dc5 | 0, HASH_PRIME = 0x01000193;

function storageOf(t: DataType): Storage {
  switch (t.kind) {
    case 'bigint': case 'double': case 'decimal': case 'timestamp': return F64;
    case 'int': case 'date': return I32;
    case 'boolean': return BOOL;
    case 'string': return STRING;
    default: return OBJECT;
  }
}

export class TypedRowAssembler {
  /** The row being built (= the rows committed so far). */
  row = 0;
  droppedCount = 0;
  private capacity = INITIAL_ROWS;
  private readonly storage: Storage[];
  /** Per column, the storage of its kind (an empty array for the other kinds). */
  private f64: Float64Array[];
  private i32: Int32Array[];
  private bool: Uint8Array[];
  private objects: unknown[][];
  /** 1 = null, for every column but OBJECT ones (those hold null in `objects`). */
  private nulls: Uint8Array[];
  /** STRING columns: byte offsets (row r is bytes[offsets[r], offsets[r + 1])) and the bytes. */
  private offsets: Int32Array[];
  private bytes: Uint8Array[];
  /** STRING columns: per row, a hash of the bytes of a value of up to CACHED_STRING_BYTES. */
  private hashes: Int32Array[];
  /** STRING columns: 1 where the value was given as a JS string (kept in `given`, its bytes are its UTF-8 form). */
  private isGiven: Uint8Array[];
  private readonly given: Map<number, string>[];
  /** Per column, 1 once a row has set it null (its mask is then checked for nulls when the batch is finished). */
  private readonly nulled: Uint8Array;
  /** Per column, the generation of the last row attempt that set it (each `begin()` starts a new one). */
  private readonly setIn: Int32Array;
  private generation = 0;

  constructor(private readonly rowSchema: Schema, private readonly policy: MalformedRecordPolicy, private readonly file: string) {
    const n = rowSchema.fields.length;
    this.storage = rowSchema.fields.map((f) => storageOf(f.type));
    const empty = <T>(make: (cap: number) => T, fallback: T, kinds: readonly Storage[]): T[] =>
      this.storage.map((s) => (kinds.includes(s) ? make(this.capacity) : fallback));
    this.f64 = empty((c) => new Float64Array(c), new Float64Array(0), [F64]);
    this.i32 = empty((c) => new Int32Array(c), new Int32Array(0), [I32]);
    this.bool = empty((c) => new Uint8Array(c), new Uint8Array(0), [BOOL]);
    this.objects = this.storage.map(() => []);
    this.nulls = empty((c) => new Uint8Array(c), new Uint8Array(0), [F64, I32, BOOL, STRING]);
    this.offsets = empty((c) => new Int32Array(c + 1), new Int32Array(1), [STRING]);
    this.bytes = empty((c) => new Uint8Array(c * 16), new Uint8Array(0), [STRING]);
    this.isGiven = empty((c) => new Uint8Array(c), new Uint8Array(0), [STRING]);
    this.hashes = empty((c) => new Int32Array(c), new Int32Array(0), [STRING]);
    this.given = this.storage.map(() => new Map());
    this.setIn = new Int32Array(n);
    this.nulled = new Uint8Array(n);
  }

  /** Starts the row afresh (forgetting what an abandoned attempt at it set) and makes room for it. */
  begin(): void {
    this.generation++;
    if (this.row === this.capacity) this.reserve(this.capacity * 2);
  }

  /**
   * Sizes the storage for `rows` rows in all, `bytesPerRow` bytes of each STRING column per row (a reader's
   * estimate from what it has read so far; storage still grows past it when needed).
   */
  reserve(rows: number, bytesPerRow?: readonly number[]): void {
    if (rows > this.capacity) {
      const cap = rows;
      const keep = this.row + 1;
      this.f64 = this.f64.map((a) => (a.length === 0 ? a : copyInto(new Float64Array(cap), a, keep)));
      this.i32 = this.i32.map((a) => (a.length === 0 ? a : copyInto(new Int32Array(cap), a, keep)));
      this.bool = this.bool.map((a) => (a.length === 0 ? a : copyInto(new Uint8Array(cap), a, keep)));
      this.nulls = this.nulls.map((a) => (a.length === 0 ? a : copyInto(new Uint8Array(cap), a, keep)));
      this.isGiven = this.isGiven.map((a) => (a.length === 0 ? a : copyInto(new Uint8Array(cap), a, keep)));
      this.hashes = this.hashes.map((a) => (a.length === 0 ? a : copyInto(new Int32Array(cap), a, keep)));
      this.offsets = this.offsets.map((a) => (a.length === 1 ? a : copyInto(new Int32Array(cap + 1), a, keep + 1)));
      this.capacity = cap;
    }
    if (bytesPerRow !== undefined) {
      for (let c = 0; c < this.bytes.length; c++) {
        const want = Math.ceil(rows * (bytesPerRow[c] ?? 0));
        if (this.storage[c] === STRING && want > this.bytes[c]!.length) this.growBytes(c, want);
      }
    }
  }

  /** Bytes held so far by STRING column c. */
  stringBytes(c: number): number {
    return this.offsets[c]![this.row]!;
  }

  setNumber(c: number, v: number): void {
    const r = this.row;
    this.f64[c]![r] = v;
    this.nulls[c]![r] = 0;
    this.setIn[c] = this.generation;
  }

  setInt(c: number, v: number): void {
    const r = this.row;
    this.i32[c]![r] = v;
    this.nulls[c]![r] = 0;
    this.setIn[c] = this.generation;
  }

  setBoolean(c: number, v: boolean): void {
    const r = this.row;
    this.bool[c]![r] = v ? 1 : 0;
    this.nulls[c]![r] = 0;
    this.setIn[c] = this.generation;
  }

  /** STRING column c: the value whose UTF-8 bytes are src[from, to) (valid UTF-8, no escapes to decode). */
  setStringBytes(c: number, src: Uint8Array, from: number, to: number): void {
    const r = this.row;
    const offsets = this.offsets[c]!;
    const at = offsets[r]!;
    const len = to - from;
    let dst = this.bytes[c]!;
    if (at + len > dst.length) dst = this.growBytes(c, at + len);
    if (len <= CACHED_STRING_BYTES) {
      let h = HASH_SEED;
      for (let k = 0; k < len; k++) {
        const b = src[from + k]!;
        dst[at + k] = b;
        h = Math.imul(h ^ b, HASH_PRIME);
      }
      this.hashes[c]![r] = h;
    } else {
      dst.set(src.subarray(from, to), at);
    }
    offsets[r + 1] = at + len;
    this.nulls[c]![r] = 0;
    this.isGiven[c]![r] = 0;
    this.setIn[c] = this.generation;
  }

  /** Any column: a value in the representation of its type (column.ts); null for null. */
  setValue(c: number, v: unknown): void {
    if (v === null || v === undefined) { this.setNull(c); return; }
    switch (this.storage[c]!) {
      case F64: this.setNumber(c, v as number); return;
      case I32: this.setInt(c, v as number); return;
      case BOOL: this.setBoolean(c, v as boolean); return;
      case STRING: this.setString(c, v as string); return;
      case OBJECT: this.objects[c]![this.row] = v; this.setIn[c] = this.generation; return;
    }
  }

  /** Ends the row: columns it did not set are null. */
  commit(): void {
    const { setIn, generation } = this;
    for (let c = 0; c < setIn.length; c++) if (setIn[c] !== generation) this.setNull(c);
    this.row++;
  }

  /** A record that could not be read: nulls (+ raw text), dropped, or a MALFORMED_RECORD error, by the mode. */
  malformed(rawText: string, line: number, reason: string): void {
    if (!keepsMalformedRecord(this.policy, this.file, line, reason)) {
      this.droppedCount++;
      return;
    }
    this.begin();
    if (this.policy.corruptColumn >= 0) this.setValue(this.policy.corruptColumn, rawText);
    this.commit();
  }

  finish(): Batch {
    const n = this.row;
    const columns = this.rowSchema.fields.map((f, c): Column => {
      switch (this.storage[c]!) {
        case F64: return makeColumn(f.type, exact(this.f64[c]!, n), this.nullMask(c, n));
        case I32: return makeColumn(f.type, exact(this.i32[c]!, n), this.nullMask(c, n));
        case BOOL: return makeColumn(f.type, exact(this.bool[c]!, n), this.nullMask(c, n));
        case STRING: return this.finishStrings(c, n);
        case OBJECT: {
          const values = this.objects[c]!;
          values.length = n;
          return makeColumn(f.type, values);
        }
      }
    });
    return makeBatch(this.rowSchema, columns, n);
  }

  private setNull(c: number): void {
    const r = this.row;
    switch (this.storage[c]!) {
      case F64: this.f64[c]![r] = 0; break;
      case I32: this.i32[c]![r] = 0; break;
      case BOOL: this.bool[c]![r] = 0; break;
      case STRING: {
        const offsets = this.offsets[c]!;
        offsets[r + 1] = offsets[r]!;
        this.isGiven[c]![r] = 0;
        break;
      }
      case OBJECT: this.objects[c]![r] = null; this.setIn[c] = this.generation; return;
    }
    this.nulls[c]![r] = 1;
    this.nulled[c] = 1;
    this.setIn[c] = this.generation;
  }

  /** STRING column c: a decoded JS string (stored as its UTF-8 bytes, and kept as given for the column's values). */
  private setString(c: number, s: string): void {
    const r = this.row;
    const offsets = this.offsets[c]!;
    const at = offsets[r]!;
    const len = Buffer.byteLength(s, 'utf8');
    let dst = this.bytes[c]!;
    if (at + len > dst.length) dst = this.growBytes(c, at + len);
    Buffer.from(dst.buffer, dst.byteOffset, dst.byteLength).write(s, at, 'utf8');
    offsets[r + 1] = at + len;
    this.nulls[c]![r] = 0;
    this.isGiven[c]![r] = 1;
    this.given[c]!.set(r, s);
    this.setIn[c] = this.generation;
  }

  private growBytes(c: number, atLeast: number): Uint8Array {
    const old = this.bytes[c]!;
    const grown = new Uint8Array(Math.max(atLeast, old.length * 2, 1024));
    grown.set(old.subarray(0, this.offsets[c]![this.row]!));
    this.bytes[c] = grown;
    return grown;
  }

  private nullMask(c: number, n: number): Uint8Array | null {
    if (this.nulled[c] === 0) return null;
    const nulls = this.nulls[c]!;
    for (let i = 0; i < n; i++) if (nulls[i] !== 0) return exact(nulls, n);
    return null;
  }

  /** The JS strings of STRING column c, and its Arrow form. */
  private finishStrings(c: number, n: number): Column {
    const offsets = this.offsets[c]!.subarray(0, n + 1);
    const end = offsets[n]!;
    const data = exact(this.bytes[c]!, end);
    const nullMask = this.nullMask(c, n);
    const values = stringValues(data, offsets, n, nullMask, this.isGiven[c]!, this.given[c]!, this.hashes[c]!);
    const column = makeColumn(this.rowSchema.fields[c]!.type, values);
    attachArrowData(column, arrow.makeData({
      type: new arrow.Utf8(), length: n, valueOffsets: offsets, data, ...validity(nullMask, n),
    }));
    return column;
  }
}

/**
 * The JS strings of a STRING column's rows from their UTF-8 bytes (see the file comment): ASCII values of up to
 * CACHED_STRING_BYTES through the cache of distinct values, other ASCII values as slices of the bytes decoded in one
 * call (latin1, so byte offsets are character offsets), the rest decoded one by one.
 */
function stringValues(
  data: Uint8Array, offsets: Int32Array, n: number, nullMask: Uint8Array | null, isGiven: Uint8Array,
  given: ReadonlyMap<number, string>, hashes: Int32Array,
): (string | null)[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const allAscii = isAscii(buf);
  let text: string | null = null;
  const cache: (string | undefined)[] = new Array(STRING_CACHE_SLOTS);
  const values: (string | null)[] = new Array(n);
  for (let r = 0; r < n; r++) {
    if (nullMask !== null && nullMask[r] === 1) { values[r] = null; continue; }
    if (isGiven[r] === 1) { values[r] = given.get(r)!; continue; }
    const from = offsets[r]!, to = offsets[r + 1]!;
    if (!allAscii && !isAsciiRange(data, from, to)) { values[r] = buf.toString('utf8', from, to); continue; }
    const len = to - from;
    if (len > CACHED_STRING_BYTES) {
      text ??= buf.toString('latin1');
      values[r] = text.slice(from, to);
      continue;
    }
    const h = hashes[r]!;
    const slot = (h ^ (h >>> 15)) & (STRING_CACHE_SLOTS - 1);
    const hit = cache[slot];
    if (hit !== undefined && hit.length === len && sameAscii(hit, data, from)) { values[r] = hit; continue; }
    text ??= buf.toString('latin1');
    const s = text.slice(from, to);
    cache[slot] = s;
    values[r] = s;
  }
  return values;
}

function isAsciiRange(bytes: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (bytes[k]! >= 0x80) return false;
  return true;
}

function sameAscii(s: string, bytes: Uint8Array, from: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== bytes[from + k]) return false;
  return true;
}

function copyInto<T extends Float64Array | Int32Array | Uint8Array>(dst: T, src: T, count: number): T {
  dst.set(src.subarray(0, Math.min(count, src.length)) as never);
  return dst;
}

/** The first n values, copied when the storage is much larger than them (so the spare capacity is not kept alive). */
function exact<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  return (a.length - n > (n >> 3) + 64 ? a.slice(0, n) : a.subarray(0, n)) as T;
}

function validity(nulls: Uint8Array | null, n: number): { nullBitmap?: Uint8Array; nullCount: number } {
  if (nulls === null) return { nullCount: 0 };
  const bits = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (nulls[i] === 0) bits[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return { nullBitmap: bits, nullCount };
}
