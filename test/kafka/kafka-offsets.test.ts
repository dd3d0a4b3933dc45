import { describe, expect, it } from 'vitest';
import { partitionKey } from '../../src/kafka/kafka-cluster-client.js';
import {
  offsetMap, offsetsFromJson, offsetsToJson, parseOffsetSpec, rateLimit, type KafkaOffsets,
} from '../../src/sources/kafka-offsets.js';
import { parseKafkaSourceOptions } from '../../src/sources/kafka-source-options.js';
import { parseKafkaSinkOptions } from '../../src/sinks/kafka-sink-options.js';

const offsets = (o: Record<string, Record<string, number>>): KafkaOffsets => offsetsFromJson(o);

describe('kafka offsets', () => {
  it('round-trips Spark’s JSON form, sorted by topic and partition', () => {
    const o = offsets({ b: { 10: 5, 2: 7 }, a: { 0: 1 } });
    expect(o.map((p) => `${p.topic}-${p.partition}:${p.offset}`)).toEqual(['a-0:1', 'b-2:7', 'b-10:5']);
    expect(offsetsToJson(o)).toEqual({ a: { 0: 1 }, b: { 2: 7, 10: 5 } });
  });

  it('refuses a checkpoint offset that is not one', () => {
    expect(() => offsetsFromJson({ t: { 0: -1 } })).toThrow(/checkpoint is not valid.*must be an integer ≥ 0/);
    expect(() => offsetsFromJson({ t: { x: 1 } })).toThrow(/'x' of topic 't' is not a partition number/);
    expect(() => offsetsFromJson([1])).toThrow(/expected an object of topics/);
  });

  it('parses startingOffsets / endingOffsets', () => {
    expect(parseOffsetSpec('EARLIEST', 'startingOffsets')).toEqual({ kind: 'earliest' });
    expect(parseOffsetSpec(' latest ', 'startingOffsets')).toEqual({ kind: 'latest' });
    expect(parseOffsetSpec('{"t":{"0":23,"1":-2}}', 'startingOffsets')).toEqual({
      kind: 'specific', offsets: [{ topic: 't', partition: 0, offset: 23 }, { topic: 't', partition: 1, offset: -2 }],
    });
    expect(() => parseOffsetSpec('{"t":{"0":-3}}', 'startingOffsets')).toThrow(/-2 = earliest, -1 = latest/);
    expect(() => parseOffsetSpec('soon', 'startingOffsets')).toThrow(/must be 'earliest', 'latest' or JSON/);
  });

  it('splits maxOffsetsPerTrigger in proportion to lag, moving every lagging partition', () => {
    const from = offsetMap(offsets({ t: { 0: 0, 1: 0, 2: 0 } }));
    expect(offsetsToJson(rateLimit(12, from, offsets({ t: { 0: 10, 1: 20, 2: 30 } })))).toEqual({ t: { 0: 2, 1: 4, 2: 6 } });
    expect(offsetsToJson(rateLimit(10, offsetMap(offsets({ t: { 0: 0, 1: 0 } })), offsets({ t: { 0: 1, 1: 100 } }))))
      .toEqual({ t: { 0: 1, 1: 9 } });
    // Within the limit: unchanged; a partition without lag stays put.
    expect(offsetsToJson(rateLimit(100, from, offsets({ t: { 0: 10, 1: 0, 2: 5 } })))).toEqual({ t: { 0: 10, 1: 0, 2: 5 } });
    expect(offsetsToJson(rateLimit(3, from, offsets({ t: { 0: 10, 1: 0, 2: 5 } })))).toEqual({ t: { 0: 2, 1: 0, 2: 1 } });
  });
});

