/**
 * Kafka through the user's surfaces: SQL (`CREATE SOURCE` / `CREATE TABLE` / `CREATE SINK … WITH (connector =
 * 'kafka')`) and the DataFrame API (`read` / `readStream` / `writeStream` `.format('kafka')`), against the real
 * broker, with the connector registry resolving `kafka` as a user's session does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, count, from_json, Session, sum, window } from '../../src/api/index.js';
import { batchToRows } from '../../src/execution/batch.js';
import { readKafkaBatch } from '../../src/sources/kafka-source.js';
import {
  announceSkip, awaitNoOpenTransactions, KAFKA_BROKERS, kafkaAvailable, KafkaTestEnv, uniqueTopic,
} from './kafka-test-env.js';

announceSkip('kafka through SQL and the DataFrame API');

const text = (v: unknown): string | null => (v === null ? null : Buffer.from(v as Uint8Array).toString());

/** The committed records of `topic`: {key, value} as text, sorted by value. */
async function committed(topic: string): Promise<{ key: string | null; value: string | null }[]> {
  await awaitNoOpenTransactions(topic);
  const batches = await readKafkaBatch({ 'kafka.bootstrap.servers': KAFKA_BROKERS, subscribe: topic, 'kafka.isolation.level': 'read_committed' });
  return batches.flatMap((b) => batchToRows(b))
    .map((r) => ({ key: text(r.key), value: text(r.value) }))
    .sort((a, b) => String(a.value).localeCompare(String(b.value)));
}

const parsedValues = async (topic: string): Promise<unknown[]> =>
  (await committed(topic)).map((r) => JSON.parse(r.value!) as unknown);

