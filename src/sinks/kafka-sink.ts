/**
 * The Kafka sink (Spark's `kafka` format over kafkajs; options in kafka-sink-options.ts, row conventions in
 * kafka-row-encoder.ts).
 *
 * at-least-once (default): an idempotent producer sends each batch and waits for every acknowledgement
 * (acks = all) before `addBatch` returns. A batch re-run after a crash is sent again, so Kafka may hold its rows
 * twice, never zero times.
 *
 * exactly-once: every batch is one Kafka transaction holding the batch's rows and a marker record
 * (kafka-sink-markers.ts). The transactional id is `<transactionalIdPrefix>-<query id>-<sink partition>`, the
 * same for every run of the query, so a restarted process fences its predecessor. `addBatch(n)`:
 *   1. on first use (and after any failure): start the transactional producer — Kafka aborts whatever
 *      transaction a previous holder of the id left open, or completes one it was committing, and fences that
 *      holder out — then read the newest committed marker of this query and sink partition: `last`;
 *   2. if n ≤ last, the batch is already in Kafka (the process died after the commit but before the engine's
 *      commit log recorded it): do nothing;
 *   3. otherwise begin a transaction, send the rows and the marker {queryId, sinkPartition, batchId: n}, commit,
 *      and remember last = n. On any error the transaction is aborted and step 1 runs again next time.
 * Consumers with isolation.level = read_committed then see each batch's rows exactly once.
 *
 * A batch without rows writes nothing in either mode (no transaction, no marker): skipping it cannot duplicate or
 * lose anything, and a re-run of it skips again. So `last` names the newest batch that had rows.
 *
 * Topics must exist (the sink checks, and names a missing one): Kafka's auto-creation would pick partition counts
 * and settings nobody chose. An explicit `partition` beyond the topic's partitions is an error.
 */
import {
  Kafka, Partitioners, type Admin, type Message, type Producer, type TopicMessages, type Transaction,
} from 'kafkajs';
import type { Batch } from '../execution/batch.js';
import type { Sink, SinkBatchInfo } from '../execution/sink.js';
import { KafkaClusterClient } from '../kafka/kafka-cluster-client.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { encodeRows, kafkaRowLayout, type KafkaRowLayout } from './kafka-row-encoder.js';
import { ensureMarkerTopic, lastCommittedBatch, markerKey, markerValue } from './kafka-sink-markers.js';
import { parseKafkaSinkOptions, type KafkaSinkOptions } from './kafka-sink-options.js';

/** kafkajs groups a request's messages per partition with a copy per message; small requests keep that cheap. */
const MAX_MESSAGES_PER_REQUEST = 2048;
/** Room for record and request framing within `kafka.max.request.size`. */
const REQUEST_OVERHEAD_BYTES = 64;

export interface KafkaSinkEnv {
  /** Which of several writers of one query this is (scale-out; DESIGN.md §9). Part of the transactional id. */
  readonly sinkPartition?: number;
}

/**
 * ```ts
 * const sink = new KafkaSink({ 'kafka.bootstrap.servers': '127.0.0.1:9092', topic: 'counts', format: 'json',
 *   deliveryGuarantee: 'exactly-once' });
 * await sink.addBatch(0, batches, { schema, outputMode: 'update', queryId });
 * await sink.stop();
 * ```
 */
export class KafkaSink implements Sink {
  readonly description: string;
  private readonly opts: KafkaSinkOptions;
  private readonly kafka: Kafka;
  private readonly sinkPartition: number;
  private admin: Admin | null = null;
  private producer: Producer | null = null;
  /** exactly-once: the newest batch id known committed, or undefined until read from the markers. */
  private lastCommitted: number | undefined;
  private queryId: string | undefined;
  private layout: { schema: Schema; layout: KafkaRowLayout } | null = null;
  /** Partition counts of the topics written so far. */
  private readonly partitionCounts = new Map<string, number>();

