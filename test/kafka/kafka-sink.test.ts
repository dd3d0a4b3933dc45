import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchFromRows, batchToRows, type Batch } from '../../src/execution/batch.js';
import type { SinkBatchInfo } from '../../src/execution/sink.js';
import { KafkaSink } from '../../src/sinks/kafka-sink.js';
import { KafkaHeaderType } from '../../src/sources/kafka-record-batch.js';
import { readKafkaBatch } from '../../src/sources/kafka-source.js';
import {
  arrayType, BigIntType, BinaryType, IntType, StringType, structField, structType, TimestampType,
} from '../../src/types/data-type.js';
import { field, schema, type Field, type Schema } from '../../src/types/schema.js';
import {
  announceSkip, awaitNoOpenTransactions, KAFKA_BROKERS, kafkaAvailable, KafkaTestEnv, uniqueTopic,
} from './kafka-test-env.js';

announceSkip('kafka sink');

const kv = schema([field('key', StringType), field('value', StringType)]);

function info(s: Schema, queryId = 'q-test'): SinkBatchInfo {
  return { schema: s, outputMode: 'append', queryId };
}

function batch(fields: readonly Field[], rows: unknown[][]): Batch {
  return batchFromRows(schema(fields), rows);
}

/** Everything in `topic`, as {partition, key, value, headers} with bytes shown as text. */
async function readBack(topic: string, isolation: 'read_committed' | 'read_uncommitted' = 'read_committed'): Promise<Record<string, unknown>[]> {
  if (isolation === 'read_committed') await awaitNoOpenTransactions(topic);
  const batches = await readKafkaBatch({ 'kafka.bootstrap.servers': KAFKA_BROKERS, subscribe: topic, includeHeaders: 'true',
    'kafka.isolation.level': isolation });
  return batches.flatMap((b) => batchToRows(b)).map((r) => ({
    partition: r.partition,
    key: r.key === null ? null : Buffer.from(r.key as Uint8Array).toString(),
    value: r.value === null ? null : Buffer.from(r.value as Uint8Array).toString(),
    headers: (r.headers as { key: string; value: Uint8Array | null }[]).map((h) => [h.key, h.value === null ? null : Buffer.from(h.value).toString()]),
  }));
}

const valuesOf = (rows: Record<string, unknown>[]): unknown[] => rows.map((r) => r.value);

