/**
 * The Kafka source's rows in Spark's schema:
 *   key BINARY, value BINARY, topic STRING, partition INT, offset BIGINT, timestamp TIMESTAMP, timestampType INT
 * and, with `includeHeaders = true`, headers ARRAY<STRUCT<key: STRING, value: BINARY>>.
 * timestampType is 0 for CreateTime and 1 for LogAppendTime, as in Kafka.
 */
import { makeBatch, type Batch } from '../execution/batch.js';
import { makeColumn } from '../execution/column.js';
import {
  arrayType, BigIntType, BinaryType, IntType, StringType, structField, structType, TimestampType,
} from '../types/data-type.js';
import { field, schema, type Schema } from '../types/schema.js';
import type { FetchedRecord } from '../kafka/kafka-cluster-client.js';

export const KafkaHeaderType = arrayType(structType([structField('key', StringType), structField('value', BinaryType)]));

const baseFields = [
  field('key', BinaryType),
  field('value', BinaryType),
  field('topic', StringType, false),
  field('partition', IntType, false),
  field('offset', BigIntType, false),
  field('timestamp', TimestampType, false),
  field('timestampType', IntType, false),
];

export const KAFKA_SCHEMA: Schema = schema(baseFields);
export const KAFKA_SCHEMA_WITH_HEADERS: Schema = schema([...baseFields, field('headers', KafkaHeaderType)]);

export function kafkaSchema(includeHeaders: boolean): Schema {
  return includeHeaders ? KAFKA_SCHEMA_WITH_HEADERS : KAFKA_SCHEMA;
}

/** Rows for the kept records (`keep[i] === 1`) of one fetched chunk of one partition. */
export function recordBatch(
  topic: string, partition: number, records: readonly FetchedRecord[], keep: Uint8Array, kept: number,
  includeHeaders: boolean,
): Batch {
  const keys: (Uint8Array | null)[] = new Array(kept);
  const values: (Uint8Array | null)[] = new Array(kept);
  const offsets = new Float64Array(kept);
  const timestamps = new Float64Array(kept);
  const timestampTypes = new Int32Array(kept);
  const headers: unknown[] | null = includeHeaders ? new Array(kept) : null;
  let j = 0;
  for (let i = 0; i < records.length; i++) {
    if (keep[i] === 0) continue;
    const r = records[i]!;
    keys[j] = r.key;
    values[j] = r.value;
    offsets[j] = Number(r.offset);
    // Kafka timestamps are milliseconds; TIMESTAMP values are microseconds.
    timestamps[j] = Number(r.timestamp) * 1000;
    timestampTypes[j] = r.batchContext.timestampType === 1 ? 1 : 0;
    if (headers !== null) headers[j] = headerEntries(r.headers);
    j++;
  }
  const columns = [
    makeColumn(BinaryType, keys),
    makeColumn(BinaryType, values),
    makeColumn(StringType, new Array(kept).fill(topic)),
    makeColumn(IntType, new Int32Array(kept).fill(partition)),
    makeColumn(BigIntType, offsets),
    makeColumn(TimestampType, timestamps),
    makeColumn(IntType, timestampTypes),
  ];
  if (headers !== null) columns.push(makeColumn(KafkaHeaderType, headers));
  return makeBatch(kafkaSchema(includeHeaders), columns, kept);
}

/**
 * kafkajs hands headers over as an object whose repeated keys hold arrays; Spark's column is the list of
 * (key, value) pairs. Pairs come out grouped by key in order of each key's first appearance, which is the
 * record's order unless one key repeats around another.
 */
function headerEntries(h: Readonly<Record<string, Buffer | Buffer[] | undefined>>): { key: string; value: Uint8Array | null }[] {
  const out: { key: string; value: Uint8Array | null }[] = [];
  for (const key of Object.keys(h)) {
    const v = h[key];
    if (Array.isArray(v)) for (const x of v) out.push({ key, value: x ?? null });
    else out.push({ key, value: v ?? null });
  }
  return out;
}
