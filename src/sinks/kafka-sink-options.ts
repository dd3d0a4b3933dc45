/**
 * The Kafka sink's options (keys case-insensitive):
 *
 * | option | meaning |
 * | --- | --- |
 * | `kafka.bootstrap.servers` | required |
 * | `topic` | the topic of every row; without it each row's `topic` column names its topic (Spark's rule) |
 * | `format` | `raw` (default: the `value` column is the message) or `json` (the row's other columns as a JSON object) |
 * | `deliveryGuarantee` | `at-least-once` (default; idempotent producer) or `exactly-once` (one transaction per batch) |
 * | `transactionalIdPrefix` | exactly-once: transactional ids are `<prefix>-<query id>-<sink partition>` (default `sluice`) |
 * | `markerTopic` | exactly-once: where batch markers go (default `__sluice_sink_markers`, created compacted if absent) |
 * | `kafka.compression.type` | `none` (default) or `gzip` |
 * | `kafka.transaction.timeout.ms` | exactly-once: broker-side transaction timeout (default 60000) |
 * | `kafka.max.request.size` | upper bound of one produce request's payload (default 1048576) |
 * plus the shared client settings of kafka-client-config.ts.
 */
import { CompressionTypes, type KafkaConfig } from 'kafkajs';
import { kafkaClientSettings, positiveInt } from '../kafka/kafka-client-config.js';
import { ConnectorOptions } from '../execution/connector-options.js';
import { SluiceError } from '../types/errors.js';

export type DeliveryGuarantee = 'at-least-once' | 'exactly-once';
export type KafkaSinkFormat = 'raw' | 'json';

export interface KafkaSinkOptions {
  readonly client: KafkaConfig;
  readonly topic: string | undefined;
  readonly format: KafkaSinkFormat;
  readonly deliveryGuarantee: DeliveryGuarantee;
  readonly transactionalIdPrefix: string;
  readonly markerTopic: string;
  readonly compression: CompressionTypes;
  readonly transactionTimeoutMs: number;
  readonly maxRequestBytes: number;
}

export const DEFAULT_MARKER_TOPIC = '__sluice_sink_markers';

export function parseKafkaSinkOptions(options: Readonly<Record<string, string>>): KafkaSinkOptions {
  const o = new ConnectorOptions(options, 'kafka sink');
  const { client, extra } = kafkaClientSettings(options, 'sink');
  const topic = o.string('topic');
  if (topic !== undefined && !validTopicName(topic)) throw sinkError(`'${topic}' is not a valid Kafka topic name`);
  const markerTopic = o.string('markerTopic', DEFAULT_MARKER_TOPIC);
  if (!validTopicName(markerTopic)) throw sinkError(`markerTopic '${markerTopic}' is not a valid Kafka topic name`);
  const compression = (extra.get('compression.type') ?? 'none').toLowerCase();
  if (compression !== 'none' && compression !== 'gzip') {
    throw sinkError(`'kafka.compression.type' must be none or gzip (the codecs kafkajs ships), not '${compression}'`);
  }
  return {
    client,
    topic,
    format: o.choice('format', ['raw', 'json'] as const, 'raw'),
    deliveryGuarantee: o.choice('deliveryGuarantee', ['at-least-once', 'exactly-once'] as const, 'at-least-once'),
    transactionalIdPrefix: o.string('transactionalIdPrefix', 'sluice'),
    markerTopic,
    compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    transactionTimeoutMs: positiveInt(extra, 'transaction.timeout.ms') ?? 60_000,
    maxRequestBytes: positiveInt(extra, 'max.request.size') ?? 1_048_576,
  };
}

function validTopicName(t: string): boolean {
  return /^[a-zA-Z0-9._-]{1,249}$/.test(t) && t !== '.' && t !== '..';
}

export function sinkError(message: string): SluiceError {
  return new SluiceError('ANALYSIS_ERROR', `kafka sink: ${message}`);
}
