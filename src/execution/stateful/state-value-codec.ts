/**
 * Binary encoding of the per-group aggregate states stored as state values (an array with one partial state per
 * aggregate, see accumulator.ts `getState`). Partial states are mostly numbers and small arrays of numbers, so
 * they are written directly:
 *   0x00 null   0x01 float64   0x02 true   0x03 false   0x04 string (varint length, UTF-8)
 *   0x05 array (varint count, then each element)   0x06 anything else (varint length, v8-serialized bytes)
 * A state value is the array of the aggregates' states, encoded as one 0x05 array — or, when every aggregate's
 * state is a fixed number of float64s (FixedWidthStates), in the fixed layout:
 *   0x10, the number of aggregates (1 byte), each aggregate's width (1 byte each), then all the float64s (LE)
 * where a width of 1 stands for a number and a larger one for an array of that many numbers. A batch writes and
 * reads a million such values as two flat arrays (FixedStateLayout), and `decodeStates` reads both layouts.
 */
import { deserialize, serialize } from 'node:v8';
import type { Accumulator, FixedWidthStates } from '../aggregates/accumulator.js';
import { hasFixedWidthStates } from '../aggregates/accumulator.js';
import { ByteReader, ByteWriter } from './byte-buffer.js';

const FIXED_LAYOUT = 0x10;
const MAX_FIXED_AGGREGATES = 255;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

const writer = new ByteWriter();

function write(w: ByteWriter, v: unknown): void {
  if (v === null || v === undefined) { w.byte(0); return; }
  switch (typeof v) {
    case 'number': w.byte(1); w.f64(v); return;
    case 'boolean': w.byte(v ? 2 : 3); return;
    case 'string': w.byte(4); w.string(v); return;
    default:
      if (Array.isArray(v)) { w.byte(5); w.varint(v.length); for (const x of v) write(w, x); return; }
      w.byte(6); w.bytes(serialize(v));
  }
}

function read(r: ByteReader): unknown {
  switch (r.byte()) {
    case FIXED_LAYOUT: return readFixed(r);
    case 0: return null;
    case 1: return r.f64();
    case 2: return true;
    case 3: return false;
    case 4: return r.string();
    case 5: { const n = r.varint(); const out: unknown[] = new Array(n); for (let i = 0; i < n; i++) out[i] = read(r); return out; }
    default: return deserialize(r.bytes());
  }
}

function readFixed(r: ByteReader): unknown[] {
  const widths: number[] = new Array(r.byte());
  for (let i = 0; i < widths.length; i++) widths[i] = r.byte();
  return widths.map((w) => {
    if (w === 1) return r.f64();
    const a: number[] = new Array(w);
    for (let j = 0; j < w; j++) a[j] = r.f64();
    return a;
  });
}

export function encodeStates(states: readonly unknown[]): Uint8Array {
  writer.reset();
  write(writer, states);
  return writer.take();
}

/** Values packed in one buffer: value k is `bytes[offsets[k], offsets[k + 1])`. */
export interface PackedStateValues {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

/** Stored values found for a batch's keys: value k is `bytes[starts[k], ends[k])`, absent when starts[k] < 0. */
export interface FoundStateValues {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Moves the states of many groups between accumulators and state values in bulk: in the fixed layout when every
 * accumulator has fixed-width states (on a little-endian platform, where float64s can be copied as bytes),
 * otherwise one encoded array per group.
 */
export class GroupStateCodec {
  private readonly fixed: (Accumulator & FixedWidthStates)[] | undefined;
  /** The fixed layout's header; every value of this operator in that layout starts with these bytes. */
  private readonly header: Uint8Array;
  private readonly width: number;

  constructor(private readonly accs: readonly Accumulator[]) {
    const fixed = accs.every(hasFixedWidthStates) && LITTLE_ENDIAN && accs.length <= MAX_FIXED_AGGREGATES
      ? accs as (Accumulator & FixedWidthStates)[] : undefined;
    this.fixed = fixed;
    this.width = fixed ? fixed.reduce((n, a) => n + a.stateWidth, 0) : 0;
    this.header = fixed ? Uint8Array.from([FIXED_LAYOUT, fixed.length, ...fixed.map((a) => a.stateWidth)]) : new Uint8Array(0);
  }

  /** Merges each found value k into group groups[k] of the accumulators. */
  mergeFound(found: FoundStateValues, groups: Int32Array): void {
    const { bytes, starts, ends } = found;
    const n = groups.length;
    const fixed = this.fixed;
    const valueBytes = this.header.length + 8 * this.width;
    // Fixed-layout values are gathered into one flat array (and their groups into fixedGroups) and merged at once.
    const states = fixed ? new Float64Array(n * this.width) : undefined;
    const stateBytes = states ? new Uint8Array(states.buffer) : undefined;
    const fixedGroups = fixed ? new Int32Array(n) : new Int32Array(0);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const start = starts[k]!;
      if (start < 0) continue;
      const end = ends[k]!;
      if (stateBytes !== undefined && end - start === valueBytes && this.hasHeader(bytes, start)) {
        let at = m * this.width * 8;
        for (let b = start + this.header.length; b < end; b++) stateBytes[at++] = bytes[b]!;
        fixedGroups[m++] = groups[k]!;
        continue;
      }
      const decoded = decodeStates(bytes.subarray(start, end));
      this.accs.forEach((a, i) => a.mergeState(groups[k]!, decoded[i]));
    }
    if (!fixed || m === 0) return;
    let offset = 0;
    for (const a of fixed) {
      a.mergeStates(fixedGroups, m, states!, this.width, offset);
      offset += a.stateWidth;
    }
  }

  /** The state values of groups[k], packed in that order. */
  encodeGroups(groups: Int32Array): PackedStateValues {
    const n = groups.length;
    const fixed = this.fixed;
    if (!fixed) {
      const w = new ByteWriter();
      const offsets = new Int32Array(n + 1);
      for (let k = 0; k < n; k++) {
        const g = groups[k]!;
        write(w, this.accs.map((a) => a.getState(g)));
        offsets[k + 1] = w.pos;
      }
      return { bytes: w.buf.subarray(0, w.pos), offsets };
    }
    const states = new Float64Array(n * this.width);
    let offset = 0;
    for (const a of fixed) {
      a.writeStates(groups, states, this.width, offset);
      offset += a.stateWidth;
    }
    // -0 and NaN have more than one bit pattern; equal states must give equal bytes, as with ByteWriter.f64.
    for (let i = 0; i < states.length; i++) {
      const v = states[i]!;
      if (v === 0) states[i] = 0;
      else if (v !== v) states[i] = NaN;
    }
    const stateBytes = new Uint8Array(states.buffer);
    const h = this.header.length, valueBytes = h + 8 * this.width;
    const bytes = new Uint8Array(n * valueBytes);
    const offsets = new Int32Array(n + 1);
    for (let k = 0, at = 0, from = 0; k < n; k++) {
      for (let b = 0; b < h; b++) bytes[at++] = this.header[b]!;
      for (let b = 0; b < 8 * this.width; b++) bytes[at++] = stateBytes[from++]!;
      offsets[k + 1] = at;
    }
    return { bytes, offsets };
  }

  private hasHeader(bytes: Uint8Array, start: number): boolean {
    const h = this.header;
    for (let b = 0; b < h.length; b++) if (bytes[start + b] !== h[b]) return false;
    return true;
  }
}

export function decodeStates(bytes: Uint8Array): unknown[] {
  return read(new ByteReader(bytes)) as unknown[];
}
