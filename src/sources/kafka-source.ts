/**
 * The Kafka source: Spark's `kafka` format over kafkajs (options in kafka-source-options.ts, columns in
 * kafka-record-batch.ts, offsets in kafka-offsets.ts).
 *
 * Each batch covers, per partition, the offsets [start, end) — `start` the previous batch's end, `end` what
 * `latestOffset` chose — and reads exactly those with Fetch requests (kafka-range-reader.ts), so a batch re-run
 * after a crash reads the same records in the same order: partitions sorted by topic and number, each in offset
 * order. Processed offsets live in the query's offset log; Kafka consumer groups play no part (one is written to
 * only for monitoring, with `groupIdPrefix` or `kafka.group.id`).
 *
 * `latestOffset(start)`:
 * 1. list the subscribed partitions (all topics' metadata, filtered by `subscribe` / `subscribePattern` /
 *    `assign`). Partitions of `start` that are gone are data loss; new partitions start at their earliest offset;
 * 2. the latest offset of every partition (the last stable offset under read_committed), capped by the
 *    available-now bound when there is one;
 * 3. `maxOffsetsPerTrigger` splits its budget over the partitions in proportion to their lag;
 *    `minOffsetsPerTrigger` returns `start` unchanged (no batch) until enough offsets are waiting or
 *    `maxTriggerDelay` has passed since the last batch.
 * For the first batch `start` is the query's initial offsets, resolved from `startingOffsets` once and kept in
 * the source's checkpoint directory:
 *   sources/<n>/initial-offsets   `v1`, then one line of JSON offsets (`{"topic":{"0":0,"1":17}}`)
 * so a query that started at `latest` and crashed before its first commit resumes from the same place.
 *
 * `getBatch(start, end)` reads the ranges; a partition absent from `start` was added since and is read from
 * offset 0 (data loss if Kafka no longer has 0, as Spark reports), a partition whose end is below its start is
 * data loss (topic re-created). With `failOnDataLoss = false` every data-loss case warns and continues with
 * what Kafka still has.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { makeBatch, type Batch } from '../execution/batch.js';
import { createFileExclusive, ensureDirectory, readFileIfExists } from '../execution/checkpoint/atomic-file.js';
import type { Offset, Source, SourceContext } from '../execution/source.js';
import { sameType, typeToString } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { fieldIndex, type Schema } from '../types/schema.js';
import { KafkaClusterClient, partitionKey, type TopicPartition } from '../kafka/kafka-cluster-client.js';
import { readRanges, type OffsetRange } from '../kafka/kafka-range-reader.js';
import { recordValueText, type RecordSet } from '../kafka/kafka-record-set.js';
import {
  EARLIEST_OFFSET, LATEST_OFFSET, offsetMap, offsetsBetween, offsetsFromJson, offsetsToJson, rateLimit, sortOffsets,
  sortPartitions, type KafkaOffsets, type OffsetSpec, type PartitionOffset,
} from './kafka-offsets.js';
import { keptIndexes, kafkaSchema, recordBatch } from './kafka-record-batch.js';
import {
  describeSubscription, parseKafkaSourceOptions, type KafkaReadMode, type KafkaSourceOptions,
} from './kafka-source-options.js';
import { createRecordDecoder, type RecordDecoder } from './record-decoder.js';

const INITIAL_OFFSETS_FILE = 'initial-offsets';
const INITIAL_OFFSETS_VERSION = 'v1';

export interface KafkaSourceEnv {
  /** Where data-loss warnings go (failOnDataLoss = false); defaults to stderr. */
  readonly warn?: (message: string) => void;
  /** The clock for `maxTriggerDelay`, in ms. */
  readonly now?: () => number;
}

/**
 * ```ts
 * const source = new KafkaSource({ 'kafka.bootstrap.servers': '127.0.0.1:9092', subscribe: 'orders',
 *   startingOffsets: 'earliest' });
 * const end = await source.latestOffset(null);
 * const batches = await source.getBatch(null, end!);   // rows: key, value, topic, partition, offset, …
 * await source.stop();
 * ```
 */