describe('kafka options', () => {
  const base = { 'kafka.bootstrap.servers': 'h1:9092, h2:9093' };

  it('maps Spark’s source options', () => {
    const o = parseKafkaSourceOptions({ ...base, Subscribe: 'a, b', MAXOFFSETSPERTRIGGER: '100', failOnDataLoss: 'false',
      'kafka.client.id': 'me', 'kafka.isolation.level': 'read_committed', 'kafka.max.partition.fetch.bytes': '65536' }, 'stream');
    expect(o.client.brokers).toEqual(['h1:9092', 'h2:9093']);
    expect(o.client.clientId).toBe('me');
    expect(o.subscription).toEqual({ kind: 'subscribe', topics: ['a', 'b'] });
    expect(o.startingOffsets).toEqual({ kind: 'latest' });
    expect(o.maxOffsetsPerTrigger).toBe(100);
    expect(o.failOnDataLoss).toBe(false);
    expect(o.isolationLevel).toBe('read_committed');
    expect(o.fetch.partitionMaxBytes).toBe(65536);
    expect(parseKafkaSourceOptions({ ...base, subscribe: 'a' }, 'batch').startingOffsets).toEqual({ kind: 'earliest' });
  });

  it('refuses what Spark refuses, naming the fix', () => {
    const src = (o: Record<string, string>, mode: 'stream' | 'batch' = 'stream') => () => parseKafkaSourceOptions({ ...base, ...o }, mode);
    expect(() => parseKafkaSourceOptions({ subscribe: 't' }, 'stream')).toThrow(/'kafka.bootstrap.servers' must be specified/);
    expect(src({})).toThrow(/one of the options 'subscribe', 'subscribePattern' or 'assign' is required/);
    expect(src({ subscribe: 't', assign: '{"t":[0]}' })).toThrow(/only one of .* not subscribe and assign/);
    expect(src({ assign: '[0]' })).toThrow(/'assign' must be JSON like/);
    expect(src({ subscribePattern: '(' })).toThrow(/not a valid regular expression/);
    expect(src({ subscribe: 't', endingOffsets: 'latest' })).toThrow(/'endingOffsets' applies to static reads only/);
    expect(src({ subscribe: 't', 'kafka.auto.offset.reset': 'earliest' })).toThrow(/set the source option 'startingOffsets' instead/);
    expect(src({ subscribe: 't', 'kafka.fetch.min.bytes': '1' })).toThrow(/'kafka.fetch.min.bytes' is not supported by the source.*supported: kafka.bootstrap.servers/);
    expect(src({ subscribe: 't', 'kafka.security.protocol': 'SASL_SSL' })).toThrow(/SASL needs a user name and password/);
    expect(src({ subscribe: 't', 'kafka.isolation.level': 'dirty' })).toThrow(/read_uncommitted or read_committed/);
    expect(src({ subscribe: 't', maxOffsetsPerTrigger: '0' })).toThrow(/'maxOffsetsPerTrigger' must be a positive integer/);
  });

  it('maps SASL and TLS settings', () => {
    const o = parseKafkaSourceOptions({ ...base, subscribe: 't', 'kafka.security.protocol': 'sasl_ssl',
      'kafka.sasl.mechanism': 'SCRAM-SHA-512',
      'kafka.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
      'kafka.ssl.endpoint.identification.algorithm': '' }, 'stream');
    expect(o.client.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(typeof (o.client.ssl as { checkServerIdentity?: unknown }).checkServerIdentity).toBe('function');
  });

  it('maps the sink’s options', () => {
    const o = parseKafkaSinkOptions({ ...base, topic: 'out', deliveryGuarantee: 'EXACTLY-ONCE', 'kafka.compression.type': 'gzip' });
    expect(o.deliveryGuarantee).toBe('exactly-once');
    expect(o.markerTopic).toBe('__sluice_sink_markers');
    expect(o.compression).toBe(1);
    expect(() => parseKafkaSinkOptions({ ...base, topic: 'bad topic' })).toThrow(/'bad topic' is not a valid Kafka topic name/);
    expect(() => parseKafkaSinkOptions({ ...base, 'kafka.compression.type': 'zstd' })).toThrow(/none or gzip/);
    expect(() => parseKafkaSinkOptions({ ...base, 'kafka.value.serializer': 'x' })).toThrow(/not supported: the sink writes the value column/);
  });
});

describe('partition keys', () => {
  it('keys ranges by topic and partition', () => {
    expect(partitionKey('t.x', 3)).toBe('t.x 3');
  });
});
