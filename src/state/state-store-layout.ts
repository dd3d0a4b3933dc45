/**
 * The on-disk layout of the state store: one LevelDB database (default bytewise comparator) shared by every
 * operator and partition of a query, so that one write batch can commit a whole micro-batch.
 *
 * Integers are unsigned big-endian (so byte order is numeric order): u32 = 4 bytes, u64 = 8 bytes (the engine's
 * numbers stay below 2^53). `op` and `part` are the operator id and the partition id as u32.
 *
 * ```
 * key                                            value
 * 00 "sluice-state"                              "1" (ASCII): the format version; written when the database is
 *                                                created, checked on every open (anything else is refused)
 * 01 op part                                     partition record: u8 1 | latest u64 | oldest u64 | numKeys u64
 * 02 op part userKey                             the user value at version `latest` (the "latest table")
 * 03 op part version:u64 00000000                undo header of `version`: numKeysBefore u64 | chunks u32 | entries u32
 * 03 op part version:u64 chunk:u32 (1..chunks)   undo chunk: entries, each
 *                                                  keyLen varint | key | 0 (absent) or valueLen+1 varint | value
 * ```
 *
 * - A partition record that does not exist means version 0: empty, latest = oldest = numKeys = 0.
 * - `latest` is the newest committed version; the latest table holds exactly its content, so a read of the
 *   newest version is a single point lookup.
 * - The undo record of version v (v ≥ 1) lists, for every key that version v changed, its value at version v-1
 *   (absent = the key did not exist) and `numKeysBefore` = the number of keys at v-1. Applying the undo records of
 *   latest, latest-1, ..., v+1 to the latest table gives version v. Version v is loadable iff oldest ≤ v ≤ latest;
 *   undo records of versions ≤ oldest are garbage that maintenance deletes (it first raises `oldest`, then
 *   deletes, so a crash in between leaves only unreachable records).
 * - Entries of a chunk are in no particular order; a key appears at most once per version. Chunks are at most
 *   about UNDO_CHUNK_BYTES so no single LevelDB value grows with the batch size.
 *
 * Commit of version v+1 from a store opened at version v (one atomic write batch, see state-store-manager.ts):
 * if v < latest, first restore every key the undo records v+1..latest mention to its value at v and delete those
 * undo records; then write this batch's changes to the latest table, the undo record of v+1, and the partition
 * record with latest = v+1.
 */

/** Byte tags: the first byte of every key. */
const TAG_FORMAT = 0x00;
const TAG_PARTITION = 0x01;
const TAG_DATA = 0x02;
const TAG_UNDO = 0x03;

export const FORMAT_KEY: Buffer = Buffer.concat([Buffer.from([TAG_FORMAT]), Buffer.from('sluice-state', 'ascii')]);
export const FORMAT_VALUE: Buffer = Buffer.from('1', 'ascii');

const PARTITION_RECORD_VERSION = 1;
/** Size of the tag + op + part prefix shared by partition, data and undo keys. */
export const PARTITION_PREFIX_BYTES = 9;
/** Target size of one undo chunk. */
export const UNDO_CHUNK_BYTES = 1 << 20;

const TWO_POW_32 = 0x1_0000_0000;

function writeU64(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32BE(Math.floor(value / TWO_POW_32), offset);
  buf.writeUInt32BE(value >>> 0, offset + 4);
}

function readU64(buf: Uint8Array, offset: number): number {
  const b = buf as Buffer;
  return b.readUInt32BE(offset) * TWO_POW_32 + b.readUInt32BE(offset + 4);
}

function prefixed(tag: number, operatorId: number, partitionId: number, extra: number): Buffer {
  const buf = Buffer.allocUnsafe(PARTITION_PREFIX_BYTES + extra);
  buf[0] = tag;
  buf.writeUInt32BE(operatorId, 1);
  buf.writeUInt32BE(partitionId, 5);
  return buf;
}

export function partitionKey(operatorId: number, partitionId: number): Buffer {
  return prefixed(TAG_PARTITION, operatorId, partitionId, 0);
}

/** Lower bound (inclusive) and upper bound (exclusive) of all partition records. */
export const PARTITION_RANGE: { readonly gte: Buffer; readonly lt: Buffer } = {
  gte: Buffer.from([TAG_PARTITION]),
  lt: Buffer.from([TAG_PARTITION + 1]),
};

/** The prefix of a partition's data keys; a data key is this prefix followed by the user key. */
export function dataPrefix(operatorId: number, partitionId: number): Buffer {
  return prefixed(TAG_DATA, operatorId, partitionId, 0);
}

/** The exclusive upper bound of all keys starting with `prefix` (the prefix is never all 0xff here). */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const end = Buffer.from(prefix);
  let i = end.length - 1;
  while (end[i] === 0xff) end[i--] = 0;
  end[i]! += 1;
  return end;
}

export function dataKey(prefix: Buffer, userKey: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(prefix.length + userKey.length);
  prefix.copy(buf, 0);
  buf.set(userKey, prefix.length);
  return buf;
}

/** Key of chunk `chunk` of version `version`'s undo record (chunk 0 is the header). */
export function undoKey(operatorId: number, partitionId: number, version: number, chunk: number): Buffer {
  const buf = prefixed(TAG_UNDO, operatorId, partitionId, 12);
  writeU64(buf, PARTITION_PREFIX_BYTES, version);
  buf.writeUInt32BE(chunk, PARTITION_PREFIX_BYTES + 8);
  return buf;
}

