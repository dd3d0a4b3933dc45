/**
 * The Kafka source's options, with Spark's names and rules (keys case-insensitive):
 *
 * | option | meaning |
 * | --- | --- |
 * | `kafka.bootstrap.servers` | required; `host:port,…` |
 * | `subscribe` / `subscribePattern` / `assign` | exactly one: a topic list, a regex over topic names, or JSON `{"t":[0,1]}` |
 * | `startingOffsets` | `earliest`, `latest` (streams' default) or JSON `{"t":{"0":23,"1":-2}}` (-2 earliest, -1 latest) |
 * | `endingOffsets` | static reads only: `latest` (default) or JSON (-1 latest) |
 * | `maxOffsetsPerTrigger` | cap on offsets per batch, split over partitions in proportion to their lag |
 * | `minOffsetsPerTrigger`, `maxTriggerDelay` | wait for this many offsets, but no longer than the delay (default 15m) |
 * | `failOnDataLoss` | default true: fail when offsets are gone; false: warn and go on from what is left |
 * | `includeHeaders` | add the `headers` column |
 * | `groupIdPrefix` | also commit processed offsets to group `<prefix>-<id of the checkpoint>`, for lag monitoring |
 * | `format` | `raw` (Spark's columns), `json` or `csv`: decode values into the declared columns (with `mode`) |
 * | `kafka.*` | client settings, see kafka-client-config.ts; `kafka.group.id` names the monitoring group exactly |
 */
import type { KafkaConfig } from 'kafkajs';
import { kafkaClientSettings, positiveInt } from '../kafka/kafka-client-config.js';
import type { IsolationLevel } from '../kafka/kafka-cluster-client.js';
import type { RangeReadSettings } from '../kafka/kafka-range-reader.js';
import { EARLIEST_OFFSET, LATEST_OFFSET, parseOffsetSpec, type OffsetSpec } from './kafka-offsets.js';
import { ConnectorOptions } from './source-options.js';

export type KafkaSubscription =
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'subscribePattern'; readonly pattern: RegExp; readonly text: string }
  | { readonly kind: 'assign'; readonly partitions: readonly { readonly topic: string; readonly partition: number }[] };

export type KafkaValueFormat = 'raw' | 'json' | 'csv';

/** A streaming query reads forever from `startingOffsets`; a static read reads `startingOffsets`…`endingOffsets`. */
export type KafkaReadMode = 'stream' | 'batch';

export interface KafkaSourceOptions {
  readonly client: KafkaConfig;
  readonly subscription: KafkaSubscription;
  readonly startingOffsets: OffsetSpec;
  readonly endingOffsets: OffsetSpec;
  readonly maxOffsetsPerTrigger: number | undefined;
  readonly minOffsetsPerTrigger: number | undefined;
  readonly maxTriggerDelayMs: number;
  readonly failOnDataLoss: boolean;
  readonly includeHeaders: boolean;
  readonly isolationLevel: IsolationLevel;
  readonly fetch: RangeReadSettings;
  /** `kafka.group.id`: the exact group processed offsets are committed to. */
  readonly groupId: string | undefined;
  readonly groupIdPrefix: string | undefined;
  readonly format: KafkaValueFormat;
  /** All options, for the value decoder's own (`mode`, `sep`, …). */
  readonly raw: ConnectorOptions;
}

