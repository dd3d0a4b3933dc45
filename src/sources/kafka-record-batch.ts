/**
 * The Kafka source's rows in Spark's schema:
 *   key BINARY, value BINARY, topic STRING, partition INT, offset BIGINT, timestamp TIMESTAMP, timestampType INT
 * and, with `includeHeaders = true`, headers ARRAY<STRUCT<key: STRING, value: BINARY>> (in the record's order;
 * a repeated key is repeated).
 * timestampType is 0 for CreateTime and 1 for LogAppendTime, as in Kafka.
 */
import { makeBatch, type Batch } from '../execution/batch.js';
import { makeColumn } from '../execution/column.js';
import {
  arrayType, BigIntType, BinaryType, IntType, StringType, structField, structType, TimestampType,
} from '../types/data-type.js';
import { field, schema, type Schema } from '../types/schema.js';
import { recordHeaders, recordKey, recordValue, type RecordSet } from '../kafka/kafka-record-set.js';

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
  topic: string, partition: number, records: RecordSet, keep: Uint8Array, kept: number, includeHeaders: boolean,
): Batch {
  const keys: (Uint8Array | null)[] = new Array(kept);
  const values: (Uint8Array | null)[] = new Array(kept);
  const offsets = new Float64Array(kept);
  const timestamps = new Float64Array(kept);
  const timestampTypes = new Int32Array(kept);
  const headers: unknown[] | null = includeHeaders ? new Array(kept) : null;
  const { batches, batchOf } = records;
  let j = 0;
  for (let i = 0; i < records.count; i++) {
    if (keep[i] === 0) continue;
    keys[j] = recordKey(records, i);
    values[j] = recordValue(records, i);
    offsets[j] = records.offsets[i]!;
    // Kafka timestamps are milliseconds; TIMESTAMP values are microseconds.
    timestamps[j] = records.timestamps[i]! * 1000;
    timestampTypes[j] = batches[batchOf[i]!]!.timestampType;
    if (headers !== null) headers[j] = recordHeaders(records, i);
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

/** The positions of the kept records of a chunk (`keep[i] === 1`), in order. */
export function keptIndexes(keep: Uint8Array, kept: number): Int32Array {
  const out = new Int32Array(kept);
  let j = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] === 1) out[j++] = i;
  return out;
}
