import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchToRows, type Batch } from '../../src/execution/batch.js';
import type { Offset } from '../../src/execution/source.js';
import { KafkaSource, readKafkaBatch } from '../../src/sources/kafka-source.js';
import { BinaryType, BigIntType, IntType, StringType } from '../../src/types/data-type.js';
import { field, schema } from '../../src/types/schema.js';
import {
  announceSkip, awaitNoOpenTransactions, KAFKA_BROKERS, kafkaAvailable, KafkaTestEnv, uniqueTopic,
} from './kafka-test-env.js';

announceSkip('kafka source');

/** Rows as objects, binary values shown as UTF-8 text. */
function rows(batches: readonly Batch[]): Record<string, unknown>[] {
  return batches.flatMap((b) => batchToRows(b)).map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = text(v);
    return out;
  });
}

function text(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v)) return v.map(text);
  if (v !== null && typeof v === 'object' && !(v instanceof Map)) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, text(x)]));
  }
  return v;
}

const values = (batches: readonly Batch[]): unknown[] => rows(batches).map((r) => r.value);

describe.skipIf(!kafkaAvailable)('kafka source (real broker)', () => {
  const env = new KafkaTestEnv();
  const sources: KafkaSource[] = [];
  const dirs: string[] = [];

  function source(options: Record<string, string>, declared?: Parameters<typeof schema>[0], now?: () => number): KafkaSource {
    const s = new KafkaSource({ 'kafka.bootstrap.servers': KAFKA_BROKERS, ...options },
      declared === undefined ? undefined : schema(declared), { now, warn: (m) => warnings.push(m) });
    sources.push(s);
    return s;
  }
  const warnings: string[] = [];

  beforeAll(async () => { await env.start(); });
  afterAll(async () => {
    for (const s of sources) await s.stop();
    await env.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('reads every column in Spark’s schema, partitions in order, records in offset order', async () => {
    const topic = await env.createTopic(uniqueTopic('cols'), 2);
    // Recent timestamps: the broker's retention would delete records stamped years ago.
    const t0 = Date.now() - 60_000;
    await env.produce(topic, [
      { key: 'a', value: 'one', partition: 1, timestamp: String(t0), headers: { h1: 'x', h2: ['p', 'q'] } },
      { key: null, value: 'two', partition: 0, timestamp: String(t0 + 1) },
      { key: 'c', value: null, partition: 1, timestamp: String(t0 + 2) },
    ]);
    const s = source({ subscribe: topic, startingOffsets: 'earliest', includeHeaders: 'true' });
    expect(s.schema().fields.map((f) => f.name)).toEqual(
      ['key', 'value', 'topic', 'partition', 'offset', 'timestamp', 'timestampType', 'headers']);
    const end = await s.latestOffset(null);
    expect(end).toEqual({ [topic]: { 0: 1, 1: 2 } });
    const got = rows(await s.getBatch(null, end!));
    expect(got).toEqual([
      { key: null, value: 'two', topic, partition: 0, offset: 0, timestamp: (t0 + 1) * 1000, timestampType: 0, headers: [] },
      { key: 'a', value: 'one', topic, partition: 1, offset: 0, timestamp: t0 * 1000, timestampType: 0,
        headers: [{ key: 'h1', value: 'x' }, { key: 'h2', value: 'p' }, { key: 'h2', value: 'q' }] },
      { key: 'c', value: null, topic, partition: 1, offset: 1, timestamp: (t0 + 2) * 1000, timestampType: 0, headers: [] },
    ]);
  });

  it('reports LogAppendTime as timestampType 1 with the broker’s time', async () => {
    const topic = await env.createTopic(uniqueTopic('logappend'), 1, [{ name: 'message.timestamp.type', value: 'LogAppendTime' }]);
    const before = Date.now();
    await env.produce(topic, [{ value: 'x', timestamp: String(before - 3_600_000) }]);
    const s = source({ subscribe: topic, startingOffsets: 'earliest' });
    const [row] = rows(await s.getBatch(null, (await s.latestOffset(null))!));
    expect(row!.timestampType).toBe(1);
    expect(row!.timestamp as number).toBeGreaterThanOrEqual((before - 5000) * 1000);
  });

  it('starts at latest by default and then reads only new records', async () => {
    const topic = await env.createTopic(uniqueTopic('latest'), 1);
    await env.produceValues(topic, 0, 3, 'old');
    const s = source({ subscribe: topic });
    const first = await s.latestOffset(null);
    expect(first).toEqual({ [topic]: { 0: 3 } });
    expect(rows(await s.getBatch(null, first!))).toEqual([]);
    await env.produceValues(topic, 0, 2, 'new');
    const second = await s.latestOffset(first);
    expect(second).toEqual({ [topic]: { 0: 5 } });
    expect(values(await s.getBatch(first, second!))).toEqual(['new0', 'new1']);
  });

  it('takes per-partition startingOffsets, with -2 for earliest and -1 for latest', async () => {
    const topic = await env.createTopic(uniqueTopic('specific'), 3);
    for (const p of [0, 1, 2]) await env.produceValues(topic, p, 4, `p${p}-`);
    const s = source({ subscribe: topic, startingOffsets: JSON.stringify({ [topic]: { 0: 2, 1: -2, 2: -1 } }) });
    const end = await s.latestOffset(null);
    expect(values(await s.getBatch(null, end!))).toEqual(['p0-2', 'p0-3', 'p1-0', 'p1-1', 'p1-2', 'p1-3']);

    const missing = source({ subscribe: topic, startingOffsets: JSON.stringify({ [topic]: { 0: 0 } }) });
    await expect(missing.latestOffset(null)).rejects.toThrow(/must name every subscribed partition.*subscribed: .*-0, .*-1, .*-2/);
  });

  it('subscribes by pattern (whole-name match) and by assignment', async () => {
    const base = uniqueTopic('pat');
    await env.createTopic(`${base}-a`, 1);
    await env.createTopic(`${base}-b`, 2);
    await env.createTopic(`${base}-bx-no`, 1);
    await env.produceValues(`${base}-a`, 0, 1, 'a');
    await env.produceValues(`${base}-b`, 1, 1, 'b');
    await env.produceValues(`${base}-bx-no`, 0, 1, 'no');
    const byPattern = source({ subscribePattern: `${base}-[ab]`, startingOffsets: 'earliest' });
    const end = await byPattern.latestOffset(null);
    expect(end).toEqual({ [`${base}-a`]: { 0: 1 }, [`${base}-b`]: { 0: 0, 1: 1 } });
    expect(values(await byPattern.getBatch(null, end!))).toEqual(['a0', 'b0']);

    const assigned = source({ assign: JSON.stringify({ [`${base}-b`]: [1], [`${base}-a`]: [0] }), startingOffsets: 'earliest' });
    const end2 = await assigned.latestOffset(null);
    expect(end2).toEqual({ [`${base}-a`]: { 0: 1 }, [`${base}-b`]: { 1: 1 } });
    expect(values(await assigned.getBatch(null, end2!))).toEqual(['a0', 'b0']);
  });

  it('reads the same range to the same rows, in a new source instance too', async () => {
    const topic = await env.createTopic(uniqueTopic('replay'), 3);
    for (const p of [0, 1, 2]) await env.produceValues(topic, p, 50, `p${p}-`);
    const s = source({ subscribe: topic, startingOffsets: 'earliest' });
    const start = { [topic]: { 0: 10, 1: 0, 2: 49 } };
    const end = { [topic]: { 0: 40, 1: 25, 2: 50 } };
    const a = rows(await s.getBatch(start, end));
    await env.produceValues(topic, 1, 10, 'later');
    const b = rows(await s.getBatch(start, end));
    const c = rows(await source({ subscribe: topic }).getBatch(start, end));
    expect(a.length).toBe(30 + 25 + 1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.map((r) => `${r.partition}:${r.offset}`).slice(0, 2)).toEqual(['0:10', '0:11']);
    expect(a.at(-1)).toMatchObject({ partition: 2, offset: 49, value: 'p2-49' });
  });

  it('splits maxOffsetsPerTrigger over partitions in proportion to their lag', async () => {
    const topic = await env.createTopic(uniqueTopic('rate'), 3);
    await env.produceValues(topic, 0, 10);
    await env.produceValues(topic, 1, 20);
    await env.produceValues(topic, 2, 30);
    const s = source({ subscribe: topic, startingOffsets: 'earliest', maxOffsetsPerTrigger: '12' });
    const b0 = await s.latestOffset(null);
    expect(b0).toEqual({ [topic]: { 0: 2, 1: 4, 2: 6 } });
    expect((await s.getBatch(null, b0!)).reduce((n, b) => n + b.numRows, 0)).toBe(12);
    const b1 = await s.latestOffset(b0);
    // Lags now 8, 16, 24 of 48: shares 2, 4, 6 again.
    expect(b1).toEqual({ [topic]: { 0: 4, 1: 8, 2: 12 } });

    const skewed = await env.createTopic(uniqueTopic('rate-skew'), 2);
    await env.produceValues(skewed, 0, 1);
    await env.produceValues(skewed, 1, 100);
    const s2 = source({ subscribe: skewed, startingOffsets: 'earliest', maxOffsetsPerTrigger: '10' });
    // 10·1/101 rounds up to 1 so the short partition moves; 10·100/101 = 9.9 rounds down.
    expect(await s2.latestOffset(null)).toEqual({ [skewed]: { 0: 1, 1: 9 } });
  });

  it('waits for minOffsetsPerTrigger until maxTriggerDelay has passed', async () => {
    const topic = await env.createTopic(uniqueTopic('minrate'), 1);
    await env.produceValues(topic, 0, 3);
    let clock = 1_000_000;
    const s = source({ subscribe: topic, startingOffsets: 'earliest', minOffsetsPerTrigger: '5', maxTriggerDelay: '10 seconds' },
      undefined, () => clock);
    expect(await s.latestOffset(null)).toBeNull();
    clock += 9_000;
    expect(await s.latestOffset(null)).toBeNull();
    await env.produceValues(topic, 0, 2, 'more');
    expect(await s.latestOffset(null)).toEqual({ [topic]: { 0: 5 } });
    const start = { [topic]: { 0: 5 } };
    await env.produceValues(topic, 0, 1, 'one');
    expect(await s.latestOffset(start)).toEqual(start);
    clock += 10_000;
    expect(await s.latestOffset(start)).toEqual({ [topic]: { 0: 6 } });
  });

  it('picks up partitions added to a subscribed topic, from their first offset', async () => {
    const topic = await env.createTopic(uniqueTopic('grow'), 1);
    await env.produceValues(topic, 0, 2, 'p0-');
    const s = source({ subscribe: topic, startingOffsets: 'latest' });
    const b0 = await s.latestOffset(null);
    expect(b0).toEqual({ [topic]: { 0: 2 } });
    await env.admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    await env.produceValues(topic, 1, 2, 'p1-');
    await env.produceValues(topic, 2, 1, 'p2-');
    await env.produceValues(topic, 0, 1, 'p0-new');
    const b1 = await s.latestOffset(b0);
    expect(b1).toEqual({ [topic]: { 0: 3, 1: 2, 2: 1 } });
    expect(values(await s.getBatch(b0, b1!))).toEqual(['p0-new0', 'p1-0', 'p1-1', 'p2-0']);
  });

  it('picks up topics created later that match the pattern', async () => {
    const base = uniqueTopic('later');
    const s = source({ subscribePattern: `${base}-.*`, startingOffsets: 'earliest' });
    const b0 = await s.latestOffset(null);
    expect(b0).toEqual({});
    await env.createTopic(`${base}-x`, 1);
    await env.produceValues(`${base}-x`, 0, 2);
    const b1 = await s.latestOffset(b0);
    expect(b1).toEqual({ [`${base}-x`]: { 0: 2 } });
    expect(values(await s.getBatch(b0, b1!))).toEqual(['v0', 'v1']);
  });

  it('fails on offsets removed by deleteRecords with failOnDataLoss = true, and continues after them with false', async () => {
    const topic = await env.createTopic(uniqueTopic('loss'), 1);
    await env.produceValues(topic, 0, 10);
    const start = { [topic]: { 0: 3 } };
    const end = { [topic]: { 0: 10 } };
    await env.deleteRecordsBefore(topic, 0, 6);

    const strict = source({ subscribe: topic });
    await expect(strict.getBatch(start, end)).rejects.toThrow(/offsets \[3, 6\) are no longer available.*failOnDataLoss/);

    warnings.length = 0;
    const lenient = source({ subscribe: topic, failOnDataLoss: 'false' });
    expect(values(await lenient.getBatch(start, end))).toEqual(['v6', 'v7', 'v8', 'v9']);
    expect(warnings).toEqual([expect.stringMatching(/offsets \[3, 6\) are no longer available.*continuing/)]);
  });

  it('fails when a subscribed topic is deleted with failOnDataLoss = true, and drops it with false', async () => {
    const keep = await env.createTopic(uniqueTopic('keep'), 1);
    const doomed = await env.createTopic(uniqueTopic('doomed'), 1);
    await env.produceValues(keep, 0, 2);
    await env.produceValues(doomed, 0, 3);
    const strict = source({ subscribe: `${keep},${doomed}`, startingOffsets: 'earliest' });
    const lenient = source({ subscribe: `${keep},${doomed}`, startingOffsets: 'earliest', failOnDataLoss: 'false' });
    const start: Offset = { [keep]: { 0: 0 }, [doomed]: { 0: 1 } };
    const end: Offset = { [keep]: { 0: 2 }, [doomed]: { 0: 3 } };
    await env.admin.deleteTopics({ topics: [doomed] });
    await waitFor(async () => !(await env.admin.listTopics()).includes(doomed));

    await expect(strict.latestOffset(start)).rejects.toThrow(new RegExp(`partitions ${doomed}-0 are gone`));
    await expect(strict.getBatch(start, end)).rejects.toThrow(new RegExp(`${doomed}-0 no longer exists`));

    warnings.length = 0;
    expect(await lenient.latestOffset(start)).toEqual({ [keep]: { 0: 2 } });
    expect(values(await lenient.getBatch(start, end))).toEqual(['v0', 'v1']);
    expect(warnings.length).toBe(2);
  });

  it('keeps the resolved initial offsets in its checkpoint directory', async () => {
    const topic = await env.createTopic(uniqueTopic('initial'), 1);
    await env.produceValues(topic, 0, 2, 'before');
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-kafka-'));
    dirs.push(dir);
    const first = source({ subscribe: topic });
    await first.initialize({ metadataPath: dir });
    expect(await first.latestOffset(null)).toEqual({ [topic]: { 0: 2 } });
    await env.produceValues(topic, 0, 2, 'after');
    // A restart before the first batch committed: `latest` is not re-resolved.
    const second = source({ subscribe: topic });
    await second.initialize({ metadataPath: dir });
    const end = await second.latestOffset(null);
    expect(values(await second.getBatch(null, end!))).toEqual(['after0', 'after1']);
  });

  it('bounds batches by the offsets available when prepared for available-now', async () => {
    const topic = await env.createTopic(uniqueTopic('availnow'), 1);
    await env.produceValues(topic, 0, 3);
    const s = source({ subscribe: topic, startingOffsets: 'earliest' });
    await s.prepareForAvailableNow();
    await env.produceValues(topic, 0, 3, 'late');
    expect(await s.latestOffset(null)).toEqual({ [topic]: { 0: 3 } });
  });

  it('hides aborted transactions under kafka.isolation.level = read_committed', async () => {
    const topic = await env.createTopic(uniqueTopic('txn'), 1);
    const producer = env.kafka.producer({ transactionalId: uniqueTopic('txn-producer'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ value: 'aborted0', partition: 0 }, { value: 'aborted1', partition: 0 }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ value: 'committed', partition: 0 }] });
    await committed.commit();
    await producer.disconnect();
    await awaitNoOpenTransactions(topic);

    const rc = source({ subscribe: topic, startingOffsets: 'earliest', 'kafka.isolation.level': 'read_committed' });
    const end = await rc.latestOffset(null);
    // Offsets 2 and 4 hold the transaction markers.
    expect(end).toEqual({ [topic]: { 0: 5 } });
    expect(rows(await rc.getBatch(null, end!)).map((r) => [r.offset, r.value])).toEqual([[3, 'committed']]);
    const ru = source({ subscribe: topic, startingOffsets: 'earliest' });
    expect(values(await ru.getBatch(null, end!))).toEqual(['aborted0', 'aborted1', 'committed']);
  });

  it('returns a declared subset of the Kafka columns with format raw', async () => {
    const topic = await env.createTopic(uniqueTopic('subset'), 1);
    await env.produceValues(topic, 0, 2);
    const s = source({ subscribe: topic, startingOffsets: 'earliest' }, [field('offset', BigIntType), field('value', BinaryType)]);
    expect(rows(await s.getBatch(null, (await s.latestOffset(null))!))).toEqual([{ offset: 0, value: 'v0' }, { offset: 1, value: 'v1' }]);
    expect(() => source({ subscribe: topic }, [field('value', StringType)])).toThrow(/'value STRING' is not a Kafka column/);
  });

  it('commits processed offsets to a monitoring group with kafka.group.id', async () => {
    const topic = await env.createTopic(uniqueTopic('monitor'), 2);
    await env.produceValues(topic, 1, 3);
    const groupId = uniqueTopic('monitor-group');
    const s = source({ subscribe: topic, startingOffsets: 'earliest', 'kafka.group.id': groupId });
    const end = await s.latestOffset(null);
    await s.commit(end!);
    const committed = await env.admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0]!.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([[0, '0'], [1, '3']]);

    // With groupIdPrefix the group is named after the checkpoint, so it stays the same across restarts.
    const prefix = uniqueTopic('mon');
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-kafka-'));
    dirs.push(dir);
    for (let run = 0; run < 2; run++) {
      const p = source({ subscribe: topic, startingOffsets: 'earliest', groupIdPrefix: prefix });
      await p.initialize({ metadataPath: dir });
      await p.commit((await p.latestOffset(null))!);
    }
    const groups = (await env.admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    expect(groups).toEqual([expect.stringMatching(new RegExp(`^${prefix}-[0-9a-f]{12}$`))]);
  });

  describe('decoding values', () => {
    const declared = [field('id', IntType), field('name', StringType), field('_corrupt_record', StringType)];
    let jsonTopic = '';
    let csvTopic = '';

    beforeAll(async () => {
      jsonTopic = await env.createTopic(uniqueTopic('json'), 1);
      await env.produce(jsonTopic, [
        { value: '{"id": 1, "name": "ann"}' },
        { value: '{"id": "two"}' },
        { value: 'not json' },
        { value: null },
        { value: '{"ID": 5, "Name": "eve", "extra": true}' },
      ]);
      csvTopic = await env.createTopic(uniqueTopic('csv'), 1);
      await env.produce(csvTopic, [
        { value: '1,ann' },
        { value: '2' },
        { value: 'x,bob' },
        { value: '4,"dan, jr"' },
        { value: '5,' },
      ]);
    });

    async function decode(topic: string, format: string, mode: string, dropped?: number[]): Promise<Record<string, unknown>[]> {
      const s = source({ subscribe: topic, startingOffsets: 'earliest', format, mode }, declared);
      await s.initialize({ metadataPath: mkdtempSync(path.join(tmpdir(), 'sluice-kafka-')), onMalformedDropped: (n) => dropped?.push(n) });
      return rows(await s.getBatch(null, (await s.latestOffset(null))!));
    }

    it('json PERMISSIVE keeps malformed records as nulls with their text', async () => {
      expect(await decode(jsonTopic, 'json', 'PERMISSIVE')).toEqual([
        { id: 1, name: 'ann', _corrupt_record: null },
        { id: null, name: null, _corrupt_record: '{"id": "two"}' },
        { id: null, name: null, _corrupt_record: 'not json' },
        { id: null, name: null, _corrupt_record: null },
        { id: 5, name: 'eve', _corrupt_record: null },
      ]);
    });

    it('json DROPMALFORMED drops and counts them', async () => {
      const dropped: number[] = [];
      expect((await decode(jsonTopic, 'json', 'DROPMALFORMED', dropped)).map((r) => r.id)).toEqual([1, null, 5]);
      expect(dropped).toEqual([2]);
    });

    it('json FAILFAST names topic, partition and offset', async () => {
      await expect(decode(jsonTopic, 'json', 'FAILFAST')).rejects.toThrow(
        new RegExp(`malformed JSON record at topic ${jsonTopic}, partition 0, offset 1: "two" cannot be read as INT for column id`));
    });

    it('csv in all three modes', async () => {
      expect(await decode(csvTopic, 'csv', 'PERMISSIVE')).toEqual([
        { id: 1, name: 'ann', _corrupt_record: null },
        { id: null, name: null, _corrupt_record: '2' },
        { id: null, name: null, _corrupt_record: 'x,bob' },
        { id: 4, name: 'dan, jr', _corrupt_record: null },
        { id: 5, name: null, _corrupt_record: null },
      ]);
      const dropped: number[] = [];
      expect((await decode(csvTopic, 'csv', 'DROPMALFORMED', dropped)).map((r) => r.id)).toEqual([1, 4, 5]);
      expect(dropped).toEqual([2]);
      await expect(decode(csvTopic, 'csv', 'FAILFAST')).rejects.toThrow(/malformed CSV record at topic .*, partition 0, offset 1: 1 fields for 2 columns/);
    });
  });

  describe('static reads', () => {
    it('reads earliest to latest by default, or to endingOffsets', async () => {
      const topic = await env.createTopic(uniqueTopic('static'), 2);
      await env.produceValues(topic, 0, 3, 'a');
      await env.produceValues(topic, 1, 2, 'b');
      const base = { 'kafka.bootstrap.servers': KAFKA_BROKERS, subscribe: topic };
      expect(values(await readKafkaBatch(base))).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
      expect(values(await readKafkaBatch({ ...base, startingOffsets: JSON.stringify({ [topic]: { 0: 1, 1: -2 } }),
        endingOffsets: JSON.stringify({ [topic]: { 0: 2, 1: -1 } }) }))).toEqual(['a1', 'b0', 'b1']);
      const decoded = await readKafkaBatch({ ...base, format: 'csv' }, schema([field('v', StringType)]));
      expect(rows(decoded).map((r) => r.v)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
      await expect(readKafkaBatch({ ...base, startingOffsets: 'latest' })).rejects.toThrow(/cannot be latest/);
      await expect(readKafkaBatch({ ...base, endingOffsets: JSON.stringify({ [topic]: { 0: -2, 1: -1 } }) })).rejects.toThrow(/cannot be earliest/);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