/** The version and chunk numbers of an undo key. */
export function decodeUndoKey(key: Uint8Array): { readonly version: number; readonly chunk: number } {
  return {
    version: readU64(key, PARTITION_PREFIX_BYTES),
    chunk: (key as Buffer).readUInt32BE(PARTITION_PREFIX_BYTES + 8),
  };
}

export interface PartitionRecord {
  readonly operatorId: number;
  readonly partitionId: number;
  readonly latestVersion: number;
  readonly oldestVersion: number;
  readonly numKeys: number;
}

export function encodePartitionRecord(r: PartitionRecord): Buffer {
  const buf = Buffer.allocUnsafe(25);
  buf[0] = PARTITION_RECORD_VERSION;
  writeU64(buf, 1, r.latestVersion);
  writeU64(buf, 9, r.oldestVersion);
  writeU64(buf, 17, r.numKeys);
  return buf;
}

/** Decodes a partition record; undefined when the bytes are not one this version wrote. */
export function decodePartitionRecord(key: Uint8Array, value: Uint8Array): PartitionRecord | undefined {
  if (key.length !== PARTITION_PREFIX_BYTES || value.length !== 25 || value[0] !== PARTITION_RECORD_VERSION) {
    return undefined;
  }
  const k = key as Buffer;
  return {
    operatorId: k.readUInt32BE(1),
    partitionId: k.readUInt32BE(5),
    latestVersion: readU64(value, 1),
    oldestVersion: readU64(value, 9),
    numKeys: readU64(value, 17),
  };
}

export interface UndoHeader {
  readonly numKeysBefore: number;
  readonly chunks: number;
  readonly entries: number;
}

export function encodeUndoHeader(h: UndoHeader): Buffer {
  const buf = Buffer.allocUnsafe(16);
  writeU64(buf, 0, h.numKeysBefore);
  buf.writeUInt32BE(h.chunks, 8);
  buf.writeUInt32BE(h.entries, 12);
  return buf;
}

export function decodeUndoHeader(value: Uint8Array): UndoHeader | undefined {
  if (value.length !== 16) return undefined;
  return { numKeysBefore: readU64(value, 0), chunks: (value as Buffer).readUInt32BE(8), entries: (value as Buffer).readUInt32BE(12) };
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) { n = Math.floor(n / 0x80); size++; }
  return size;
}

function writeVarint(buf: Uint8Array, offset: number, n: number): number {
  while (n >= 0x80) {
    buf[offset++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[offset++] = n;
  return offset;
}

/**
 * Accumulates undo entries and cuts them into chunks of about UNDO_CHUNK_BYTES. Entries are sized first and
 * copied once into an exactly sized chunk buffer.
 */
export class UndoChunkWriter {
  readonly chunks: Buffer[] = [];
  entries = 0;
  private pendingKeys: Uint8Array[] = [];
  private pendingValues: (Uint8Array | undefined)[] = [];
  private pendingBytes = 0;

  add(key: Uint8Array, previous: Uint8Array | undefined): void {
    this.pendingKeys.push(key);
    this.pendingValues.push(previous);
    this.pendingBytes += varintSize(key.length) + key.length
      + (previous === undefined ? 1 : varintSize(previous.length + 1) + previous.length);
    this.entries++;
    if (this.pendingBytes >= UNDO_CHUNK_BYTES) this.cut();
  }

  /** Closes the last chunk; returns all chunks. */
  finish(): Buffer[] {
    if (this.pendingKeys.length > 0) this.cut();
    return this.chunks;
  }

  private cut(): void {
    const buf = Buffer.allocUnsafe(this.pendingBytes);
    let o = 0;
    const keys = this.pendingKeys;
    const values = this.pendingValues;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      o = writeVarint(buf, o, k.length);
      buf.set(k, o);
      o += k.length;
      const v = values[i];
      if (v === undefined) {
        buf[o++] = 0;
      } else {
        o = writeVarint(buf, o, v.length + 1);
        buf.set(v, o);
        o += v.length;
      }
    }
    this.chunks.push(buf);
    this.pendingKeys = [];
    this.pendingValues = [];
    this.pendingBytes = 0;
  }
}

/**
 * Calls `visit` for every entry of an undo chunk. Keys and values are views into `chunk`. Throws (a plain Error,
 * wrapped by the caller) when the chunk is truncated.
 */
export function forEachUndoEntry(
  chunk: Uint8Array,
  visit: (key: Uint8Array, previous: Uint8Array | undefined) => void,
): void {
  let o = 0;
  const readVarint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (o >= chunk.length) throw new Error('truncated undo chunk');
      const b = chunk[o++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  };
  while (o < chunk.length) {
    const keyLen = readVarint();
    if (o + keyLen > chunk.length) throw new Error('truncated undo chunk');
    const key = chunk.subarray(o, o + keyLen);
    o += keyLen;
    const tagged = readVarint();
    if (tagged === 0) {
      visit(key, undefined);
      continue;
    }
    const valueLen = tagged - 1;
    if (o + valueLen > chunk.length) throw new Error('truncated undo chunk');
    visit(key, chunk.subarray(o, o + valueLen));
    o += valueLen;
  }
}
