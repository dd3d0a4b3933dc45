/**
 * The on-disk layout of the state store: one LevelDB database (default bytewise comparator) shared by every
 * operator and partition of a query, so that one write batch can commit a whole micro-batch.
 *
 * Integers are unsigned big-endian (so byte order is numeric order): u32 = 4 bytes, u64 = 8 bytes (the engine's
 * numbers stay below 2^53). `op` and `part` are the operator id and the partition id as u32. Varints are
 * unsigned LEB128 (byte-encoding.ts).
 *
 * ```
 * key                                            value
 * 00 "sluice-state"                              "2" (ASCII): the format version; written when the database is
 *                                                created, checked on every open (anything else is refused —
 *                                                format "1" kept one LevelDB entry per key instead of pages)
 * 01 op part                                     partition record: u8 1 | latest u64 | oldest u64 | numKeys u64
 * 02 op part lo                                  a page of the latest table: the entries with lo ≤ key < the
 *                                                next page's lo, in ascending key order, each
 *                                                  keyLen varint | key | valueLen varint | value
 * 03 op part version:u64 00000000                undo header of `version`: numKeysBefore u64 | chunks u32 | entries u32
 * 03 op part version:u64 chunk:u32 (1..chunks)   undo chunk: entries, each
 *                                                  keyLen varint | key | 0 (absent) or valueLen+1 varint | value
 * ```
 *
 * - A partition record that does not exist means version 0: empty, latest = oldest = numKeys = 0.
 * - `latest` is the newest committed version; the latest table — the partition's pages — holds exactly its
 *   content. Keys are bytes compared as unsigned bytes, a proper prefix first (LevelDB's order).
 * - Pages: the partition's `02 op part` keys in LevelDB order are its pages in key order. Once a partition has
 *   pages, its first page has lo = the empty string (its LevelDB key is just the 9-byte prefix) and it always
 *   exists, possibly empty; every other page is non-empty when written and its lo is a key no greater than its
 *   first key and greater than every key of the page before. So the page holding key k is the last page with
 *   lo ≤ k, and reading k costs one page read. Page sizes are not part of the format (any size is readable);
 *   commits aim for pages of about PAGE_TARGET_BYTES, split pages above PAGE_MAX_BYTES and join a page below
 *   PAGE_MIN_BYTES to the next one when the commit rewrites both. A state of N keys thus takes about N / 100
 *   LevelDB entries, and a batch that changes most of a partition rewrites its pages, not N single entries.
 * - The undo record of version v (v ≥ 1) lists, for every key that version v changed, its value at version v-1
 *   (absent = the key did not exist) and `numKeysBefore` = the number of keys at v-1. Applying the undo records of
 *   latest, latest-1, ..., v+1 to the latest table gives version v. Version v is loadable iff oldest ≤ v ≤ latest;
 *   undo records of versions ≤ oldest are garbage that maintenance deletes (it first raises `oldest`, then
 *   deletes, so a crash in between leaves only unreachable records).
 * - Entries of a chunk are in no particular order; a key appears at most once per version. Chunks are at most
 *   about UNDO_CHUNK_BYTES so no single LevelDB value grows with the batch size (bar one entry larger than that).
 *
 * Commit of version v+1 from a store opened at version v (one atomic write batch, see state-store-manager.ts):
 * the pages holding keys that changed are rewritten (deleted, replaced, split or joined) so that the latest table
 * holds version v's content with this batch's changes applied — when v < latest, version v's content of every
 * key the undo records v+1..latest mention comes from those records, which are deleted in the same batch —
 * together with the undo record of v+1 and the partition record with latest = v+1.
 */
import { copyRange, readVarint, varintSize, writeVarint } from './byte-encoding.js';

/** Byte tags: the first byte of every key. */
const TAG_FORMAT = 0x00;
const TAG_PARTITION = 0x01;
const TAG_PAGE = 0x02;
const TAG_UNDO = 0x03;

export const FORMAT_KEY: Buffer = Buffer.concat([Buffer.from([TAG_FORMAT]), Buffer.from('sluice-state', 'ascii')]);
export const FORMAT_VALUE: Buffer = Buffer.from('2', 'ascii');

const PARTITION_RECORD_VERSION = 1;
/** Size of the tag + op + part prefix shared by partition, page and undo keys. */
export const PARTITION_PREFIX_BYTES = 9;
/** Target size of one undo chunk. */
export const UNDO_CHUNK_BYTES = 1 << 20;
/** Page sizes commits aim for (see the file comment). */
export const PAGE_TARGET_BYTES = 4096;
export const PAGE_MAX_BYTES = 8192;
export const PAGE_MIN_BYTES = 1024;

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