describe.skipIf(!kafkaAvailable)('kafka sink (real broker)', () => {
  const env = new KafkaTestEnv();
  const sinks: KafkaSink[] = [];

  function sink(options: Record<string, string>): KafkaSink {
    const s = new KafkaSink({ 'kafka.bootstrap.servers': KAFKA_BROKERS, ...options });
    sinks.push(s);
    return s;
  }

  beforeAll(async () => { await env.start(); });
  afterAll(async () => {
    for (const s of sinks) await s.stop();
    await env.stop();
  });

  it('routes rows by key, value, headers and partition columns', async () => {
    const topic = await env.createTopic(uniqueTopic('route'), 3);
    const fields = [field('key', BinaryType), field('value', StringType), field('headers', KafkaHeaderType), field('partition', IntType)];
    const s = sink({ topic });
    const b = batch(fields, [
      [new Uint8Array(Buffer.from('k1')), 'v1', [{ key: 'h', value: new Uint8Array(Buffer.from('x')) }, { key: 'h', value: new Uint8Array(0) }], 2],
      [null, 'v2', null, 0],
      [new Uint8Array(Buffer.from('k3')), null, [], 2],
    ]);
    await s.addBatch(0, [b], info(b.schema));
    expect(await readBack(topic)).toEqual([
      { partition: 0, key: null, value: 'v2', headers: [] },
      { partition: 2, key: 'k1', value: 'v1', headers: [['h', 'x'], ['h', '']] },
      { partition: 2, key: 'k3', value: null, headers: [] },
    ]);
  });

  it('sends keyed rows without a partition column to the key’s partition', async () => {
    const topic = await env.createTopic(uniqueTopic('keyed'), 4);
    const s = sink({ topic });
    const b = batchFromRows(kv, Array.from({ length: 40 }, (_, i) => [`key${i % 5}`, `v${i}`]));
    await s.addBatch(0, [b], info(kv));
    const rows = await readBack(topic);
    expect(rows.length).toBe(40);
    const partitionOfKey = new Map<unknown, Set<unknown>>();
    for (const r of rows) partitionOfKey.set(r.key, (partitionOfKey.get(r.key) ?? new Set()).add(r.partition));
    expect([...partitionOfKey.values()].every((ps) => ps.size === 1)).toBe(true);
    // Order within one key is the row order.
    expect(rows.filter((r) => r.key === 'key0').map((r) => r.value)).toEqual(['v0', 'v5', 'v10', 'v15', 'v20', 'v25', 'v30', 'v35']);
  });

  it('routes by a topic column, and the topic option overrides it', async () => {
    const a = await env.createTopic(uniqueTopic('to-a'), 1);
    const b = await env.createTopic(uniqueTopic('to-b'), 1);
    const fields = [field('topic', StringType), field('value', StringType)];
    const data = batch(fields, [[a, 'x'], [b, 'y'], [a, 'z']]);
    await sink({}).addBatch(0, [data], info(data.schema));
    expect(valuesOf(await readBack(a))).toEqual(['x', 'z']);
    expect(valuesOf(await readBack(b))).toEqual(['y']);
    await sink({ topic: b }).addBatch(0, [data], info(data.schema));
    expect(valuesOf(await readBack(b))).toEqual(['y', 'x', 'y', 'z']);
  });

  it("encodes whole rows as JSON with format = 'json'", async () => {
    const topic = await env.createTopic(uniqueTopic('json'), 1);
    const fields = [
      field('key', StringType), field('w', structType([structField('start', TimestampType), structField('end', TimestampType)])),
      field('word', StringType), field('n', BigIntType), field('tags', arrayType(StringType)),
    ];
    const data = batch(fields, [['cat', { start: 0, end: 600_000_000 }, 'cat', 3, ['a', 'b']], [null, null, 'dog', null, []]]);
    await sink({ topic, format: 'json' }).addBatch(0, [data], info(data.schema));
    const rows = await readBack(topic);
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ['cat', '{"w":{"start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:10:00.000Z"},"word":"cat","n":3,"tags":["a","b"]}'],
      [null, '{"w":null,"word":"dog","n":null,"tags":[]}'],
    ]);
  });

  it('rejects schemas and rows it cannot write, saying what to change', async () => {
    const topic = await env.createTopic(uniqueTopic('bad'), 2);
    expect(() => sink({}).validate(kv)).toThrow(/no topic: set the 'topic' option or give the rows a STRING column named 'topic'/);
    expect(() => sink({ topic }).validate(schema([field('value', StringType), field('n', IntType)])))
      .toThrow(/columns 'n' have no place in a Kafka message.*format = 'json'/);
    expect(() => sink({ topic }).validate(schema([field('key', IntType), field('value', StringType)])))
      .toThrow(/column 'key' must be STRING or BINARY, not INT/);
    expect(() => sink({ topic }).validate(schema([field('k', StringType)]))).toThrow(/need a 'value' column/);
    expect(() => sink({ topic, deliveryGuarantee: 'twice' })).toThrow(/deliveryGuarantee.*at-least-once, exactly-once/);
    expect(() => sink({ topic, 'kafka.linger.ms': '5' })).toThrow(/'kafka.linger.ms' is not supported by the sink/);
    const nullHeader = batch([field('value', StringType), field('headers', KafkaHeaderType)], [['v', [{ key: 'h', value: null }]]]);
    await expect(sink({ topic }).addBatch(0, [nullHeader], info(nullHeader.schema))).rejects.toThrow(/header 'h' has a null value/);

    const missing = uniqueTopic('missing');
    await expect(sink({ topic: missing }).addBatch(0, [batchFromRows(kv, [['k', 'v']])], info(kv)))
      .rejects.toThrow(new RegExp(`topic '${missing}' does not exist`));
    const fields = [field('value', StringType), field('partition', IntType)];
    const beyond = batch(fields, [['v', 5]]);
    await expect(sink({ topic }).addBatch(0, [beyond], info(beyond.schema)))
      .rejects.toThrow(new RegExp(`partition 5 of topic '${topic}' does not exist \\(it has 2\\)`));
  });

  it('writes to partitions added after the sink started', async () => {
    const topic = await env.createTopic(uniqueTopic('grow'), 1);
    const fields = [field('value', StringType), field('partition', IntType)];
    const s = sink({ topic });
    const b0 = batch(fields, [['a', 0]]);
    await s.addBatch(0, [b0], info(b0.schema));
    await env.admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
    const b1 = batch(fields, [['b', 1]]);
    await s.addBatch(1, [b1], info(b1.schema));
    expect((await readBack(topic)).map((r) => [r.partition, r.value])).toEqual([[0, 'a'], [1, 'b']]);
  });

  it('at-least-once writes a re-run batch again (duplicates, no loss)', async () => {
    const topic = await env.createTopic(uniqueTopic('alo'), 1);
    const b = batchFromRows(kv, [['k', 'one'], ['k', 'two']]);
    await sink({ topic }).addBatch(0, [b], info(kv));
    await sink({ topic }).addBatch(0, [b], info(kv));
    expect(valuesOf(await readBack(topic))).toEqual(['one', 'two', 'one', 'two']);
  });

  describe('exactly-once', () => {
    function eos(topic: string, markerTopic: string, extra: Record<string, string> = {}): KafkaSink {
      return sink({ topic, deliveryGuarantee: 'exactly-once', markerTopic, ...extra });
    }
    const rowsFor = (batchId: number, n = 3): Batch => batchFromRows(kv, Array.from({ length: n }, (_, i) => [`k${i}`, `b${batchId}-${i}`]));

    it('skips a batch a previous process committed but the engine did not record', async () => {
      const topic = await env.createTopic(uniqueTopic('eos'), 2);
      const markers = uniqueTopic('markers');
      const queryId = uniqueTopic('query');
      const first = eos(topic, markers);
      await first.addBatch(0, [rowsFor(0)], info(kv, queryId));
      await first.addBatch(1, [rowsFor(1)], info(kv, queryId));
      await first.stop();
      // The process "crashed" after batch 1's transaction committed: the restarted query re-runs batch 1.
      const second = eos(topic, markers);
      await second.addBatch(1, [rowsFor(1)], info(kv, queryId));
      await second.addBatch(2, [rowsFor(2)], info(kv, queryId));
      expect(valuesOf(await readBack(topic)).sort()).toEqual(
        ['b0-0', 'b0-1', 'b0-2', 'b1-0', 'b1-1', 'b1-2', 'b2-0', 'b2-1', 'b2-2']);
      // The markers: one per committed batch, keyed by query and sink partition.
      const markerRows = await readBack(markers);
      expect(markerRows.map((r) => [r.key, JSON.parse(r.value as string).batchId])).toEqual(
        [[`${queryId}/0`, 0], [`${queryId}/0`, 1], [`${queryId}/0`, 2]]);
      expect(JSON.parse(markerRows[0]!.value as string)).toEqual({ queryId, sinkPartition: 0, batchId: 0, rows: 3 });
    });

    it('writes nothing for a batch without rows, not even a marker', async () => {
      const topic = await env.createTopic(uniqueTopic('eos-empty'), 1);
      const markers = uniqueTopic('markers');
      const queryId = uniqueTopic('query');
      const s = eos(topic, markers);
      await s.addBatch(0, [], info(kv, queryId));
      await s.addBatch(1, [rowsFor(1)], info(kv, queryId));
      await s.addBatch(2, [batchFromRows(kv, [])], info(kv, queryId));
      expect(valuesOf(await readBack(topic))).toEqual(['b1-0', 'b1-1', 'b1-2']);
      expect((await readBack(markers)).map((r) => JSON.parse(r.value as string).batchId)).toEqual([1]);
    });

    it('fences a zombie writer of the same query', async () => {
      const topic = await env.createTopic(uniqueTopic('zombie'), 1);
      const markers = uniqueTopic('markers');
      const queryId = uniqueTopic('query');
      const zombie = eos(topic, markers);
      await zombie.addBatch(0, [rowsFor(0)], info(kv, queryId));
      const successor = eos(topic, markers);
      await successor.addBatch(0, [rowsFor(0)], info(kv, queryId));
      await successor.addBatch(1, [rowsFor(1)], info(kv, queryId));
      await expect(zombie.addBatch(1, [rowsFor(1, 5)], info(kv, queryId))).rejects.toThrow(/was taken over by another process.*fenced/);
      await successor.addBatch(2, [rowsFor(2)], info(kv, queryId));
      expect(valuesOf(await readBack(topic))).toEqual(['b0-0', 'b0-1', 'b0-2', 'b1-0', 'b1-1', 'b1-2', 'b2-0', 'b2-1', 'b2-2']);
    });

    it('aborts the open transaction a crashed writer left behind', async () => {
      const topic = await env.createTopic(uniqueTopic('open-txn'), 1);
      const markers = uniqueTopic('markers');
      const queryId = uniqueTopic('query');
      // A writer died mid-batch: its rows are in the log, its transaction never ended.
      const crashed = env.kafka.producer({ transactionalId: `sluice-${queryId}-0`, idempotent: true, maxInFlightRequests: 1 });
      await crashed.connect();
      const open = await crashed.transaction();
      await open.send({ topic, messages: [{ value: 'half-written', partition: 0 }] });
      const restarted = eos(topic, markers);
      await restarted.addBatch(0, [rowsFor(0, 2)], info(kv, queryId));
      expect(valuesOf(await readBack(topic))).toEqual(['b0-0', 'b0-1']);
      expect(valuesOf(await readBack(topic, 'read_uncommitted'))).toEqual(['half-written', 'b0-0', 'b0-1']);
      await crashed.disconnect();
    });

    it('finds its marker behind many markers of other queries, and writes large batches in one transaction', async () => {
      const topic = await env.createTopic(uniqueTopic('busy'), 3);
      const markers = uniqueTopic('markers');
      const queryId = uniqueTopic('query');
      await eos(topic, markers).addBatch(0, [rowsFor(0, 20_000)], info(kv, queryId));
      // Another query's 100 batches, each with its marker (a batch without rows would write none).
      const other = eos(await env.createTopic(uniqueTopic('busy-other'), 1), markers);
      for (let i = 0; i < 100; i++) await other.addBatch(i, [rowsFor(i, 1)], info(kv, `${queryId}-other`));
      const restarted = eos(topic, markers);
      await restarted.addBatch(0, [rowsFor(0, 20_000)], info(kv, queryId));
      const rows = await readBack(topic);
      expect(rows.length).toBe(20_000);
      expect(new Set(rows.map((r) => r.value)).size).toBe(20_000);
    });
  });
});
