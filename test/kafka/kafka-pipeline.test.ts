/**
 * The Kafka source and the exactly-once Kafka sink under the real micro-batch loop (StreamExecution), with a
 * pass-through plan: every input record must reach the output topic exactly once, across restarts and across a
 * crash between the sink's transaction and the engine's commit log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchToRows, makeBatch, type Batch } from '../../src/execution/batch.js';
import type { IncrementalQuery } from '../../src/execution/incremental-query.js';
import { StreamExecution } from '../../src/execution/stream-execution.js';
import { availableNowTrigger } from '../../src/execution/trigger.js';
import { KafkaSink } from '../../src/sinks/kafka-sink.js';
import { KafkaSource, readKafkaBatch } from '../../src/sources/kafka-source.js';
import { BinaryType } from '../../src/types/data-type.js';
import { field, schema } from '../../src/types/schema.js';
import {
  announceSkip, awaitNoOpenTransactions, KAFKA_BROKERS, kafkaAvailable, KafkaTestEnv, uniqueTopic,
} from './kafka-test-env.js';

announceSkip('kafka pipeline');

const outSchema = schema([field('key', BinaryType), field('value', BinaryType)]);

/** SELECT key, value FROM source: no state, no watermark. */
const passThrough: IncrementalQuery = {
  sourceNames: ['in'],
  outputSchema: outSchema,
  outputMode: 'append',
  watermarkDelaysMs: [],
  hasState: false,
  stateConf: {},
  async runBatch(inputs) {
    const output: Batch[] = inputs[0]!.map((b) => makeBatch(outSchema, [b.columns[0]!, b.columns[1]!], b.numRows));
    return { output, maxEventTimeMs: [], stateOperators: [] };
  },
  needsNoDataBatch: () => false,
  close: async () => undefined,
};

describe.skipIf(!kafkaAvailable)('kafka source → exactly-once kafka sink under StreamExecution', () => {
  const env = new KafkaTestEnv();
  const dirs: string[] = [];
  beforeAll(async () => { await env.start(); });
  afterAll(async () => {
    await env.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function runAvailableNow(checkpoint: string, input: string, output: string, markers: string): Promise<number> {
    const query = new StreamExecution({
      checkpointLocation: checkpoint,
      sources: [new KafkaSource({ 'kafka.bootstrap.servers': KAFKA_BROKERS, subscribe: input, startingOffsets: 'earliest',
        maxOffsetsPerTrigger: '7' })],
      sink: new KafkaSink({ 'kafka.bootstrap.servers': KAFKA_BROKERS, topic: output, deliveryGuarantee: 'exactly-once', markerTopic: markers }),
      incrementalQuery: passThrough,
      trigger: availableNowTrigger,
      logger: { warn: () => undefined },
    });
    await query.start();
    await query.awaitTermination();
    return query.lastProgress?.batchId ?? -1;
  }

  async function outputValues(topic: string): Promise<string[]> {
    await awaitNoOpenTransactions(topic);
    const batches = await readKafkaBatch({ 'kafka.bootstrap.servers': KAFKA_BROKERS, subscribe: topic, 'kafka.isolation.level': 'read_committed' });
    return batches.flatMap((b) => batchToRows(b)).map((r) => Buffer.from(r.value as Uint8Array).toString()).sort();
  }

  it('delivers every record once across restarts and a crash after the sink committed', async () => {
    const input = await env.createTopic(uniqueTopic('pipe-in'), 3);
    const output = await env.createTopic(uniqueTopic('pipe-out'), 2);
    const markers = uniqueTopic('pipe-markers');
    const checkpoint = mkdtempSync(path.join(tmpdir(), 'sluice-kafka-ckpt-'));
    dirs.push(checkpoint);
    const expected: string[] = [];
    const produce = async (round: number, n: number): Promise<void> => {
      for (const p of [0, 1, 2]) {
        await env.produceValues(input, p, n, `r${round}-p${p}-`);
        for (let i = 0; i < n; i++) expected.push(`r${round}-p${p}-${i}`);
      }
    };

    await produce(0, 10);
    // 30 records, at most 7 per batch.
    expect(await runAvailableNow(checkpoint, input, output, markers)).toBe(4);
    expect(await outputValues(output)).toEqual([...expected].sort());

    await produce(1, 4);
    const last = await runAvailableNow(checkpoint, input, output, markers);
    expect(last).toBe(6);
    // The process died after the sink committed batch 6 but before commits/6 was written: the restart re-runs it.
    await unlink(path.join(checkpoint, 'commits', String(last)));
    await produce(2, 1);
    await runAvailableNow(checkpoint, input, output, markers);
    expect(await outputValues(output)).toEqual([...expected].sort());
  });
});
