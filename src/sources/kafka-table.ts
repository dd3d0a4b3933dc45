/**
 * A static table over Kafka (`CREATE TABLE t (…) WITH (connector = 'kafka', …)`, `session.read.format('kafka')`):
 * every scan reads `startingOffsets` (default earliest) … `endingOffsets` (default latest) as they resolve at that
 * moment, as Spark's batch Kafka reader does, so a table with the default offsets shows the topic as it is now.
 * Options, columns and decoding are the Kafka source's (kafka-source-options.ts, kafka-record-batch.ts).
 *
 * ```ts
 * const t = new KafkaTable({ 'kafka.bootstrap.servers': '127.0.0.1:9092', subscribe: 'orders' }, undefined);
 * const b = await t.scan([1, 4]);   // value and offset of every record
 * ```
 */
import { concatBatches, makeBatch, type Batch } from '../execution/batch.js';
import type { ScanProvider } from '../execution/scan-provider.js';
import { schema as makeSchema, type Schema } from '../types/schema.js';
import { KafkaSource, readKafkaBatch, type KafkaSourceEnv } from './kafka-source.js';

export class KafkaTable implements ScanProvider {
  readonly schema: Schema;

  constructor(
    private readonly options: Readonly<Record<string, string>>,
    private readonly declared: Schema | undefined,
    private readonly env: KafkaSourceEnv = {},
  ) {
    // Validates the options now, so a bad table definition fails at CREATE TABLE; the client is never connected.
    this.schema = new KafkaSource(options, declared, env, 'batch').schema();
  }

  async scan(columns: readonly number[]): Promise<Batch> {
    const all = concatBatches(this.schema, await readKafkaBatch(this.options, this.declared, this.env));
    return makeBatch(makeSchema(columns.map((c) => this.schema.fields[c]!)), columns.map((c) => all.columns[c]!), all.numRows);
  }
}
