/**
 * Unsigned LEB128 varints, as the state store writes lengths in undo chunks and pages: 7 bits per byte, least
 * significant group first, high bit set on every byte but the last. Values stay below 2^53.
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
