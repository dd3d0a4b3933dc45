/**
 * Reads exact offset ranges [from, until) of Kafka partitions with Fetch requests (see kafka-cluster-client.ts
 * for why not a consumer). Each partition advances from `from` past the last record it has seen, so a range is
 * read completely and nothing outside it is ever returned: re-reading the same ranges yields the same records,
 * as long as Kafka still holds them.
 *
 * When it does not, the reader reports data loss through `onDataLoss` (which throws under failOnDataLoss=true):
 * - offsets below the log start (retention, deleteRecords): the range continues at the earliest available offset;
 * - a partition that no longer exists (topic deleted): the rest of its range is skipped;
 * - a log that ends before `until` (topic deleted and re-created with fewer records): the rest is skipped.
 * Leader changes and other retriable errors refresh metadata and retry with backoff.
 *
 * Speed: per leader, the next Fetch request goes out before the chunks of the previous response are handed to
 * `onChunk`, so the broker prepares the next response while the caller decodes this one (the broker runs in its
 * own process; decoding here and fetching there overlap).
 */
import { SluiceError } from '../types/errors.js';
import {
  groupByLeader, isRetriableKafkaError, partitionKey, sleep, type KafkaClusterClient, type PartitionFetch,
} from './kafka-cluster-client.js';
import type { FetchedPartition } from './kafka-fetch-response.js';
import type { RecordSet } from './kafka-record-set.js';
import { visibleRecords } from './kafka-transaction-filter.js';

export interface OffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly from: number;
  readonly until: number;
}

export interface RangeReadSettings {
  /** Upper bound of one Fetch response (Kafka's fetch.max.bytes). */
  readonly maxBytes: number;
  /** Upper bound per partition in one response (max.partition.fetch.bytes); at least one record batch comes back. */
  readonly partitionMaxBytes: number;
  readonly maxWaitMs: number;
}

/**
 * A fetched run of records of one range, in offset order: `keep[i]` is 1 for records inside the range and visible
 * under the isolation level. Chunks of one range arrive in offset order.
 */
export type ChunkHandler = (range: OffsetRange, records: RecordSet, keep: Uint8Array, kept: number) => void;

/** Called with a description of lost data; throws to fail the read (failOnDataLoss=true). */
export type DataLossHandler = (message: string) => void;

const MAX_ATTEMPTS = 20;

interface Cursor {
  readonly range: OffsetRange;
  next: number;
  leader: number;
  /** Consecutive fetches that returned nothing to move past. */
  stalled: number;
}

export async function readRanges(
  client: KafkaClusterClient,
  ranges: readonly OffsetRange[],
  settings: RangeReadSettings,
  onDataLoss: DataLossHandler,
  onChunk: ChunkHandler,
): Promise<void> {
  const readCommitted = client.isolationLevel === 'read_committed';
  let pending: Cursor[] = ranges.filter((r) => r.from < r.until).map((r) => ({ range: r, next: r.from, leader: -1, stalled: 0 }));
  if (pending.length === 0) return;
  pending = await locate(client, pending, onDataLoss);
  let failures = 0;

  for (;;) {
    pending = pending.filter((c) => c.next < c.range.until);
    if (pending.length === 0) return;
    const errors: unknown[] = [];
    await Promise.all([...groupByLeader(pending)].map(([leader, cursors]) =>
      readFromLeader(client, leader, cursors, settings, readCommitted, onDataLoss, onChunk, errors)));
    if (errors.length === 0) { failures = 0; continue; }

    let transient: unknown = null;
    for (const e of errors) {
      const err = e as { name?: string; type?: string; topic?: string; partition?: number; retriable?: boolean };
      if (err.name === 'KafkaJSOffsetOutOfRange' && err.topic !== undefined && err.partition !== undefined) {
        const c = pending.find((x) => x.range.topic === err.topic && x.range.partition === err.partition);
        if (c !== undefined) await outOfRange(client, c, onDataLoss);
      } else if (isRetriableKafkaError(err)) {
        transient = e;
      } else {
        throw e;
      }
    }
    if (transient === null) continue;
    if (++failures > MAX_ATTEMPTS) {
      throw new SluiceError('IO_ERROR', `Reading from Kafka failed ${MAX_ATTEMPTS} times in a row: ${(transient as Error).message}`);
    }
    await sleep(Math.min(1000, 25 * 2 ** failures));
    pending = await locate(client, pending, onDataLoss);
  }
}

/** A fetch's outcome, so a request can be in flight while the previous response is handled without an unhandled rejection. */
type FetchOutcome = { readonly ok: true; readonly response: Map<string, FetchedPartition> } | { readonly ok: false; readonly error: unknown };

/**
 * Reads the cursors of one leader until they are done or a fetch fails (the error goes to `errors`, the cursors
 * stay where they are for the caller to retry). Data loss and stalls throw.
 */
