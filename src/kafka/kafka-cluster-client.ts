/**
 * Direct Fetch / ListOffsets / Metadata requests against Kafka, through kafkajs' cluster object.
 *
 * Why not a kafkajs consumer: a consumer belongs to a group, and kafkajs offers no manual assignment. Reading an
 * exact offset range through it means joining a group, seeking, pausing at the range end and discarding whatever
 * in-flight fetches return past it — slow (a group join per range), and racy around rebalances. Spark reads a
 * range with an assigned consumer and explicit seeks; the equivalent here is to send Fetch requests for
 * (topic, partition, offset) ourselves. kafkajs implements every request; its public API just does not expose
 * them. The `Kafka` object keeps a cluster factory under a symbol property ("private:Kafka:createCluster"), a
 * broker sends requests through a symbol-keyed method ("private:Broker:sendRequest"), and the Fetch request
 * encoders live in kafkajs/src/protocol; this file is the only place that reaches for them, and it declares the
 * small part of the internal API that is used. kafkajs 2.2.4 is pinned and is the library's final release, so
 * these internals do not move under us. Fetch responses are decoded here (kafka-fetch-response.ts), not by
 * kafkajs, whose per-record objects cost more than the rest of a query.
 */
import { createRequire } from 'node:module';
import { Kafka, type KafkaConfig } from 'kafkajs';
import { SluiceError } from '../types/errors.js';
import {
  decodeFetchResponse, MAX_FETCH_VERSION, MIN_FETCH_VERSION, type FetchedPartition, type FetchResponse,
} from './kafka-fetch-response.js';

export type IsolationLevel = 'read_uncommitted' | 'read_committed';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionInfo extends TopicPartition {
  readonly leader: number;
}

export interface TopicInfo {
  readonly topic: string;
  readonly isInternal: boolean;
  readonly partitions: readonly PartitionInfo[];
}

/** A request for one partition: fetch records starting at `offset`, up to `maxBytes` (at least one batch). */
export interface PartitionFetch {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly maxBytes: number;
}

export interface FetchSettings {
  readonly maxBytes: number;
  readonly maxWaitMs: number;
}

/** The kafkajs internals this file relies on (kafkajs/src/cluster, kafkajs/src/broker, kafkajs/src/protocol). */
interface FetchRequestArgs {
  replicaId?: number;
  isolationLevel: number; maxWaitTime: number; minBytes: number; maxBytes: number;
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
}
interface ProtocolRequest {
  readonly request: unknown;
  readonly response: { decode(raw: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
  readonly requestTimeout?: number;
}
/** kafkajs/src/protocol/requests/fetch: the request encoders and response checks of every Fetch version. */
interface FetchDefinition {
  readonly versions: readonly string[];
  protocol(args: { version: number }): (request: FetchRequestArgs) => ProtocolRequest;
}
interface ApiDefinition<T> {
  readonly versions: readonly string[];
  protocol(args: { version: number }): T;
}
interface InternalBroker {
  /** Picks the highest version of an API both sides implement and returns `definition.protocol({ version })`. */
  lookupRequest<T>(apiKey: number, definition: ApiDefinition<T>): T;
  listOffsets(request: {
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string }[] }[] }>;
  offsetCommit(request: {
    groupId: string; groupGenerationId: number; memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  metadata(args: { topics: string[] }): Promise<{
    topicMetadata: {
      topic: string; isInternal: boolean;
      partitionMetadata: { partitionId: number; leader: number }[];
    }[];
  }>;
  findBroker(args: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
}
type ClusterFactory = (args: { allowAutoTopicCreation: boolean; isolationLevel: number; metadataMaxAge?: number }) => InternalCluster;

const FETCH_API_KEY = 1;
const fetchDefinition = createRequire(import.meta.url)('kafkajs/src/protocol/requests/fetch/index.js') as FetchDefinition;
/** The Fetch versions this client decodes itself (kafka-fetch-response.ts). */
const decodedFetch: ApiDefinition<number> = {
  versions: fetchDefinition.versions.filter((v) => Number(v) >= MIN_FETCH_VERSION && Number(v) <= MAX_FETCH_VERSION),
  protocol: ({ version }) => version,
};

const LATEST = -1;
const EARLIEST = -2;
const MAX_ATTEMPTS = 20;

export class KafkaClusterClient {
  private readonly cluster: InternalCluster;
  private readonly isolation: number;
  private connected: Promise<void> | null = null;
  /** Partition leaders from the last metadata answer, by `partitionKey`. */
  private readonly leaders = new Map<string, number>();

  constructor(config: KafkaConfig, readonly isolationLevel: IsolationLevel) {
    const kafka = new Kafka(config);
    const factorySymbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
    if (factorySymbol === undefined) {
      throw new SluiceError('RUNTIME_ERROR', 'The installed kafkajs does not expose its cluster factory; Sluice needs kafkajs 2.2.x');
    }
    const factory = (kafka as unknown as Record<symbol, ClusterFactory>)[factorySymbol]!;
    this.isolation = isolationLevel === 'read_committed' ? 1 : 0;
    this.cluster = factory.call(kafka, { allowAutoTopicCreation: false, isolationLevel: this.isolation });
  }

  private async ready(): Promise<void> {
    if (this.connected === null) {
      this.connected = this.cluster.connect().catch((e: unknown) => {
        this.connected = null;
        throw e;
      });
    }
    await this.connected;
  }

  /**
   * Every topic the brokers know, with partition leaders. Asking for all topics (rather than named ones) means a
   * missing topic is simply absent instead of failing the request, and never triggers auto-creation.
   */
  async topics(): Promise<TopicInfo[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.topicsOnce();
      } catch (e) {
        if (!isRetriableKafkaError(e) || attempt >= MAX_ATTEMPTS) throw e;
        await sleep(Math.min(1000, 25 * 2 ** attempt));
      }
    }
  }

  private async topicsOnce(): Promise<TopicInfo[]> {
    await this.ready();
    await this.cluster.refreshMetadata();
    const md = await this.cluster.metadata({ topics: [] });
    this.leaders.clear();
    return md.topicMetadata.map((t) => ({
      topic: t.topic,
      isInternal: t.isInternal,
      partitions: t.partitionMetadata
        .map((p) => {
          this.leaders.set(partitionKey(t.topic, p.partitionId), p.leader);
          return { topic: t.topic, partition: p.partitionId, leader: p.leader };
        })
        .sort((a, b) => a.partition - b.partition),
    }));
  }

  /** Earliest (log start) offsets by `partitionKey`; partitions that do not exist are absent. */
  earliestOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    return this.listOffsets(partitions, EARLIEST);
  }

  /**
   * Latest offsets: the high watermark under read_uncommitted, the last stable offset under read_committed (so
   * a range never ends inside an open transaction, whose fate would change what a re-read returns).
   */
  latestOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    return this.listOffsets(partitions, LATEST);
  }