export function parseKafkaSourceOptions(options: Readonly<Record<string, string>>, mode: KafkaReadMode): KafkaSourceOptions {
  const o = new ConnectorOptions(options, 'kafka source');
  const { client, extra } = kafkaClientSettings(options, 'source');

  const strategies = ['subscribe', 'subscribePattern', 'assign'].filter((k) => o.has(k));
  if (strategies.length !== 1) {
    throw o.error(strategies.length === 0
      ? "one of the options 'subscribe', 'subscribePattern' or 'assign' is required"
      : `only one of 'subscribe', 'subscribePattern' and 'assign' may be given, not ${strategies.join(' and ')}`);
  }
  const subscription = parseSubscription(o, strategies[0]!);

  const startingOffsets = o.has('startingOffsets')
    ? parseOffsetSpec(o.string('startingOffsets')!, 'startingOffsets')
    : { kind: mode === 'stream' ? 'latest' : 'earliest' } as OffsetSpec;
  let endingOffsets: OffsetSpec = { kind: 'latest' };
  if (o.has('endingOffsets')) {
    if (mode === 'stream') throw o.error("'endingOffsets' applies to static reads only; a streaming query reads until it is stopped");
    endingOffsets = parseOffsetSpec(o.string('endingOffsets')!, 'endingOffsets');
  }
  if (mode === 'batch') {
    if (startingOffsets.kind === 'latest' || hasOffset(startingOffsets, LATEST_OFFSET)) {
      throw o.error("'startingOffsets' cannot be latest (-1) for a static read, which would read nothing");
    }
    if (endingOffsets.kind === 'earliest' || hasOffset(endingOffsets, EARLIEST_OFFSET)) {
      throw o.error("'endingOffsets' cannot be earliest (-2) for a static read, which would read nothing");
    }
  }

  const isolation = (extra.get('isolation.level') ?? 'read_uncommitted').toLowerCase();
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed') {
    throw o.error(`'kafka.isolation.level' must be read_uncommitted or read_committed, not '${isolation}'`);
  }
  const format = o.choice('format', ['raw', 'json', 'csv'] as const, 'raw');

  return {
    client,
    subscription,
    startingOffsets,
    endingOffsets,
    maxOffsetsPerTrigger: o.positiveInt('maxOffsetsPerTrigger'),
    minOffsetsPerTrigger: o.positiveInt('minOffsetsPerTrigger'),
    maxTriggerDelayMs: o.durationMs('maxTriggerDelay', 15 * 60_000),
    failOnDataLoss: o.bool('failOnDataLoss', true),
    includeHeaders: o.bool('includeHeaders', false),
    isolationLevel: isolation as IsolationLevel,
    fetch: {
      maxBytes: positiveInt(extra, 'fetch.max.bytes') ?? 52_428_800,
      partitionMaxBytes: positiveInt(extra, 'max.partition.fetch.bytes') ?? 1_048_576,
      maxWaitMs: positiveInt(extra, 'fetch.max.wait.ms') ?? 500,
    },
    groupId: extra.get('group.id'),
    groupIdPrefix: o.string('groupIdPrefix'),
    format,
    raw: o,
  };
}

function parseSubscription(o: ConnectorOptions, strategy: string): KafkaSubscription {
  const text = o.string(strategy)!;
  switch (strategy) {
    case 'subscribe': {
      const topics = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
      if (topics.length === 0) throw o.error("'subscribe' must list at least one topic");
      return { kind: 'subscribe', topics };
    }
    case 'subscribePattern': {
      // Java's Pattern.matches: the whole topic name must match.
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${text})$`);
      } catch (e) {
        throw o.error(`'subscribePattern' is not a valid regular expression: ${(e as Error).message}`);
      }
      return { kind: 'subscribePattern', pattern, text };
    }
    default: {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const partitions: { topic: string; partition: number }[] = [];
      const valid = json !== null && typeof json === 'object' && !Array.isArray(json) &&
        Object.entries(json as Record<string, unknown>).every(([topic, ps]) =>
          Array.isArray(ps) && ps.every((p) => Number.isSafeInteger(p) && (p as number) >= 0 && partitions.push({ topic, partition: p as number }) > 0));
      if (!valid || partitions.length === 0) {
        throw o.error(`'assign' must be JSON like {"topicA":[0,1],"topicB":[2]}, not '${text}'`);
      }
      return { kind: 'assign', partitions };
    }
  }
}

function hasOffset(spec: OffsetSpec, value: number): boolean {
  return spec.kind === 'specific' && spec.offsets.some((p) => p.offset === value);
}

/** Spark's `description` of a Kafka source, e.g. `KafkaV2[Subscribe[orders]]`. */
export function describeSubscription(s: KafkaSubscription): string {
  switch (s.kind) {
    case 'subscribe': return `KafkaV2[Subscribe[${s.topics.join(',')}]]`;
    case 'subscribePattern': return `KafkaV2[SubscribePattern[${s.text}]]`;
    case 'assign': return `KafkaV2[Assign[${s.partitions.map((p) => `${p.topic}-${p.partition}`).join(', ')}]]`;
  }
}