/** The prefix of a partition's page keys; a page key is this prefix followed by the page's lo. */
export function pagePrefix(operatorId: number, partitionId: number): Buffer {
  return prefixed(TAG_PAGE, operatorId, partitionId, 0);
}

/** Lower bound (inclusive) and upper bound (exclusive) of all pages of all partitions. */
export const PAGE_RANGE: { readonly gte: Buffer; readonly lt: Buffer } = {
  gte: Buffer.from([TAG_PAGE]),
  lt: Buffer.from([TAG_PAGE + 1]),
};

/** The exclusive upper bound of all keys starting with `prefix` (the prefix is never all 0xff here). */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const end = Buffer.from(prefix);
  let i = end.length - 1;
  while (end[i] === 0xff) end[i--] = 0;
  end[i]! += 1;
  return end;
}

export function pageKey(prefix: Buffer, lo: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(prefix.length + lo.length);
  prefix.copy(buf, 0);
  buf.set(lo, prefix.length);
  return buf;
}

/** The operator, partition and lo of a page key (lo is a view into `key`); undefined when it is not one. */
export function decodePageKey(
  key: Buffer,
): { readonly operatorId: number; readonly partitionId: number; readonly lo: Uint8Array } | undefined {
  if (key.length < PARTITION_PREFIX_BYTES || key[0] !== TAG_PAGE) return undefined;
  return { operatorId: key.readUInt32BE(1), partitionId: key.readUInt32BE(5), lo: key.subarray(PARTITION_PREFIX_BYTES) };
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

/**
 * Writes undo entries straight into chunks of about UNDO_CHUNK_BYTES, handing each full chunk to `emit` with its
 * number (1, 2, ...). The chunk buffer is reused for the next chunk, so `emit` must copy it — as adding it to a
 * classic-level write batch does.
 */
export class UndoChunkWriter {
  entries = 0;
  chunks = 0;
  private buf: Buffer = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly emit: (chunk: number, bytes: Buffer) => void) {}

  /** Adds the entry of key `keyBytes[keyStart, keyEnd)`, previously `previous[previousStart, previousEnd)` or absent. */
  add(
    keyBytes: Uint8Array, keyStart: number, keyEnd: number,
    previous: Uint8Array | undefined, previousStart: number, previousEnd: number,
  ): void {
    const keyLen = keyEnd - keyStart;
    const previousLen = previousEnd - previousStart;
    const size = varintSize(keyLen) + keyLen + (previous === undefined ? 1 : varintSize(previousLen + 1) + previousLen);
    if (this.used + size > this.buf.length) {
      this.cut();
      if (size > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(UNDO_CHUNK_BYTES, size));
    }
    const buf = this.buf;
    let o = this.used;
    if (keyLen < 0x80 && previous !== undefined && previousLen < 0x7f) {
      // The usual entry: one-byte lengths, short ranges copied by hand (a `set` per range costs more).
      buf[o++] = keyLen;
      for (let j = keyStart; j < keyEnd; j++) buf[o++] = keyBytes[j]!;
      buf[o++] = previousLen + 1;
      for (let j = previousStart; j < previousEnd; j++) buf[o++] = previous[j]!;
    } else {
      o = writeVarint(buf, o, keyLen);
      o = copyRange(buf, o, keyBytes, keyStart, keyEnd);
      if (previous === undefined) {
        buf[o++] = 0;
      } else {
        o = writeVarint(buf, o, previousLen + 1);
        o = copyRange(buf, o, previous, previousStart, previousEnd);
      }
    }
    this.used = o;
    this.entries++;
  }

  /** Emits the last chunk. */
  finish(): void {
    this.cut();
  }

  private cut(): void {
    if (this.used === 0) return;
    this.emit(++this.chunks, this.buf.subarray(0, this.used));
    this.used = 0;
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
  const next = (): number => {
    const n = readVarint(chunk, o);
    if (n < 0) throw new Error('truncated undo chunk');
    o += varintSize(n);
    return n;
  };
  while (o < chunk.length) {
    const keyLen = next();
    if (o + keyLen > chunk.length) throw new Error('truncated undo chunk');
    const key = chunk.subarray(o, o + keyLen);
    o += keyLen;
    const tagged = next();
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
