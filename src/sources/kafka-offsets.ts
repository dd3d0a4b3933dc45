/**
 * Kafka source offsets. In the offset log a source offset is Spark's JSON form: an object of topics, each an
 * object of partition number (as a string key) → the next offset to read, e.g. `{"orders":{"0":23,"1":40}}`.
 * Only resolved, non-negative offsets are stored. A batch covers, per partition, the offsets
 * [previous next offset, this next offset).
 *
 * Users write the same shape in `startingOffsets` / `endingOffsets`, where -2 means earliest and -1 latest.
 */
import type { Offset } from '../execution/source.js';
import { SluiceError } from '../types/errors.js';
import { partitionKey } from '../kafka/kafka-cluster-client.js';

export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** Resolved offsets, sorted by topic then partition. */
export type KafkaOffsets = readonly PartitionOffset[];

export const EARLIEST_OFFSET = -2;
export const LATEST_OFFSET = -1;

/** `earliest`, `latest`, or explicit offsets per partition (which may hold -2 / -1). */
export type OffsetSpec =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'specific'; readonly offsets: KafkaOffsets };

/** Sorts in place by topic, then partition number: the order offsets are stored and partitions are read in. */
export function sortPartitions<T extends { readonly topic: string; readonly partition: number }>(items: T[]): T[] {
  return items.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

export function sortOffsets(offsets: PartitionOffset[]): KafkaOffsets {
  return sortPartitions(offsets);
}

export function offsetsToJson(offsets: KafkaOffsets): Offset {
  const out: Record<string, Record<string, number>> = {};
  for (const o of offsets) (out[o.topic] ??= {})[String(o.partition)] = o.offset;
  return out;
}

/** Reads an offset back from the offset log; anything but the shape above is a corrupt checkpoint. */
export function offsetsFromJson(v: Offset): KafkaOffsets {
  const parsed = parseOffsetsObject(v, false);
  if (typeof parsed === 'string') {
    throw new SluiceError('CHECKPOINT_ERROR', `Kafka source offset in the checkpoint is not valid (${parsed}): ${JSON.stringify(v)}`);
  }
  return parsed;
}

/** Parses `startingOffsets` / `endingOffsets`. */
export function parseOffsetSpec(text: string, optionName: string): OffsetSpec {
  const t = text.trim();
  if (t.toLowerCase() === 'earliest') return { kind: 'earliest' };
  if (t.toLowerCase() === 'latest') return { kind: 'latest' };
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch {
    throw new SluiceError('ANALYSIS_ERROR',
      `Option '${optionName}' must be 'earliest', 'latest' or JSON like {"topic":{"0":23,"1":-2}}, not '${text}'`);
  }
  const parsed = parseOffsetsObject(json as Offset, true);
  if (typeof parsed === 'string') throw new SluiceError('ANALYSIS_ERROR', `Option '${optionName}' is not valid: ${parsed}`);
  return { kind: 'specific', offsets: parsed };
}

function parseOffsetsObject(v: Offset, allowSpecial: boolean): KafkaOffsets | string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'expected an object of topics';
  const out: PartitionOffset[] = [];
  for (const [topic, parts] of Object.entries(v)) {
    if (parts === null || typeof parts !== 'object' || Array.isArray(parts)) return `topic '${topic}' must map to an object of partitions`;
    for (const [p, o] of Object.entries(parts)) {
      const partition = Number(p);
      if (!/^\d+$/.test(p) || !Number.isSafeInteger(partition)) return `'${p}' of topic '${topic}' is not a partition number`;
      const min = allowSpecial ? EARLIEST_OFFSET : 0;
      if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < min) {
        return `offset of ${topic}-${p} must be an integer${allowSpecial ? ' (-2 = earliest, -1 = latest)' : ''} ≥ ${min}, not ${JSON.stringify(o)}`;
      }
      out.push({ topic, partition, offset: o });
    }
  }
  return sortOffsets(out);
}

/** Offsets by `partitionKey`. */
export function offsetMap(offsets: KafkaOffsets): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of offsets) m.set(partitionKey(o.topic, o.partition), o.offset);
  return m;
}

/**
 * Caps a batch at `limit` offsets in total, shared among partitions in proportion to how far each is behind
 * (Spark's maxOffsetsPerTrigger). A partition whose share rounds below one still advances by one, so a
 * lagging partition is never starved; shares of one or more round down, so the total stays within the limit
 * apart from those minimum steps.
 */
export function rateLimit(limit: number, from: ReadonlyMap<string, number>, until: KafkaOffsets): KafkaOffsets {
  const total = offsetsBetween(from, until);
  if (total <= limit) return until;
  return until.map((u) => {
    const begin = from.get(partitionKey(u.topic, u.partition)) ?? u.offset;
    const lag = u.offset - begin;
    if (lag <= 0) return u;
    const share = (limit * lag) / total;
    const step = share < 1 ? Math.ceil(share) : Math.floor(share);
    return { topic: u.topic, partition: u.partition, offset: Math.min(u.offset, begin + step) };
  });
}

/** Total number of offsets between `from` and `until` over all partitions of `until`. */
export function offsetsBetween(from: ReadonlyMap<string, number>, until: KafkaOffsets): number {
  let total = 0;
  for (const u of until) {
    const lag = u.offset - (from.get(partitionKey(u.topic, u.partition)) ?? u.offset);
    if (lag > 0) total += lag;
  }
  return total;
}
