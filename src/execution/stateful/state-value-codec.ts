/**
 * Binary encoding of the per-group aggregate states stored as state values (an array with one partial state per
 * aggregate, see accumulator.ts `getState`). Partial states are mostly numbers and small arrays of numbers, so
 * they are written directly:
 *   0x00 null   0x01 float64   0x02 true   0x03 false   0x04 string (varint length, UTF-8)
 *   0x05 array (varint count, then each element)   0x06 anything else (varint length, v8-serialized bytes)
 * A state value is the array of the aggregates' states, encoded as one 0x05 array.
 */
import { deserialize, serialize } from 'node:v8';
import { ByteReader, ByteWriter } from './byte-buffer.js';

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
    case 0: return null;
    case 1: return r.f64();
    case 2: return true;
    case 3: return false;
    case 4: return r.string();
    case 5: { const n = r.varint(); const out: unknown[] = new Array(n); for (let i = 0; i < n; i++) out[i] = read(r); return out; }
    default: return deserialize(r.bytes());
  }
}

export function encodeStates(states: readonly unknown[]): Uint8Array {
  writer.reset();
  write(writer, states);
  return writer.take();
}

export function decodeStates(bytes: Uint8Array): unknown[] {
  return read(new ByteReader(bytes)) as unknown[];
}