  /** ListOffsets per leader; a leader change (or a partition whose leader is still being elected) is retried. */
  private async listOffsets(partitions: readonly TopicPartition[], timestamp: number): Promise<Map<string, number>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.listOffsetsOnce(partitions, timestamp, attempt > 1);
      } catch (e) {
        if (!isRetriableKafkaError(e) || attempt >= MAX_ATTEMPTS) throw e;
        await sleep(Math.min(1000, 25 * 2 ** attempt));
      }
    }
  }

  private async listOffsetsOnce(partitions: readonly TopicPartition[], timestamp: number, refresh: boolean): Promise<Map<string, number>> {
    await this.ready();
    if (refresh || partitions.some((p) => !this.leaders.has(partitionKey(p.topic, p.partition)))) await this.topics();
    const located: PartitionInfo[] = [];
    for (const p of partitions) {
      const leader = this.leaders.get(partitionKey(p.topic, p.partition));
      if (leader !== undefined) located.push({ topic: p.topic, partition: p.partition, leader });
    }
    const out = new Map<string, number>();
    await Promise.all([...groupByLeader(located)].map(async ([leader, parts]) => {
      const broker = await this.cluster.findBroker({ nodeId: String(leader) });
      const res = await broker.listOffsets({
        isolationLevel: this.isolation,
        topics: byTopic(parts).map(([topic, ps]) => ({ topic, partitions: ps.map((p) => ({ partition: p, timestamp })) })),
      });
      for (const t of res.responses) for (const p of t.partitions) out.set(partitionKey(t.topic, p.partition), Number(p.offset));
    }));
    return out;
  }

  /**
   * One Fetch request to `leader` for the given partitions, its records decoded into columns
   * (kafka-fetch-response.ts). kafkajs encodes the request, sends it on the broker's fetch connection and checks
   * the answer: it throws kafkajs' error for the first partition that failed (KafkaJSOffsetOutOfRange carries its
   * topic and partition).
   */
  async fetch(leader: number, requests: readonly PartitionFetch[], settings: FetchSettings): Promise<Map<string, FetchedPartition>> {
    await this.ready();
    const broker = await this.cluster.findBroker({ nodeId: String(leader) });
    const topics = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
    for (const r of requests) {
      let list = topics.get(r.topic);
      if (list === undefined) topics.set(r.topic, list = []);
      list.push({ partition: r.partition, fetchOffset: String(r.offset), maxBytes: r.maxBytes });
    }
    let version: number;
    try {
      version = broker.lookupRequest(FETCH_API_KEY, decodedFetch);
    } catch {
      throw new SluiceError('RUNTIME_ERROR', `Kafka broker ${leader} does not support Fetch version ${MIN_FETCH_VERSION} or newer ` +
        '(Kafka 0.11+); Sluice cannot read from it');
    }
    const encoded = fetchDefinition.protocol({ version })({
      isolationLevel: this.isolation,
      maxWaitTime: settings.maxWaitMs,
      minBytes: 1,
      maxBytes: settings.maxBytes,
      topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
    });
    const res = await sendRequest(broker, {
      request: encoded.request,
      requestTimeout: encoded.requestTimeout,
      response: { decode: (raw) => decodeFetchResponse(raw, version), parse: encoded.response.parse },
    }) as FetchResponse;
    const out = new Map<string, FetchedPartition>();
    for (const t of res.responses) for (const p of t.partitions) out.set(partitionKey(t.topicName, p.partition), p);
    return out;
  }

  /**
   * Commits offsets to consumer group `groupId` as a standalone commit (no member, generation -1): Kafka accepts
   * that for a group nobody has joined, and lag tools then show how far the query has read.
   */
  async commitGroupOffsets(groupId: string, offsets: readonly { topic: string; partition: number; offset: number }[]): Promise<void> {
    // A fresh broker creates its offsets topic on the first group request and answers "coordinator loading" (or
    // "not coordinator" after a move) until it is ready: both pass within seconds.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commitGroupOffsetsOnce(groupId, offsets);
      } catch (e) {
        if (!isRetriableKafkaError(e) || attempt >= MAX_ATTEMPTS) throw e;
        await sleep(Math.min(1000, 25 * 2 ** attempt));
      }
    }
  }

  private async commitGroupOffsetsOnce(groupId: string, offsets: readonly { topic: string; partition: number; offset: number }[]): Promise<void> {
    await this.ready();
    const topics = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) {
      let list = topics.get(o.topic);
      if (list === undefined) topics.set(o.topic, list = []);
      list.push({ partition: o.partition, offset: String(o.offset) });
    }
    const coordinator = await this.cluster.findGroupCoordinator({ groupId });
    await coordinator.offsetCommit({
      groupId, groupGenerationId: -1, memberId: '',
      topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
    });
  }

  /** Forces the next request to re-learn leaders (after a leader change or a deleted topic). */
  async refresh(): Promise<void> {
    await this.ready();
    await this.cluster.refreshMetadata();
  }

  async close(): Promise<void> {
    if (this.connected === null) return;
    this.connected = null;
    await this.cluster.disconnect();
  }
}

