/**
 * The byte helpers of the state store's encodings: unsigned LEB128 varints, as it writes lengths in undo chunks
 * and pages (7 bits per byte, least significant group first, high bit set on every byte but the last; always the
 * shortest form, so `varintSize` of the value is the length read; values stay below 2^53), and a copy for the
 * short ranges keys and values usually are.
 */

/** The number of bytes `n` takes. */
export function varintSize(n: number): number {
  if (n < 0x80) return 1;
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** Writes `n` at `offset`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, offset: number, n: number): number {
  while (n >= 0x80) {
    buf[offset++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[offset++] = n;
  return offset;
}

/**
 * The varint at `offset` of `buf[0, end)`; -1 when it runs past `end`, is not in its shortest form, or does not
 * fit below 2^53.
 */
export function readVarint(buf: Uint8Array, offset: number, end: number = buf.length): number {
  const first = buf[offset];
  if (first !== undefined && first < 0x80 && offset < end) return first;
  let n = 0;
  let scale = 1;
  for (let i = offset; i < end && scale < 2 ** 49; i++) {
    const byte = buf[i]!;
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return byte === 0 && i > offset ? -1 : n;
    scale *= 0x80;
  }
  return -1;
}

/**
 * Copies `src[start, end)` into `dst` at `o`; returns the offset after it. Short ranges by hand: for the few bytes
 * of a typical key or value that is cheaper than `set`, which needs a subarray and a native call.
 */
export function copyRange(dst: Uint8Array, o: number, src: Uint8Array, start: number, end: number): number {
  if (end - start > 32) {
    dst.set(src.subarray(start, end), o);
    return o + end - start;
  }
  for (let i = start; i < end; i++) dst[o++] = src[i]!;
  return o;
}
