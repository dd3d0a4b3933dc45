/**
 * Decodes a Kafka Fetch response (versions 4 to 11, the ones that carry isolation levels), with each partition's
 * records decoded into columns by kafka-record-set.ts. kafkajs encodes the request and checks the partitions'
 * error codes (its `parse`), so errors surface exactly as from kafkajs' own fetch.
 *
 * Layout, big-endian; `[x]` is an INT32 count followed by that many x (-1: null), STRING is INT16 length + UTF-8:
 *   throttleTimeMs INT32, (v7+) errorCode INT16, sessionId INT32,
 *   [topic STRING, [partition INT32, errorCode INT16, highWatermark INT64, lastStableOffset INT64,
 *     (v5+) logStartOffset INT64, [abortedTransaction: producerId INT64, firstOffset INT64],
 *     (v11+) preferredReadReplica INT32, records INT32 size + bytes]]
 */
import { decodeRecordSet, type RecordSet } from './kafka-record-set.js';

export interface AbortedTransaction {
  /** Decimal text, as record batches' producer ids are kept. */
  readonly producerId: string;
  readonly firstOffset: number;
}

export interface FetchedPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly abortedTransactions: readonly AbortedTransaction[] | null;
  readonly records: RecordSet;
}

export interface FetchResponse {
  readonly errorCode: number;
  readonly responses: readonly { readonly topicName: string; readonly partitions: readonly FetchedPartition[] }[];
}

export const MIN_FETCH_VERSION = 4;
export const MAX_FETCH_VERSION = 11;

export async function decodeFetchResponse(buf: Buffer, version: number): Promise<FetchResponse> {
  let p = 4; // throttle time: the broker throttles by delaying its answer, nothing to do here
  let errorCode = 0;
  if (version >= 7) {
    errorCode = buf.readInt16BE(p);
    p += 6;
  }
  const topics = buf.readInt32BE(p);
  p += 4;
  const responses: { topicName: string; partitions: FetchedPartition[] }[] = [];
  for (let t = 0; t < topics; t++) {
    const nameLength = buf.readInt16BE(p);
    const topicName = buf.toString('utf8', p + 2, p + 2 + nameLength);
    p += 2 + nameLength;
    const count = buf.readInt32BE(p);
    p += 4;
    const partitions: FetchedPartition[] = [];
    for (let i = 0; i < count; i++) {
      const partition = buf.readInt32BE(p);
      const partitionError = buf.readInt16BE(p + 4);
      const highWatermark = int64(buf, p + 6);
      const lastStableOffset = int64(buf, p + 14);
      p += 22;
      if (version >= 5) p += 8;
      const abortedCount = buf.readInt32BE(p);
      p += 4;
      let abortedTransactions: AbortedTransaction[] | null = null;
      if (abortedCount >= 0) {
        abortedTransactions = new Array(abortedCount);
        for (let a = 0; a < abortedCount; a++) {
          abortedTransactions[a] = { producerId: buf.readBigInt64BE(p).toString(), firstOffset: int64(buf, p + 8) };
          p += 16;
        }
      }
      if (version >= 11) p += 4;
      const size = buf.readInt32BE(p);
      p += 4;
      const end = size > 0 ? Math.min(p + size, buf.length) : p;
      const records = await decodeRecordSet(buf, p, end);
      p = end;
      partitions.push({ partition, errorCode: partitionError, highWatermark, lastStableOffset, abortedTransactions, records });
    }
    responses.push({ topicName, partitions });
  }
  return { errorCode, responses };
}

function int64(b: Buffer, p: number): number {
  return b.readInt32BE(p) * 4294967296 + b.readUInt32BE(p + 4);
}
