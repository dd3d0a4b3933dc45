/**
 * Batch markers of the exactly-once Kafka sink.
 *
 * Each batch the sink writes is one Kafka transaction that also appends one marker record to the marker topic
 * (default `__sluice_sink_markers`: one partition, `cleanup.policy=compact`, shared by all queries):
 *   key   `<query id>/<sink partition>`                          (UTF-8)
 *   value `{"queryId":"…","sinkPartition":0,"batchId":7,"rows":123}` (UTF-8 JSON)
 * The marker becomes visible to read_committed readers exactly when the batch's rows do. So the newest committed
 * marker under a key names the last batch whose rows are in Kafka, and compaction keeps that newest marker per
 * key forever while dropping older ones.
 *
 * Reading: from the marker partition's last stable offset backwards, in windows that grow eightfold (64, 512, …
 * offsets) until a marker with the key turns up or the log start is reached. With one query writing, the marker
 * sits in the first window; a query's first start scans the (compacted) topic once.
 */
import type { Admin } from 'kafkajs';
import { KafkaClusterClient, partitionKey } from '../kafka/kafka-cluster-client.js';
import { readRanges } from '../kafka/kafka-range-reader.js';
import { recordKey, recordValueText } from '../kafka/kafka-record-set.js';

export interface BatchMarker {
  readonly queryId: string;
  readonly sinkPartition: number;
  readonly batchId: number;
  readonly rows: number;
}

export function markerKey(queryId: string, sinkPartition: number): string {
  return `${queryId}/${sinkPartition}`;
}

export function markerValue(m: BatchMarker): string {
  return JSON.stringify({ queryId: m.queryId, sinkPartition: m.sinkPartition, batchId: m.batchId, rows: m.rows });
}

/** Creates the marker topic unless it exists (one partition, compacted, the broker's replication factor). */
export async function ensureMarkerTopic(admin: Admin, topic: string): Promise<void> {
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return;
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      waitForLeaders: true,
    });
  } catch (e) {
    // Another sink created it first.
    if ((e as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw e;
  }
}

/** The batch id of the newest committed marker under `key`, or -1 when there is none. */
export async function lastCommittedBatch(reader: KafkaClusterClient, topic: string, key: string): Promise<number> {
  const tp = { topic, partition: 0 };
  const k = partitionKey(topic, 0);
  const earliest = (await reader.earliestOffsets([tp])).get(k) ?? 0;
  let hi = (await reader.latestOffsets([tp])).get(k) ?? 0;
  let window = 64;
  while (hi > earliest) {
    const lo = Math.max(earliest, hi - window);
    let found = -1;
    await readRanges(reader, [{ topic, partition: 0, from: lo, until: hi }],
      { maxBytes: 4 << 20, partitionMaxBytes: 1 << 20, maxWaitMs: 100 },
      // Offsets that compaction or retention removed simply hold no marker.
      () => undefined,
      (_range, records, keep) => {
        for (let i = 0; i < records.count; i++) {
          if (keep[i] === 0) continue;
          const k2 = recordKey(records, i);
          const value = recordValueText(records, i);
          if (k2 === null || value === null || k2.toString('utf8') !== key) continue;
          const batchId = parseMarker(value);
          if (batchId > found) found = batchId;
        }
      });
    if (found >= 0) return found;
    hi = lo;
    window *= 8;
  }
  return -1;
}

function parseMarker(text: string): number {
  try {
    const v = JSON.parse(text) as { batchId?: unknown };
    return typeof v.batchId === 'number' && Number.isSafeInteger(v.batchId) ? v.batchId : -1;
  } catch {
    return -1;
  }
}
