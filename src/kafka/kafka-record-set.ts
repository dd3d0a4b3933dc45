/**
 * Kafka records of one partition, decoded from a Fetch response straight into columns.
 *
 * Why not kafkajs' decoder: it builds an object per record with a sliced Buffer per record and per field, 64-bit
 * offsets and timestamps as `Long` objects turned into decimal strings, and headers folded into an object with a
 * spread per header. At 100-byte records that costs more than everything else a query does with them. Here a
 * record is a few numbers in typed arrays and two byte ranges into the response (or into the batch's decompressed
 * payload); keys, values and headers are materialized only when asked for.
 *
 * Format (Kafka's RecordBatch, magic 2), big-endian:
 *   baseOffset INT64, batchLength INT32, partitionLeaderEpoch INT32, magic INT8, crc UINT32,
 *   attributes INT16 (bits 0-2 compression codec, 3 timestamp type, 4 transactional, 5 control),
 *   lastOffsetDelta INT32, baseTimestamp INT64, maxTimestamp INT64, producerId INT64, producerEpoch INT16,
 *   baseSequence INT32, recordCount INT32, then the records (compressed as one block when a codec is set):
 *     length VARINT, attributes INT8, timestampDelta VARLONG, offsetDelta VARINT, keyLength VARINT (-1: null),
 *     key, valueLength VARINT (-1: null), value, headerCount VARINT, then per header
 *     keyLength VARINT, key (UTF-8), valueLength VARINT (-1: null), value.
 * VARINT/VARLONG are zig-zag encoded base-128 varints. A record's offset is baseOffset + offsetDelta; its timestamp
 * is baseTimestamp + timestampDelta, or maxTimestamp for every record of a LogAppendTime batch. A response may end
 * in a truncated batch (the broker fills up to the byte limit); it is left for the next fetch. The CRC is not
 * checked (TCP already guards the bytes; kafkajs does not check it either).
 *
 * Older message formats (magic 0 and 1, brokers before 0.11 or topics still on them) go through kafkajs' decoder
 * and are converted; they have no headers and no transactions.
 */
import { createRequire } from 'node:module';
import { SluiceError } from '../types/errors.js';

const require = createRequire(import.meta.url);
/**
 * kafkajs' codec registry, by codec number (1 gzip, 2 snappy, 3 lz4, 4 zstd): it ships gzip, applications register
 * the others. Node's ESM loader does not see this export of the CommonJS package, hence `require`.
 */
const compressionCodecs = (require('kafkajs') as { CompressionCodecs: Record<number, (() => Codec) | undefined> }).CompressionCodecs;

interface Codec {
  decompress(block: Buffer): Promise<Buffer>;
}

/** A record batch's header fields that readers need. */
export interface RecordBatchHeader {
  readonly baseOffset: number;
  readonly lastOffsetDelta: number;
  /** Decimal text: compared with the aborted-transaction list of the response. */
  readonly producerId: string;
  readonly transactional: boolean;
  readonly control: boolean;
  /** 0 = CreateTime, 1 = LogAppendTime. */
  readonly timestampType: number;
  /** The bytes the batch's records are encoded in: the response itself, or the batch's decompressed payload. */
  readonly data: Buffer;
}

/** The records of one partition in one Fetch response, in offset order. */
export interface RecordSet {
  readonly count: number;
  /** Every batch seen, including batches whose records were all compacted away (they still span offsets). */
  readonly batches: readonly RecordBatchHeader[];
  /** Per record: its batch's index in `batches`. */
  readonly batchOf: Int32Array;
  readonly offsets: Float64Array;
  /** Milliseconds since the epoch. */
  readonly timestamps: Float64Array;
  /** Per record: [start, end) of the key and the value in its batch's `data`; start -1 for null. */
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
  /** Per record: where its header count starts in `data` (-1: none). */
  readonly headersAt: Int32Array;
}

export const EMPTY_RECORD_SET: RecordSet = Object.freeze({
  count: 0, batches: [], batchOf: new Int32Array(0), offsets: new Float64Array(0), timestamps: new Float64Array(0),
  keyStart: new Int32Array(0), keyEnd: new Int32Array(0), valueStart: new Int32Array(0), valueEnd: new Int32Array(0),
  headersAt: new Int32Array(0),
});

const TIMESTAMP_TYPE_FLAG = 0x08;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;
const CODEC_MASK = 0x07;
/** Bytes from the batch start up to and including the record count. */
const BATCH_HEADER_BYTES = 61;
const MAGIC_AT = 16;

/** The read position of the varint functions below (one decode runs synchronously, so one cursor suffices). */
let at = 0;