/** Sends a request through the broker's connection pool (the method behind every public broker call). */
function sendRequest(broker: InternalBroker, request: ProtocolRequest): Promise<unknown> {
  const proto = Object.getPrototypeOf(broker) as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(proto).find((s) => s.description === 'private:Broker:sendRequest');
  if (key === undefined) {
    throw new SluiceError('RUNTIME_ERROR', 'The installed kafkajs does not expose its broker request method; Sluice needs kafkajs 2.2.x');
  }
  return (proto[key] as (r: ProtocolRequest) => Promise<unknown>).call(broker, request);
}

/** The key used for (topic, partition) in maps: topic names cannot contain a space. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic} ${partition}`;
}

export function groupByLeader<T extends { readonly leader: number }>(items: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const it of items) {
    let list = out.get(it.leader);
    if (list === undefined) out.set(it.leader, list = []);
    list.push(it);
  }
  return out;
}

function byTopic(parts: readonly PartitionInfo[]): [string, number[]][] {
  const m = new Map<string, number[]>();
  for (const p of parts) {
    let list = m.get(p.topic);
    if (list === undefined) m.set(p.topic, list = []);
    list.push(p.partition);
  }
  return [...m];
}

/**
 * Errors that go away by themselves: leader elections and moves, a topic that is being created or deleted,
 * connections that dropped. Callers refresh metadata and try again.
 */
export function isRetriableKafkaError(e: unknown): boolean {
  const err = e as { name?: string; type?: string; retriable?: boolean } | null;
  if (err === null || typeof err !== 'object') return false;
  if (err.retriable === true) return true;
  return err.name === 'KafkaJSConnectionError' || err.name === 'KafkaJSRequestTimeoutError' ||
    err.name === 'KafkaJSBrokerNotFound' || err.name === 'KafkaJSNumberOfRetriesExceeded' ||
    err.name === 'KafkaJSMetadataNotLoaded' || err.name === 'KafkaJSLockTimeout';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