export class KafkaSource implements Source {
  readonly replayable = true;
  readonly description: string;
  private readonly opts: KafkaSourceOptions;
  private readonly client: KafkaClusterClient;
  private readonly outputSchema: Schema;
  private readonly decoder: RecordDecoder | null;
  /** For `format = raw` with declared columns: the Kafka column behind each declared one. */
  private readonly projection: readonly number[] | null;
  private readonly warn: (message: string) => void;
  private readonly now: () => number;
  private metadataPath: string | null = null;
  private onMalformedDropped: ((count: number) => void) | undefined;
  private initial: KafkaOffsets | null = null;
  private availableNowCap: Map<string, number> | null = null;
  private lastTriggerMs: number | null = null;

  /**
   * `declared` is the schema of `CREATE SOURCE s (…)`: with `format` json or csv the values are decoded into it;
   * with `raw` it may name a subset of the Kafka columns (same names and types), which the source then returns.
   */
  constructor(options: Readonly<Record<string, string>>, declared?: Schema, env: KafkaSourceEnv = {}, mode: KafkaReadMode = 'stream') {
    this.opts = parseKafkaSourceOptions(options, mode);
    this.description = describeSubscription(this.opts.subscription);
    this.warn = env.warn ?? ((m) => { process.stderr.write(`WARN kafka source: ${m}\n`); });
    this.now = env.now ?? Date.now;
    const raw = kafkaSchema(this.opts.includeHeaders);
    if (this.opts.format === 'raw') {
      this.decoder = null;
      this.projection = declared === undefined || declared.fields.length === 0 ? null : rawProjection(raw, declared);
      this.outputSchema = this.projection === null ? raw : declared!;
    } else {
      if (declared === undefined || declared.fields.length === 0) {
        throw new SluiceError('ANALYSIS_ERROR', `kafka source: format '${this.opts.format}' needs declared columns to decode values into`);
      }
      this.decoder = createRecordDecoder(this.opts.format, declared, this.opts.raw);
      this.projection = null;
      this.outputSchema = declared;
    }
    this.client = new KafkaClusterClient(this.opts.client, this.opts.isolationLevel);
  }

  schema(): Schema {
    return this.outputSchema;
  }

  async initialize(ctx: SourceContext): Promise<void> {
    this.metadataPath = ctx.metadataPath;
    this.onMalformedDropped = ctx.onMalformedDropped;
  }

  async prepareForAvailableNow(): Promise<void> {
    this.availableNowCap = await this.client.latestOffsets(await this.subscribedPartitions());
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const from = start === null ? await this.initialOffsets() : offsetsFromJson(start);
    const partitions = await this.subscribedPartitions();
    const fromMap = offsetMap(from);
    const present = new Set(partitions.map((p) => partitionKey(p.topic, p.partition)));
    const gone = from.filter((o) => !present.has(partitionKey(o.topic, o.partition)));
    if (gone.length > 0) {
      this.dataLoss(`partitions ${gone.map((o) => `${o.topic}-${o.partition}`).join(', ')} are gone (topic deleted?); ` +
        'records not yet read from them are lost');
    }
    const added = partitions.filter((p) => !fromMap.has(partitionKey(p.topic, p.partition)));
    if (added.length > 0) {
      for (const [k, o] of await this.client.earliestOffsets(added)) fromMap.set(k, o);
    }
    const latest = await this.client.latestOffsets(partitions);
    const cap = this.availableNowCap;
    const until: PartitionOffset[] = [];
    for (const p of partitions) {
      const k = partitionKey(p.topic, p.partition);
      let offset = latest.get(k) ?? fromMap.get(k);
      if (offset === undefined) continue;
      if (cap !== null) {
        const bound = cap.get(k);
        // Partitions created after the available-now bound was fixed wait for a later run.
        if (bound === undefined) continue;
        offset = Math.min(offset, Math.max(bound, fromMap.get(k) ?? bound));
      }
      until.push({ topic: p.topic, partition: p.partition, offset });
    }
    sortOffsets(until);

    const now = this.now();
    this.lastTriggerMs ??= now;
    const min = this.opts.minOffsetsPerTrigger;
    if (min !== undefined && offsetsBetween(fromMap, until) < min && now - this.lastTriggerMs < this.opts.maxTriggerDelayMs) {
      return start;
    }
    const max = this.opts.maxOffsetsPerTrigger;
    const end = max === undefined ? until : rateLimit(max, fromMap, until);
    if (offsetsBetween(fromMap, end) > 0) this.lastTriggerMs = now;
    return offsetsToJson(end);
  }