describe.skipIf(!kafkaAvailable)('kafka through SQL and the DataFrame API', () => {
  const env = new KafkaTestEnv();
  const dirs: string[] = [];
  const sessions: Session[] = [];

  function session(): Session {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-kafka-session-'));
    dirs.push(dir);
    const s = new Session({ checkpointRoot: dir, out: () => undefined });
    sessions.push(s);
    return s;
  }

  beforeAll(async () => { await env.start(); });
  afterAll(async () => {
    for (const s of sessions) await s.stop();
    await env.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const json = (o: unknown): { value: string } => ({ value: JSON.stringify(o) });

  it('CREATE SOURCE … format json → aggregation → CREATE SINK kafka exactly-once', async () => {
    const input = await env.createTopic(uniqueTopic('sql-in'), 3);
    const output = await env.createTopic(uniqueTopic('sql-out'), 1);
    for (const p of [0, 1, 2]) {
      await env.produce(input, [0, 1, 2, 3].map((i) => ({ ...json({ k: `k${(p + i) % 2}`, v: 10 * p + i }), partition: p })));
    }
    const s = session();
    await s.execute(`
      CREATE SOURCE src (k STRING, v INT) WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}',
        subscribe = '${input}', startingOffsets = 'earliest', format = 'json');
      CREATE SINK totals WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', topic = '${output}',
          format = 'json', deliveryGuarantee = 'exactly-once', outputMode = 'update', trigger = 'available-now') AS
        SELECT k AS key, count(*) AS n, sum(v) AS s FROM src GROUP BY k;
    `);
    await s.streams.awaitAll();
    // p0: k0 0, k1 1, k0 2, k1 3; p1: k1 10, k0 11, k1 12, k0 13; p2: k0 20, k1 21, k0 22, k1 23
    expect(await committed(output)).toEqual([
      { key: 'k0', value: '{"n":6,"s":68}' },
      { key: 'k1', value: '{"n":6,"s":70}' },
    ]);
  });

  it('decodes raw values with from_json(CAST(value AS STRING), …) in SQL over a static Kafka table', async () => {
    const topic = await env.createTopic(uniqueTopic('table'), 2);
    await env.produce(topic, [
      { key: 'x', value: '{"a": 1, "b": "one"}', partition: 0 },
      { key: null, value: '{"a": 2}', partition: 1 },
      { key: 'z', value: 'not json', partition: 1 },
    ]);
    const s = session();
    await s.execute(`CREATE TABLE t WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', subscribe = '${topic}')`);
    const rows = await s.sql(`
      SELECT partition, offset, CAST(key AS STRING) AS k, j.a, j.b
      FROM (SELECT *, from_json(CAST(value AS STRING), 'a INT, b STRING') AS j FROM t)
      ORDER BY partition, offset`).collect();
    expect(rows).toEqual([
      { partition: 0, offset: 0, k: 'x', a: 1, b: 'one' },
      { partition: 1, offset: 0, k: null, a: 2, b: null },
      { partition: 1, offset: 1, k: 'z', a: null, b: null },
    ]);
  });

  it('session.read.format(kafka) with endingOffsets, and the Kafka columns', async () => {
    const topic = await env.createTopic(uniqueTopic('read'), 1);
    await env.produceValues(topic, 0, 5);
    const s = session();
    const df = s.read.format('kafka').option('kafka.bootstrap.servers', KAFKA_BROKERS).option('subscribe', topic)
      .option('startingOffsets', `{"${topic}":{"0":1}}`).option('endingOffsets', `{"${topic}":{"0":4}}`).load();
    expect(df.columns).toEqual(['key', 'value', 'topic', 'partition', 'offset', 'timestamp', 'timestampType']);
    const rows = await df.select(col('key').cast('string').as('k'), col('value').cast('string').as('v'), col('topic'), col('offset')).collect();
    expect(rows).toEqual([1, 2, 3].map((i) => ({ k: `k${i}`, v: `v${i}`, topic, offset: i })));
  });

  it('readStream.format(kafka) → from_json → windowed aggregation → writeStream.format(kafka)', async () => {
    const input = await env.createTopic(uniqueTopic('api-in'), 2);
    const output = await env.createTopic(uniqueTopic('api-out'), 1);
    const events = [
      { ts: '2026-01-01T00:00:01Z', k: 'a', v: 1 },
      { ts: '2026-01-01T00:00:04Z', k: 'b', v: 2 },
      { ts: '2026-01-01T00:00:09Z', k: 'a', v: 3 },
      { ts: '2026-01-01T00:00:12Z', k: 'a', v: 4 },
      { ts: '2026-01-01T00:00:30Z', k: 'b', v: 5 },
    ];
    await env.produce(input, events.map((e, i) => ({ ...json(e), partition: i % 2 })));
    const s = session();
    const raw = s.readStream.format('kafka').option('kafka.bootstrap.servers', KAFKA_BROKERS).option('subscribe', input)
      .option('startingOffsets', 'earliest').load();
    const parsed = raw.select(from_json(col('value').cast('string'), 'ts TIMESTAMP, k STRING, v INT').as('e'))
      .select(col('e.ts').as('ts'), col('e.k').as('k'), col('e.v').as('v'));
    const counts = parsed.withWatermark('ts', '5 seconds')
      .groupBy(window(col('ts'), '10 seconds').as('w'), col('k'))
      .agg(count('*').as('n'), sum('v').as('s'))
      .select(col('w.start').cast('string').as('start'), col('k').as('key'), col('n'), col('s'));
    const q = counts.writeStream.format('kafka').outputMode('append')
      .option('kafka.bootstrap.servers', KAFKA_BROKERS).option('topic', output).option('format', 'json')
      .option('deliveryGuarantee', 'exactly-once').trigger({ availableNow: true }).start();
    await q.awaitTermination();
    expect(q.exception).toBeNull();
    // The watermark ends at 00:00:25: the windows [0, 10) and [10, 20) are final, [30, 40) is not.
    expect(await committed(output)).toEqual([
      { key: 'a', value: '{"start":"2026-01-01 00:00:00","n":2,"s":4}' },
      { key: 'a', value: '{"start":"2026-01-01 00:00:10","n":1,"s":4}' },
      { key: 'b', value: '{"start":"2026-01-01 00:00:00","n":1,"s":2}' },
    ].sort((x, y) => x.value.localeCompare(y.value)));
  });

  it('passes raw records through SQL: Spark columns in, key/value columns out, at-least-once by default', async () => {
    const input = await env.createTopic(uniqueTopic('raw-in'), 1);
    const output = await env.createTopic(uniqueTopic('raw-out'), 1);
    await env.produceValues(input, 0, 3);
    const s = session();
    const [, , described] = await s.execute(`
      CREATE SOURCE raw WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', subscribe = '${input}',
        startingOffsets = 'earliest');
      CREATE SINK upper WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', topic = '${output}',
          trigger = 'available-now') AS
        SELECT CAST(key AS STRING) AS key, concat(upper(CAST(value AS STRING)), '@', CAST(offset AS STRING)) AS value FROM raw;
      DESCRIBE raw;
    `);
    await s.streams.awaitAll();
    expect(await committed(output)).toEqual([
      { key: 'k0', value: 'V0@0' }, { key: 'k1', value: 'V1@1' }, { key: 'k2', value: 'V2@2' },
    ]);
    expect(described!.kind === 'rows' && batchToRows(described.batch).map((r) => `${r.col_name} ${r.data_type}`)).toEqual([
      'key binary', 'value binary', 'topic string', 'partition int', 'offset bigint', 'timestamp timestamp', 'timestampType int',
    ]);
  });

  it('reports bad Kafka options at CREATE time, naming the source or the sink', async () => {
    const s = session();
    await expect(s.execute(`CREATE SOURCE a (x INT) WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', format = 'json')`))
      .rejects.toThrow("kafka source: one of the options 'subscribe', 'subscribePattern' or 'assign' is required");
    await expect(s.execute(`CREATE SOURCE b WITH (connector = 'kafka', subscribe = 't')`))
      .rejects.toThrow("Option 'kafka.bootstrap.servers' must be specified for the Kafka source");
    await expect(s.execute(`CREATE TABLE c WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', subscribe = 't', startingOffsets = 'latest')`))
      .rejects.toThrow("kafka source: 'startingOffsets' cannot be latest (-1) for a static read");
    await s.execute(`CREATE SOURCE d WITH (connector = 'rate')`);
    await expect(s.execute(`CREATE SINK e WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', topic = 'x',
        deliveryGuarantee = 'twice') AS SELECT CAST(value AS STRING) AS value FROM d`))
      .rejects.toThrow("kafka sink: option 'deliveryGuarantee' must be one of at-least-once, exactly-once, got \"twice\"");
  });
});