  constructor(options: Readonly<Record<string, string>>, env: KafkaSinkEnv = {}) {
    this.opts = parseKafkaSinkOptions(options);
    this.kafka = new Kafka(this.opts.client);
    this.sinkPartition = env.sinkPartition ?? 0;
    this.description = `KafkaSink[${this.opts.topic ?? 'topic column'}, ${this.opts.deliveryGuarantee}]`;
  }

  /** Checks an output schema before a query starts (the same check `addBatch` makes). */
  validate(schema: Schema): void {
    kafkaRowLayout(schema, this.opts.format, this.opts.topic);
  }

  async addBatch(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void> {
    if (this.layout === null || this.layout.schema !== info.schema) {
      this.layout = { schema: info.schema, layout: kafkaRowLayout(info.schema, this.opts.format, this.opts.topic) };
    }
    const messages = encodeRows(data, this.layout.layout, this.opts.topic);
    // Idle triggers of a stateful query often produce nothing: no transaction for them (see the file comment).
    let rows = 0;
    for (const list of messages.values()) rows += list.length;
    if (rows === 0) return;
    await this.checkTopics(messages);
    if (this.opts.deliveryGuarantee === 'exactly-once') await this.writeTransactional(batchId, messages, rows, info.queryId);
    else await this.writeIdempotent(messages);
  }

  async stop(): Promise<void> {
    await this.closeProducer();
    if (this.admin !== null) await this.admin.disconnect();
    this.admin = null;
  }

  private async writeIdempotent(messages: Map<string, Message[]>): Promise<void> {
    const producer = await this.openProducer(undefined);
    try {
      for (const request of requests(messages, this.opts.maxRequestBytes)) {
        await producer.sendBatch({ topicMessages: request, acks: -1, compression: this.opts.compression });
      }
    } catch (e) {
      await this.closeProducer();
      throw e;
    }
  }

  private async writeTransactional(batchId: number, messages: Map<string, Message[]>, rows: number, queryId: string): Promise<void> {
    if (this.queryId !== undefined && this.queryId !== queryId) {
      throw new SluiceError('RUNTIME_ERROR', `kafka sink: one sink instance serves one query (${this.queryId}), not ${queryId}`);
    }
    this.queryId = queryId;
    const transactionalId = `${this.opts.transactionalIdPrefix}-${queryId}-${this.sinkPartition}`;
    let txn: Transaction | null = null;
    try {
      const fresh = this.producer === null;
      const producer = await this.openProducer(transactionalId);
      // Beginning the first transaction initializes the transactional id: that is the fencing step.
      txn = await producer.transaction();
      if (fresh || this.lastCommitted === undefined) {
        const reader = new KafkaClusterClient(this.opts.client, 'read_committed');
        try {
          this.lastCommitted = await lastCommittedBatch(reader, this.opts.markerTopic, markerKey(queryId, this.sinkPartition));
        } finally {
          await reader.close();
        }
      }
      if (batchId <= this.lastCommitted!) {
        await txn.abort();
        return;
      }
      for (const request of requests(messages, this.opts.maxRequestBytes)) {
        await txn.sendBatch({ topicMessages: request, compression: this.opts.compression });
      }
      await txn.send({
        topic: this.opts.markerTopic,
        messages: [{
          key: markerKey(queryId, this.sinkPartition),
          value: markerValue({ queryId, sinkPartition: this.sinkPartition, batchId, rows }),
          partition: 0,
        }],
      });
      await txn.commit();
      this.lastCommitted = batchId;
    } catch (e) {
      if (txn !== null && txn.isActive()) await txn.abort().catch(() => undefined);
      // Whether a failed commit reached the broker is unknown: start over from the markers next time.
      this.lastCommitted = undefined;
      await this.closeProducer();
      throw fencedError(e, transactionalId);
    }
  }

  private async openProducer(transactionalId: string | undefined): Promise<Producer> {
    if (this.producer !== null) return this.producer;
    const producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionalId,
      transactionTimeout: this.opts.transactionTimeoutMs,
      retry: { retries: 10 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async closeProducer(): Promise<void> {
    const p = this.producer;
    this.producer = null;
    if (p !== null) await p.disconnect().catch(() => undefined);
  }

  /**
   * Topics must exist and explicit partitions must be below their partition counts. A topic that grew since the
   * producer loaded its metadata gets a new producer: kafkajs would silently drop messages for partitions it
   * does not know.
   */
  private async checkTopics(messages: Map<string, Message[]>): Promise<void> {
    const topics = [...messages.keys()];
    if (this.opts.deliveryGuarantee === 'exactly-once') topics.push(this.opts.markerTopic);
    const highest = new Map<string, number>();
    for (const [topic, list] of messages) {
      let max = -1;
      for (const m of list) if (m.partition !== undefined && m.partition > max) max = m.partition;
      highest.set(topic, max);
    }
    const unknown = topics.filter((t) => !this.partitionCounts.has(t) || (highest.get(t) ?? -1) >= this.partitionCounts.get(t)!);
    if (unknown.length === 0) return;
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    if (this.opts.deliveryGuarantee === 'exactly-once' && !this.partitionCounts.has(this.opts.markerTopic)) {
      await ensureMarkerTopic(this.admin, this.opts.markerTopic);
    }
    const existing = new Set(await this.admin.listTopics());
    const missing = unknown.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      throw new SluiceError('RUNTIME_ERROR', `kafka sink: topic ${missing.map((t) => `'${t}'`).join(', ')} does not exist; create it first`);
    }
    const md = await this.admin.fetchTopicMetadata({ topics: unknown });
    let grew = false;
    for (const t of md.topics) {
      const before = this.partitionCounts.get(t.name);
      if (before !== undefined && t.partitions.length > before) grew = true;
      this.partitionCounts.set(t.name, t.partitions.length);
      const max = highest.get(t.name) ?? -1;
      if (max >= t.partitions.length) {
        throw new SluiceError('RUNTIME_ERROR', `kafka sink: partition ${max} of topic '${t.name}' does not exist (it has ${t.partitions.length})`);
      }
    }
    if (grew) await this.closeProducer();
  }
}

/**
 * Splits a batch's messages into produce requests of at most `maxBytes` payload and `MAX_MESSAGES_PER_REQUEST`
 * messages, keeping each topic's messages in order.
 */
function* requests(messages: Map<string, Message[]>, maxBytes: number): Generator<TopicMessages[]> {
  let current = new Map<string, Message[]>();
  let bytes = 0;
  let count = 0;
  for (const [topic, list] of messages) {
    for (const m of list) {
      const size = sizeOf(m.key) + sizeOf(m.value) + REQUEST_OVERHEAD_BYTES;
      if (count > 0 && (bytes + size > maxBytes || count >= MAX_MESSAGES_PER_REQUEST)) {
        yield [...current].map(([t, ms]) => ({ topic: t, messages: ms }));
        current = new Map();
        bytes = 0;
        count = 0;
      }
      let part = current.get(topic);
      if (part === undefined) current.set(topic, part = []);
      part.push(m);
      bytes += size;
      count++;
    }
  }
  if (count > 0) yield [...current].map(([t, ms]) => ({ topic: t, messages: ms }));
}

function sizeOf(v: Message['value'] | Message['key']): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

/** A fenced producer means another process now runs this query's sink: say so plainly. */
function fencedError(e: unknown, transactionalId: string): unknown {
  const type = (e as { type?: string }).type;
  if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || type === 'INVALID_PRODUCER_ID_MAPPING') {
    return new SluiceError('RUNTIME_ERROR', `kafka sink: transactional id '${transactionalId}' was taken over by another ` +
      `process running the same query (this writer is fenced): ${(e as Error).message}`);
  }
  return e;
}