  async getBatch(start: Offset | null, end: Offset): Promise<Batch[]> {
    const from = start === null ? await this.initialOffsets() : offsetsFromJson(start);
    return this.read(from, offsetsFromJson(end));
  }

  async commit(end: Offset): Promise<void> {
    const groupId = this.monitoringGroupId();
    if (groupId === undefined) return;
    try {
      await this.client.commitGroupOffsets(groupId, offsetsFromJson(end));
    } catch (e) {
      // Monitoring only: the query's position is in its offset log, so a failed commit loses nothing.
      this.warn(`could not commit offsets to consumer group '${groupId}' for monitoring: ${(e as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    await this.client.close();
  }

  /** A static read: every record from `startingOffsets` (default earliest) to `endingOffsets` (default latest). */
  async readAll(): Promise<Batch[]> {
    const partitions = await this.subscribedPartitions();
    const from = await this.resolve(this.opts.startingOffsets, partitions, 'startingOffsets');
    const until = await this.resolve(this.opts.endingOffsets, partitions, 'endingOffsets');
    return this.read(from, until);
  }

  /** Rows of [from, until) per partition, partitions in sorted order. */
  private async read(from: KafkaOffsets, until: KafkaOffsets): Promise<Batch[]> {
    const fromMap = offsetMap(from);
    const added = until.filter((u) => !fromMap.has(partitionKey(u.topic, u.partition)));
    const addedEarliest = added.length > 0 ? await this.client.earliestOffsets(added) : new Map<string, number>();
    const ranges: OffsetRange[] = [];
    for (const u of until) {
      const k = partitionKey(u.topic, u.partition);
      let begin = fromMap.get(k);
      if (begin === undefined) {
        const earliest = addedEarliest.get(k);
        if (earliest === undefined) continue;
        if (earliest > 0) {
          this.dataLoss(`added partition ${u.topic}-${u.partition} starts at offset ${earliest} instead of 0; ` +
            'its earlier records are lost');
        }
        begin = earliest;
      }
      if (u.offset < begin) {
        this.dataLoss(`${u.topic}-${u.partition}: offset went back from ${begin} to ${u.offset} (topic re-created?)`);
        continue;
      }
      ranges.push({ topic: u.topic, partition: u.partition, from: begin, until: u.offset });
    }

    // Chunks are decoded as they arrive (the range reader already has the next fetch in flight), then returned in
    // the fixed partition order.
    const chunks = new Map<string, Batch[]>();
    await readRanges(this.client, ranges, this.opts.fetch, (m) => this.dataLoss(m), (range, records, keep, kept) => {
      const k = partitionKey(range.topic, range.partition);
      let list = chunks.get(k);
      if (list === undefined) chunks.set(k, list = []);
      list.push(this.rows(range.topic, range.partition, records, keep, kept));
    });

    const out: Batch[] = [];
    for (const r of ranges) for (const b of chunks.get(partitionKey(r.topic, r.partition)) ?? []) out.push(b);
    return out;
  }

  /**
   * The kept records of one fetched chunk in the source's schema: Kafka's columns (or the declared subset of
   * them), or the values decoded into the declared columns — straight from the fetched bytes, without a BINARY
   * value column in between.
   */
  private rows(topic: string, partition: number, records: RecordSet, keep: Uint8Array, kept: number): Batch {
    if (this.decoder === null) {
      const b = recordBatch(topic, partition, records, keep, kept, this.opts.includeHeaders);
      return this.projection === null ? b : makeBatch(this.outputSchema, this.projection.map((i) => b.columns[i]!), b.numRows);
    }
    const at = keptIndexes(keep, kept);
    const { batch, dropped } = this.decoder.decodeEach(kept, (r) => recordValueText(records, at[r]!),
      (r) => `topic ${topic}, partition ${partition}, offset ${records.offsets[at[r]!]}`);
    if (dropped > 0) this.onMalformedDropped?.(dropped);
    return batch;
  }

  private async initialOffsets(): Promise<KafkaOffsets> {
    if (this.initial !== null) return this.initial;
    const file = this.metadataPath === null ? null : path.join(this.metadataPath, INITIAL_OFFSETS_FILE);
    let stored = file === null ? undefined : await readFileIfExists(file);
    if (stored === undefined) {
      const resolved = await this.resolve(this.opts.startingOffsets, await this.subscribedPartitions(), 'startingOffsets');
      if (file === null) return this.initial = resolved;
      const text = `${INITIAL_OFFSETS_VERSION}\n${JSON.stringify(offsetsToJson(resolved))}\n`;
      await ensureDirectory(this.metadataPath!);
      // Another run of the same query may have won the race; its offsets are the ones that count.
      if (await createFileExclusive(file, text) === 'created') return this.initial = resolved;
      stored = (await readFileIfExists(file))!;
    }
    return this.initial = parseInitialOffsets(stored, file!);
  }

  /** Resolves `earliest` / `latest` / explicit offsets (with -2 / -1) for `partitions`. */
  private async resolve(spec: OffsetSpec, partitions: readonly TopicPartition[], option: string): Promise<KafkaOffsets> {
    switch (spec.kind) {
      case 'earliest': return offsetsOf(partitions, await this.client.earliestOffsets(partitions));
      case 'latest': return offsetsOf(partitions, await this.client.latestOffsets(partitions));
      case 'specific': {
        const wanted = new Set(spec.offsets.map((o) => `${o.topic}-${o.partition}`));
        const actual = new Set(partitions.map((p) => `${p.topic}-${p.partition}`));
        if (wanted.size !== actual.size || [...wanted].some((w) => !actual.has(w))) {
          throw new SluiceError('ANALYSIS_ERROR', `kafka source: '${option}' with explicit offsets must name every ` +
            `subscribed partition (use -2 for earliest, -1 for latest); given: ${[...wanted].sort().join(', ') || 'none'}; ` +
            `subscribed: ${[...actual].sort().join(', ') || 'none'}`);
        }
        const needEarliest = spec.offsets.filter((o) => o.offset === EARLIEST_OFFSET);
        const needLatest = spec.offsets.filter((o) => o.offset === LATEST_OFFSET);
        const earliest = needEarliest.length > 0 ? await this.client.earliestOffsets(needEarliest) : new Map<string, number>();
        const latest = needLatest.length > 0 ? await this.client.latestOffsets(needLatest) : new Map<string, number>();
        return spec.offsets.map((o) => {
          const k = partitionKey(o.topic, o.partition);
          const offset = o.offset === EARLIEST_OFFSET ? earliest.get(k) : o.offset === LATEST_OFFSET ? latest.get(k) : o.offset;
          return { topic: o.topic, partition: o.partition, offset: offset ?? 0 };
        });
      }
    }
  }

  /** The partitions the subscription covers now, sorted. */
  private async subscribedPartitions(): Promise<TopicPartition[]> {
    const topics = await this.client.topics();
    const s = this.opts.subscription;
    const out: TopicPartition[] = [];
    switch (s.kind) {
      case 'subscribe': {
        const wanted = new Set(s.topics);
        for (const t of topics) if (wanted.has(t.topic)) out.push(...t.partitions);
        break;
      }
      case 'subscribePattern':
        // Kafka's consumers leave internal topics (__consumer_offsets, …) out of pattern subscriptions.
        for (const t of topics) if (!t.isInternal && s.pattern.test(t.topic)) out.push(...t.partitions);
        break;
      case 'assign': {
        const exists = new Set(topics.flatMap((t) => t.partitions.map((p) => partitionKey(p.topic, p.partition))));
        for (const p of s.partitions) if (exists.has(partitionKey(p.topic, p.partition))) out.push(p);
        break;
      }
    }
    return sortPartitions(out);
  }

  private monitoringGroupId(): string | undefined {
    if (this.opts.groupId !== undefined) return this.opts.groupId;
    if (this.opts.groupIdPrefix === undefined) return undefined;
    const id = createHash('sha1').update(this.metadataPath ?? this.description).digest('hex').slice(0, 12);
    return `${this.opts.groupIdPrefix}-${id}`;
  }

  private dataLoss(message: string): void {
    if (this.opts.failOnDataLoss) {
      throw new SluiceError('RUNTIME_ERROR', `kafka source: ${message}. Kafka no longer holds data the query has not ` +
        'read (aged out by retention, deleted, or its topic deleted). To continue with the data that is left, set ' +
        "the source option failOnDataLoss = 'false'.");
    }
    this.warn(`${message} (continuing: failOnDataLoss = false)`);
  }
}

/**
 * Reads `startingOffsets` … `endingOffsets` once, as `session.read.format('kafka')` does.
 *
 * ```ts
 * const batches = await readKafkaBatch({ 'kafka.bootstrap.servers': '127.0.0.1:9092', subscribe: 'orders',
 *   endingOffsets: '{"orders":{"0":100}}' });
 * ```
 */
export async function readKafkaBatch(options: Readonly<Record<string, string>>, declared?: Schema, env?: KafkaSourceEnv): Promise<Batch[]> {
  const source = new KafkaSource(options, declared, env, 'batch');
  try {
    return await source.readAll();
  } finally {
    await source.stop();
  }
}

function offsetsOf(partitions: readonly TopicPartition[], offsets: ReadonlyMap<string, number>): KafkaOffsets {
  const out: PartitionOffset[] = [];
  for (const p of partitions) {
    const o = offsets.get(partitionKey(p.topic, p.partition));
    if (o !== undefined) out.push({ topic: p.topic, partition: p.partition, offset: o });
  }
  return sortOffsets(out);
}

function parseInitialOffsets(text: string, file: string): KafkaOffsets {
  const lines = text.split('\n').filter((l) => l !== '');
  if (lines.length !== 2 || lines[0] !== INITIAL_OFFSETS_VERSION) {
    throw new SluiceError('CHECKPOINT_ERROR', `${file} is not a Kafka source initial-offsets file (expected '${INITIAL_OFFSETS_VERSION}' and one JSON line)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(lines[1]!);
  } catch {
    throw new SluiceError('CHECKPOINT_ERROR', `${file}: the offsets line is not JSON`);
  }
  return offsetsFromJson(json as Offset);
}

/** For each declared column, the Kafka column of the same name and type. */
function rawProjection(raw: Schema, declared: Schema): number[] {
  return declared.fields.map((f) => {
    const i = fieldIndex(raw, f.name);
    if (i < 0 || !sameType(raw.fields[i]!.type, f.type)) {
      throw new SluiceError('ANALYSIS_ERROR', `kafka source: column '${f.name} ${typeToString(f.type)}' is not a Kafka ` +
        `column; with format 'raw' the columns are ${raw.fields.map((x) => `${x.name} ${typeToString(x.type)}`).join(', ')}`);
    }
    return i;
  });
}