function varint(b: Buffer): number {
  let raw = 0;
  let scale = 1;
  for (;;) {
    const byte = b[at++]!;
    raw += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 128;
  }
  // Zig-zag: 0, -1, 1, -2, … ; arithmetic instead of bit operations so that 64-bit values below 2^53 stay exact.
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

function int64(b: Buffer, p: number): number {
  return b.readInt32BE(p) * 4294967296 + b.readUInt32BE(p + 4);
}

/** Grows with the records of one record set; typed arrays double when full. */
class RecordColumns {
  count = 0;
  batchOf: Int32Array = new Int32Array(64);
  offsets: Float64Array = new Float64Array(64);
  timestamps: Float64Array = new Float64Array(64);
  keyStart: Int32Array = new Int32Array(64);
  keyEnd: Int32Array = new Int32Array(64);
  valueStart: Int32Array = new Int32Array(64);
  valueEnd: Int32Array = new Int32Array(64);
  headersAt: Int32Array = new Int32Array(64);

  reserve(extra: number): void {
    const need = this.count + extra;
    if (need <= this.offsets.length) return;
    let size = this.offsets.length * 2;
    while (size < need) size *= 2;
    const i32 = (a: Int32Array): Int32Array => {
      const out = new Int32Array(size);
      out.set(a.subarray(0, this.count));
      return out;
    };
    const f64 = (a: Float64Array): Float64Array => {
      const out = new Float64Array(size);
      out.set(a.subarray(0, this.count));
      return out;
    };
    this.batchOf = i32(this.batchOf);
    this.offsets = f64(this.offsets);
    this.timestamps = f64(this.timestamps);
    this.keyStart = i32(this.keyStart);
    this.keyEnd = i32(this.keyEnd);
    this.valueStart = i32(this.valueStart);
    this.valueEnd = i32(this.valueEnd);
    this.headersAt = i32(this.headersAt);
  }

  finish(batches: RecordBatchHeader[]): RecordSet {
    const n = this.count;
    return {
      count: n, batches, batchOf: this.batchOf.subarray(0, n), offsets: this.offsets.subarray(0, n),
      timestamps: this.timestamps.subarray(0, n), keyStart: this.keyStart.subarray(0, n), keyEnd: this.keyEnd.subarray(0, n),
      valueStart: this.valueStart.subarray(0, n), valueEnd: this.valueEnd.subarray(0, n), headersAt: this.headersAt.subarray(0, n),
    };
  }
}

/** Decodes the record set in `buf[start, end)` (one partition of a Fetch response). */
export async function decodeRecordSet(buf: Buffer, start: number, end: number): Promise<RecordSet> {
  if (end - start <= MAGIC_AT) return EMPTY_RECORD_SET;
  if (buf.readInt8(start + MAGIC_AT) < 2) return decodeLegacyMessageSet(buf.subarray(start, end));
  const cols = new RecordColumns();
  const batches: RecordBatchHeader[] = [];
  let p = start;
  while (end - p >= BATCH_HEADER_BYTES) {
    const batchEnd = p + 12 + buf.readInt32BE(p + 8);
    // The last batch of a response may be cut off by the fetch size limit.
    if (batchEnd > end) break;
    const magic = buf.readInt8(p + MAGIC_AT);
    if (magic !== 2) {
      throw new SluiceError('IO_ERROR', `Kafka sent a record batch with magic ${magic} after batches with magic 2; cannot decode it`);
    }
    const attributes = buf.readInt16BE(p + 21);
    const header = {
      baseOffset: int64(buf, p),
      lastOffsetDelta: buf.readInt32BE(p + 23),
      producerId: buf.readBigInt64BE(p + 43).toString(),
      transactional: (attributes & TRANSACTIONAL_FLAG) !== 0,
      control: (attributes & CONTROL_FLAG) !== 0,
      timestampType: (attributes & TIMESTAMP_TYPE_FLAG) !== 0 ? 1 : 0,
      data: buf,
    };
    const baseTimestamp = int64(buf, p + 27);
    const maxTimestamp = int64(buf, p + 35);
    const count = buf.readInt32BE(p + 57);
    let data = buf;
    let from = p + BATCH_HEADER_BYTES;
    const codec = attributes & CODEC_MASK;
    if (codec !== 0 && count > 0) {
      data = await decompress(codec, buf.subarray(from, batchEnd));
      from = 0;
      header.data = data;
    }
    batches.push(header);
    if (count > 0) {
      decodeRecords(data, from, count, batches.length - 1, header.baseOffset,
        header.timestampType === 1 ? maxTimestamp : baseTimestamp, header.timestampType === 1, cols);
    }
    p = batchEnd;
  }
  return cols.finish(batches);
}

function decodeRecords(
  data: Buffer, from: number, count: number, batch: number, baseOffset: number, baseTimestamp: number,
  logAppendTime: boolean, cols: RecordColumns,
): void {
  cols.reserve(count);
  at = from;
  for (let r = 0; r < count; r++) {
    const length = varint(data);
    const recordEnd = at + length;
    at++; // record attributes: unused by Kafka
    const timestampDelta = varint(data);
    const offsetDelta = varint(data);
    const i = cols.count++;
    cols.batchOf[i] = batch;
    cols.offsets[i] = baseOffset + offsetDelta;
    cols.timestamps[i] = logAppendTime ? baseTimestamp : baseTimestamp + timestampDelta;
    const keyLength = varint(data);
    if (keyLength < 0) {
      cols.keyStart[i] = -1;
      cols.keyEnd[i] = -1;
    } else {
      cols.keyStart[i] = at;
      at += keyLength;
      cols.keyEnd[i] = at;
    }
    const valueLength = varint(data);
    if (valueLength < 0) {
      cols.valueStart[i] = -1;
      cols.valueEnd[i] = -1;
    } else {
      cols.valueStart[i] = at;
      at += valueLength;
      cols.valueEnd[i] = at;
    }
    cols.headersAt[i] = at;
    at = recordEnd;
  }
}

async function decompress(codec: number, block: Buffer): Promise<Buffer> {
  const factory = compressionCodecs[codec];
  if (factory === undefined) throw new SluiceError('IO_ERROR', `Kafka record batch uses unknown compression codec ${codec}`);
  // A codec kafkajs does not ship throws KafkaJSNotImplemented here, naming it.
  return factory().decompress(block);
}

export function recordKey(set: RecordSet, i: number): Buffer | null {
  const s = set.keyStart[i]!;
  return s < 0 ? null : set.batches[set.batchOf[i]!]!.data.subarray(s, set.keyEnd[i]!);
}

export function recordValue(set: RecordSet, i: number): Buffer | null {
  const s = set.valueStart[i]!;
  return s < 0 ? null : set.batches[set.batchOf[i]!]!.data.subarray(s, set.valueEnd[i]!);
}

/** The value as UTF-8 text, decoded straight from the response bytes. */
export function recordValueText(set: RecordSet, i: number): string | null {
  const s = set.valueStart[i]!;
  return s < 0 ? null : set.batches[set.batchOf[i]!]!.data.toString('utf8', s, set.valueEnd[i]!);
}

/** A record's headers in order (repeated keys stay separate entries, as Kafka keeps them). */
export function recordHeaders(set: RecordSet, i: number): { key: string; value: Buffer | null }[] {
  const p = set.headersAt[i]!;
  if (p < 0) return [];
  const data = set.batches[set.batchOf[i]!]!.data;
  at = p;
  const n = varint(data);
  const out: { key: string; value: Buffer | null }[] = new Array(n);
  for (let h = 0; h < n; h++) {
    const keyLength = varint(data);
    const key = data.toString('utf8', at, at + keyLength);
    at += keyLength;
    const valueLength = varint(data);
    let value: Buffer | null = null;
    if (valueLength >= 0) {
      value = data.subarray(at, at + valueLength);
      at += valueLength;
    }
    out[h] = { key, value };
  }
  return out;
}

/** kafkajs' decoder for message formats 0 and 1 (CommonJS internals; kafkajs 2.2.4 is pinned). */
interface LegacyMessage {
  readonly offset: string;
  readonly timestamp?: string;
  readonly attributes: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}
type MessageSetDecoder = (decoder: unknown, size: number) => Promise<LegacyMessage[]>;
type DecoderClass = new (buffer: Buffer) => unknown;

async function decodeLegacyMessageSet(bytes: Buffer): Promise<RecordSet> {
  const decodeMessageSet = require('kafkajs/src/protocol/messageSet/decoder.js') as MessageSetDecoder;
  const Decoder = require('kafkajs/src/protocol/decoder.js') as DecoderClass;
  const messages = await decodeMessageSet(new Decoder(bytes), bytes.length);
  // Each message keeps its own key and value buffers: lay them out in one buffer so the columns can point into it.
  let size = 0;
  for (const m of messages) size += (m.key?.length ?? 0) + (m.value?.length ?? 0);
  const data = Buffer.allocUnsafe(size);
  const cols = new RecordColumns();
  cols.reserve(messages.length);
  const batches: RecordBatchHeader[] = [];
  let p = 0;
  for (const m of messages) {
    const i = cols.count++;
    const offset = Number(m.offset);
    batches.push({
      baseOffset: offset, lastOffsetDelta: 0, producerId: '-1', transactional: false, control: false,
      timestampType: (m.attributes & TIMESTAMP_TYPE_FLAG) !== 0 ? 1 : 0, data,
    });
    cols.batchOf[i] = batches.length - 1;
    cols.offsets[i] = offset;
    cols.timestamps[i] = m.timestamp === undefined ? -1 : Number(m.timestamp);
    cols.headersAt[i] = -1;
    for (const [part, starts, ends] of [[m.key, cols.keyStart, cols.keyEnd], [m.value, cols.valueStart, cols.valueEnd]] as const) {
      if (part === null) {
        starts[i] = -1;
        ends[i] = -1;
      } else {
        part.copy(data, p);
        starts[i] = p;
        p += part.length;
        ends[i] = p;
      }
    }
  }
  return cols.finish(batches);
}