async function readFromLeader(
  client: KafkaClusterClient, leader: number, cursors: Cursor[], settings: RangeReadSettings, readCommitted: boolean,
  onDataLoss: DataLossHandler, onChunk: ChunkHandler, errors: unknown[],
): Promise<void> {
  const send = (cs: readonly Cursor[]): Promise<FetchOutcome> => {
    const requests: PartitionFetch[] = cs.map((c) => ({
      topic: c.range.topic, partition: c.range.partition, offset: c.next, maxBytes: settings.partitionMaxBytes,
    }));
    return client.fetch(leader, requests, settings).then((response) => ({ ok: true, response }), (error: unknown) => ({ ok: false, error }));
  };
  let active = cursors;
  let inFlight: Promise<FetchOutcome> | null = send(active);
  while (inFlight !== null) {
    const outcome: FetchOutcome = await inFlight;
    if (!outcome.ok) {
      errors.push(outcome.error);
      return;
    }
    const chunks: Chunk[] = [];
    for (const c of active) {
      const p = outcome.response.get(partitionKey(c.range.topic, c.range.partition));
      if (p === undefined) continue;
      const logEnd = readCommitted && p.lastStableOffset >= 0 ? p.lastStableOffset : p.highWatermark;
      if (advance(c, p.records, visibleRecords(p.records, p.abortedTransactions, readCommitted), logEnd, onDataLoss, chunks)) {
        c.stalled = 0;
      } else if (++c.stalled > MAX_ATTEMPTS) {
        // Only batches emptied entirely by compaction can hide offsets this way; fail rather than spin.
        throw new SluiceError('IO_ERROR', `Kafka returned no records at ${c.range.topic}-${c.range.partition} offset ` +
          `${c.next} although the log reaches ${logEnd}; cannot read [${c.next}, ${c.range.until})`);
      }
    }
    active = active.filter((c) => c.next < c.range.until);
    inFlight = active.length > 0 ? send(active) : null;
    if (chunks.length === 0) continue;
    // Let the next request reach the socket before the caller's (synchronous) work on this response.
    if (inFlight !== null) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const ch of chunks) onChunk(ch.range, ch.records, ch.keep, ch.kept);
  }
}

interface Chunk {
  readonly range: OffsetRange;
  readonly records: RecordSet;
  readonly keep: Uint8Array;
  readonly kept: number;
}

/**
 * Moves a cursor past one fetched chunk and adds the chunk's in-range, visible records to `chunks`. Returns false
 * when the chunk did not move the cursor.
 */
function advance(
  c: Cursor, records: RecordSet, keep: Uint8Array, logEnd: number,
  onDataLoss: DataLossHandler, chunks: Chunk[],
): boolean {
  const { from, until } = c.range;
  let kept = 0;
  let inRange = 0;
  // Where the fetched batches end: past compacted-away records, transaction markers and aborted data alike (Kafka
  // keeps a batch's offset span even when compaction removes its records).
  let batchEnd = -1;
  for (const b of records.batches) {
    const end = b.baseOffset + b.lastOffsetDelta + 1;
    if (end > batchEnd) batchEnd = end;
  }
  const offsets = records.offsets;
  for (let i = 0; i < records.count; i++) {
    const offset = offsets[i]!;
    // A compressed batch can start before the requested offset; records past the range belong to later batches.
    if (offset < c.next || offset >= until) { keep[i] = 0; continue; }
    inRange++;
    kept += keep[i]!;
  }
  if (kept > 0) chunks.push({ range: c.range, records, keep, kept });
  if (batchEnd > c.next) {
    c.next = Math.min(batchEnd, until);
    return true;
  }
  if (inRange === 0 && logEnd <= c.next) {
    onDataLoss(`${c.range.topic}-${c.range.partition}: offsets [${c.next}, ${until}) were expected but the log ` +
      `ends at ${logEnd}; the topic may have been deleted and re-created (range read started at ${from})`);
    c.next = until;
    return true;
  }
  return false;
}

/** The fetch offset fell outside the log: data aged out below it, or the log was truncated or re-created. */
async function outOfRange(client: KafkaClusterClient, c: Cursor, onDataLoss: DataLossHandler): Promise<void> {
  const info = { topic: c.range.topic, partition: c.range.partition };
  const key = partitionKey(info.topic, info.partition);
  const earliest = (await client.earliestOffsets([info])).get(key);
  const latest = (await client.latestOffsets([info])).get(key);
  if (earliest === undefined || latest === undefined) return;
  if (c.next < earliest) {
    onDataLoss(`${info.topic}-${info.partition}: offsets [${c.next}, ${Math.min(earliest, c.range.until)}) are no ` +
      `longer available (the log now starts at ${earliest}; records were removed by retention or deleteRecords)`);
    c.next = Math.min(earliest, c.range.until);
  } else if (c.next > latest) {
    onDataLoss(`${info.topic}-${info.partition}: offset ${c.next} is past the end of the log (${latest}); the topic ` +
      'may have been deleted and re-created');
    c.next = c.range.until;
  }
}

/** Fills in each cursor's leader; ranges of partitions that no longer exist are reported and dropped. */
async function locate(client: KafkaClusterClient, cursors: Cursor[], onDataLoss: DataLossHandler): Promise<Cursor[]> {
  const leaders = new Map<string, number>();
  for (const t of await client.topics()) for (const p of t.partitions) leaders.set(partitionKey(p.topic, p.partition), p.leader);
  const out: Cursor[] = [];
  for (const c of cursors) {
    const leader = leaders.get(partitionKey(c.range.topic, c.range.partition));
    if (leader === undefined) {
      onDataLoss(`${c.range.topic}-${c.range.partition} no longer exists (topic deleted?); offsets ` +
        `[${c.next}, ${c.range.until}) cannot be read`);
      continue;
    }
    c.leader = leader;
    out.push(c);
  }
  return out;
}
