/**
 * Fetched record batches decoded into columns (kafka-record-set.ts), checked against batches encoded by kafkajs'
 * own producer code, and the read_committed filter over them.
 */
import { createRequire } from 'node:module';
import { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { decodeRecordSet, recordHeaders, recordKey, recordValueText } from '../../src/kafka/kafka-record-set.js';
import { visibleRecords } from '../../src/kafka/kafka-transaction-filter.js';

/** Record batches as kafkajs' producer encodes them (an independent encoder for the decoder under test). */
const kafkajs = createRequire(import.meta.url);
const { RecordBatch } = kafkajs('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch(o: Record<string, unknown>): Promise<{ buffer: Buffer }>;
};
const encodeRecord = kafkajs('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: Record<string, unknown>) => unknown;
const Long = kafkajs('kafkajs/src/utils/long.js') as { fromValue(v: number | string): unknown };

interface TestRecord {
  readonly offsetDelta: number;
  readonly timestampDelta?: number;
  readonly key?: Buffer | null;
  readonly value?: Buffer | null;
  readonly headers?: Record<string, Buffer | Buffer[]>;
}

async function encodeBatch(o: {
  firstOffset: number; firstTimestamp?: number; producerId?: number; transactional?: boolean; control?: boolean;
  compression?: number; records: TestRecord[];
}): Promise<Buffer> {
  const last = o.records.length === 0 ? 0 : o.records[o.records.length - 1]!.offsetDelta;
  const { buffer } = await RecordBatch({
    firstOffset: Long.fromValue(o.firstOffset), firstTimestamp: o.firstTimestamp ?? 1_700_000_000_000, maxTimestamp: 0,
    lastOffsetDelta: last, transactional: o.transactional ?? o.control ?? false, producerId: Long.fromValue(o.producerId ?? -1),
    compression: o.compression ?? CompressionTypes.None,
    records: o.records.map((r) => encodeRecord({
      offsetDelta: r.offsetDelta, timestampDelta: Long.fromValue(r.timestampDelta ?? 0), key: r.key ?? null,
      value: r.value === undefined ? Buffer.from(`v${r.offsetDelta}`) : r.value, headers: r.headers ?? {},
    })),
  });
  // kafkajs' producer never writes control batches; the broker does. Set the flag (the CRC is not checked).
  if (o.control === true) buffer.writeInt16BE(buffer.readInt16BE(21) | 0x20, 21);
  return buffer;
}

const controlKey = (type: 'abort' | 'commit'): Buffer => Buffer.from([0, 0, 0, type === 'abort' ? 0 : 1]);

describe('record batch decoding', () => {
  it('decodes offsets, timestamps, keys, values and headers in order, plain and gzip-compressed', async () => {
    const plain = await encodeBatch({ firstOffset: 2 ** 33 + 5, firstTimestamp: 1_700_000_000_123, records: [
      { offsetDelta: 0, key: Buffer.from('k0'), headers: { h: [Buffer.from('1'), Buffer.from('2')], g: Buffer.from('3') } },
      { offsetDelta: 2, timestampDelta: -123, key: null, value: null },
      { offsetDelta: 3, timestampDelta: 2 ** 40, value: Buffer.from('é'.repeat(200)) },
    ] });
    const gzip = await encodeBatch({ firstOffset: 2 ** 33 + 9, compression: CompressionTypes.GZIP, records: [
      { offsetDelta: 0, key: Buffer.from('z'), value: Buffer.from('zipped') }, { offsetDelta: 1 },
    ] });
    // The broker may cut the last batch of a response short: it is left for the next fetch.
    const whole = await encodeBatch({ firstOffset: 2 ** 33 + 11, records: [{ offsetDelta: 0 }] });
    const truncated = whole.subarray(0, whole.length - 1);
    const bytes = Buffer.concat([Buffer.from([9, 9, 9]), plain, gzip, truncated]);
    const set = await decodeRecordSet(bytes, 3, bytes.length);
    const text = (b: Buffer | null): string | null => (b === null ? null : b.toString());
    const rows = Array.from({ length: set.count }, (_, i) => ({
      offset: set.offsets[i], ts: set.timestamps[i], key: text(recordKey(set, i)), value: recordValueText(set, i),
      headers: recordHeaders(set, i).map((h) => `${h.key}=${text(h.value)}`),
    }));
    expect(rows).toEqual([
      { offset: 2 ** 33 + 5, ts: 1_700_000_000_123, key: 'k0', value: 'v0', headers: ['h=1', 'h=2', 'g=3'] },
      { offset: 2 ** 33 + 7, ts: 1_700_000_000_000, key: null, value: null, headers: [] },
      { offset: 2 ** 33 + 8, ts: 1_700_000_000_123 + 2 ** 40, key: null, value: 'é'.repeat(200), headers: [] },
      { offset: 2 ** 33 + 9, ts: 1_700_000_000_000, key: 'z', value: 'zipped', headers: [] },
      { offset: 2 ** 33 + 10, ts: 1_700_000_000_000, key: null, value: 'v1', headers: [] },
    ]);
    expect(set.batches.map((b) => [b.baseOffset, b.lastOffsetDelta])).toEqual([[2 ** 33 + 5, 3], [2 ** 33 + 9, 1]]);
  });

  it('reads the older message format (magic 1) through kafkajs', async () => {
    const encodeMessageSet = kafkajs('kafkajs/src/protocol/messageSet/index.js') as (o: Record<string, unknown>) => { buffer: Buffer };
    const bytes = encodeMessageSet({ messageVersion: 1, compression: CompressionTypes.None, entries: [
      { key: Buffer.from('a'), value: Buffer.from('one'), timestamp: 1_600_000_000_000 },
      { key: null, value: null, timestamp: 1_600_000_000_001 },
    ] }).buffer;
    // A producer leaves offsets to the broker (-1); a fetched message set carries the log's.
    bytes.writeBigInt64BE(40n, 0);
    bytes.writeBigInt64BE(41n, 12 + bytes.readInt32BE(8));
    const set = await decodeRecordSet(bytes, 0, bytes.length);
    expect(Array.from({ length: set.count }, (_, i) => [set.offsets[i], set.timestamps[i], recordKey(set, i)?.toString() ?? null,
      recordValueText(set, i)])).toEqual([[40, 1_600_000_000_000, 'a', 'one'], [41, 1_600_000_000_001, null, null]]);
  });
});

describe('read_committed filtering', () => {
  it('drops records of aborted transactions and all control records', async () => {
    const bytes = Buffer.concat(await Promise.all([
      encodeBatch({ firstOffset: 0, producerId: 1, transactional: true, records: [{ offsetDelta: 0 }] }),
      encodeBatch({ firstOffset: 1, producerId: 2, transactional: true, records: [{ offsetDelta: 0 }] }),
      encodeBatch({ firstOffset: 2, producerId: 9, records: [{ offsetDelta: 0 }] }),
      encodeBatch({ firstOffset: 3, producerId: 1, transactional: true, records: [{ offsetDelta: 0 }] }),
      encodeBatch({ firstOffset: 4, producerId: 1, control: true, records: [{ offsetDelta: 0, key: controlKey('abort') }] }),
      encodeBatch({ firstOffset: 5, producerId: 2, control: true, records: [{ offsetDelta: 0, key: controlKey('commit') }] }),
      encodeBatch({ firstOffset: 6, producerId: 1, transactional: true, records: [{ offsetDelta: 0 }] }),
      encodeBatch({ firstOffset: 7, producerId: 1, control: true, records: [{ offsetDelta: 0, key: controlKey('commit') }] }),
    ]));
    const records = await decodeRecordSet(bytes, 0, bytes.length);
    const aborted = [{ producerId: '1', firstOffset: 0 }];
    expect([...visibleRecords(records, aborted, true)]).toEqual([0, 1, 1, 0, 0, 0, 1, 0]);
    expect([...visibleRecords(records, aborted, false)]).toEqual([1, 1, 1, 1, 0, 0, 1, 0]);
  });
});
