/**
 * Rows → Kafka messages, with Spark's column conventions (names case-insensitive):
 *   topic      STRING          the row's topic, unless the `topic` option fixes one (the option wins)
 *   key        STRING | BINARY optional; null means no key (the partitioner then spreads rows)
 *   value      STRING | BINARY the message; with `format = 'json'` the message is instead the JSON object of every
 *                              column except topic, key, partition and headers
 *   headers    ARRAY<STRUCT<key: STRING, value: BINARY | STRING>>  optional
 *   partition  INT             optional; null lets the partitioner choose
 * Other columns are an error in `raw` format (Spark's sink ignores nothing silently either).
 */
import type { IHeaders, Message } from 'kafkajs';
import type { Batch } from '../execution/batch.js';
import { isNullAt, valueAt, type Column } from '../execution/column.js';
import { typeToString, type DataType } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { fieldIndex, type Schema } from '../types/schema.js';
import { toJsonValue } from '../types/values.js';
import { sinkError, type KafkaSinkFormat } from './kafka-sink-options.js';

export interface KafkaRowLayout {
  readonly topic: number;
  readonly key: number;
  readonly value: number;
  readonly headers: number;
  readonly partition: number;
  /** `format = 'json'`: the columns that make up the value, with their names. */
  readonly jsonColumns: readonly { readonly index: number; readonly name: string; readonly type: DataType }[] | null;
}

const ROUTING = ['topic', 'key', 'partition', 'headers'];

/** Checks the output schema against the conventions above; errors say what to change. */
export function kafkaRowLayout(schema: Schema, format: KafkaSinkFormat, topicOption: string | undefined): KafkaRowLayout {
  const at = (name: string, allowed: (t: DataType) => boolean, expected: string): number => {
    const i = fieldIndex(schema, name);
    if (i >= 0 && !allowed(schema.fields[i]!.type)) {
      throw sinkError(`column '${name}' must be ${expected}, not ${typeToString(schema.fields[i]!.type)}`);
    }
    return i;
  };
  const textual = (t: DataType): boolean => t.kind === 'string' || t.kind === 'binary';
  const topic = at('topic', (t) => t.kind === 'string', 'STRING');
  const key = at('key', textual, 'STRING or BINARY');
  const partition = at('partition', (t) => t.kind === 'int', 'INT');
  const headers = at('headers', (t) => t.kind === 'array' && t.element.kind === 'struct' &&
    t.element.fields.length === 2 && t.element.fields[0]!.name.toLowerCase() === 'key' &&
    t.element.fields[0]!.type.kind === 'string' && textual(t.element.fields[1]!.type),
  'ARRAY<STRUCT<key: STRING, value: BINARY>>');
  if (topicOption === undefined && topic < 0) {
    throw sinkError("no topic: set the 'topic' option or give the rows a STRING column named 'topic'");
  }
  if (format === 'json') {
    const jsonColumns = schema.fields
      .map((f, index) => ({ index, name: f.name, type: f.type }))
      .filter((c) => !ROUTING.includes(c.name.toLowerCase()));
    return { topic, key, value: -1, headers, partition, jsonColumns };
  }
  const value = at('value', textual, 'STRING or BINARY');
  if (value < 0) {
    throw sinkError(`the rows need a 'value' column (STRING or BINARY), or set format = 'json' to write whole rows; columns: ${schema.fields.map((f) => f.name).join(', ')}`);
  }
  const extra = schema.fields.filter((f) => ![...ROUTING, 'value'].includes(f.name.toLowerCase()));
  if (extra.length > 0) {
    throw sinkError(`columns ${extra.map((f) => `'${f.name}'`).join(', ')} have no place in a Kafka message ` +
      "(key, value, topic, partition, headers); drop them or set format = 'json'");
  }
  return { topic, key, value, headers, partition, jsonColumns: null };
}

/** Messages by topic, in row order. */
export function encodeRows(batches: readonly Batch[], layout: KafkaRowLayout, topicOption: string | undefined): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  let fixed: Message[] | null = null;
  if (topicOption !== undefined) out.set(topicOption, fixed = []);
  for (const b of batches) {
    const c = (i: number): Column | null => (i < 0 ? null : b.columns[i]!);
    const topicCol = topicOption === undefined ? c(layout.topic) : null;
    const keyCol = c(layout.key), valueCol = c(layout.value), headersCol = c(layout.headers), partitionCol = c(layout.partition);
    for (let r = 0; r < b.numRows; r++) {
      let list: Message[] | undefined = fixed ?? undefined;
      if (list === undefined) {
        const topic = topicCol!.data[r] as string | null;
        if (topic === null) throw new SluiceError('RUNTIME_ERROR', `kafka sink: a row has a null topic (row ${r} of the batch)`);
        list = out.get(topic);
        if (list === undefined) out.set(topic, list = []);
      }
      const message: Message = {
        key: keyCol === null ? null : bytes(keyCol.data[r]),
        value: layout.jsonColumns !== null ? jsonValue(b, layout.jsonColumns, r) : bytes(valueCol!.data[r]),
      };
      if (partitionCol !== null && !isNullAt(partitionCol, r)) message.partition = partitionCol.data[r] as number;
      if (headersCol !== null) {
        const h = headersCol.data[r] as { key: string; value: unknown }[] | null;
        if (h !== null && h.length > 0) message.headers = headerObject(h);
      }
      list.push(message);
    }
  }
  return out;
}

/** STRING stays a string; BINARY becomes a Buffer over the same bytes (kafkajs writes Buffers as they are). */
function bytes(v: unknown): Buffer | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  const u = v as Uint8Array;
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function jsonValue(b: Batch, columns: NonNullable<KafkaRowLayout['jsonColumns']>, r: number): string {
  const obj: Record<string, unknown> = {};
  for (const col of columns) obj[col.name] = toJsonValue(valueAt(b.columns[col.index]!, r), col.type);
  return JSON.stringify(obj);
}

/** kafkajs takes headers as an object; a repeated key becomes an array, which it writes back as repeated headers. */
function headerObject(entries: readonly { key: string; value: unknown }[]): IHeaders {
  const h: Record<string, Buffer | string | (Buffer | string)[]> = {};
  for (const e of entries) {
    if (e === null || e.key === null) throw new SluiceError('RUNTIME_ERROR', 'kafka sink: a header has a null key');
    const v = bytes(e.value);
    // Kafka allows null header values, but kafkajs 2.2.4 fails while sizing one (Buffer.byteLength(null)).
    if (v === null) throw new SluiceError('RUNTIME_ERROR', `kafka sink: header '${e.key}' has a null value, which the kafkajs client cannot write`);
    const prev = h[e.key];
    if (prev === undefined) h[e.key] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else h[e.key] = [prev, v];
  }
  return h;
}
