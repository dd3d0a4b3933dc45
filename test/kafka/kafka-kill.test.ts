/**
 * Kafka end to end across crashes: an input topic (3 partitions) → 10-second tumbling windows with a 5-second
 * watermark (append mode) → the Kafka sink, run as a child process (fixtures/kafka-kill-child.mjs) that is
 * SIGKILLed 30 times while a producer keeps writing input, and restarted on the same checkpoint each time. Most
 * kills land at a random moment of the running query; some during start-up and recovery, some at chosen points
 * of the sink: right after a batch's Kafka transaction committed (before the engine's commit log records the
 * batch), after its rows were sent but before its transaction committed, or a few milliseconds into a batch.
 *
 * The input is a fixed sequence of events with increasing event times, so an uninterrupted run has one right
 * answer. After the input ends (with one far-future event whose watermark closes every earlier window), a final
 * available-now run finishes the work. Then:
 * - exactly-once: a read_committed consumer of the output topic sees exactly the rows of an uninterrupted
 *   reference run (run through the CLI: `sluice run ref.sql --trigger available-now`), as multisets, and those
 *   rows are the aggregation computed here from the input;
 * - at-least-once: every reference row is there at least once and nothing else; duplicates are counted and
 *   printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Partitioners, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchToRows } from '../../src/execution/batch.js';
import { readKafkaBatch } from '../../src/sources/kafka-source.js';
import {
  announceSkip, awaitNoOpenTransactions, KAFKA_BROKERS, kafkaAvailable, KafkaTestEnv, uniqueTopic,
} from './kafka-test-env.js';

announceSkip('kafka kill test');

const repo = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/kafka-kill-child.mjs', import.meta.url));
const cli = path.join(repo, 'bin', 'sluice.js');

const KILLS = 30;
const EVENTS = 9000;
const PER_TICK = 10;
const TICK_MS = 50;
const BASE_MS = Date.parse('2026-01-01T00:00:00Z');
const EVENT_GAP_MS = 100;
const WINDOW_MS = 10_000;
const KEYS = 7;

interface Event { readonly ts: number; readonly k: string; readonly v: number; readonly partition: number }

/** Event i: 100 ms after event i-1, key k(i mod 7), value (37 i) mod 101, partition i mod 3. */
function event(i: number): Event {
  return { ts: BASE_MS + i * EVENT_GAP_MS, k: `k${i % KEYS}`, v: (i * 37) % 101, partition: i % 3 };
}

/** Written after the input: its event time moves the watermark past every window of the input. */
const flushEvent: Event = { ts: BASE_MS + EVENTS * EVENT_GAP_MS + 60_000, k: 'flush', v: 0, partition: 0 };

function message(e: Event): { value: string; partition: number } {
  return { value: JSON.stringify({ ts: new Date(e.ts).toISOString(), k: e.k, v: e.v }), partition: e.partition };
}

/** The rows an uninterrupted run must write, in the sink's JSON form. */
function expectedRows(): string[] {
  const groups = new Map<string, { start: number; k: string; n: number; s: number }>();
  for (let i = 0; i < EVENTS; i++) {
    const e = event(i);
    const start = Math.floor((e.ts - BASE_MS) / WINDOW_MS) * WINDOW_MS + BASE_MS;
    const key = `${start} ${e.k}`;
    const g = groups.get(key) ?? { start, k: e.k, n: 0, s: 0 };
    g.n++;
    g.s += e.v;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => JSON.stringify({
    w: { start: new Date(g.start).toISOString(), end: new Date(g.start + WINDOW_MS).toISOString() }, k: g.k, n: g.n, s: g.s,
  })).sort();
}

function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.once('exit', (code) => resolve(code));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Values of every record of `topic` as text, sorted. */
async function topicValues(topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<string[]> {
  await awaitNoOpenTransactions(topic);
  const batches = await readKafkaBatch({ 'kafka.bootstrap.servers': KAFKA_BROKERS, subscribe: topic, 'kafka.isolation.level': isolation });
  return batches.flatMap((b) => batchToRows(b)).map((r) => Buffer.from(r.value as Uint8Array).toString()).sort();
}

function counts(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe.skipIf(!kafkaAvailable)(`kafka: windowed aggregation into Kafka across ${KILLS} SIGKILLs`, () => {
  const env = new KafkaTestEnv();
  const dirs: string[] = [];
  let producer: Producer;

  beforeAll(async () => {
    if (!existsSync(path.join(repo, 'dist', 'sinks', 'kafka-sink.js'))) {
      throw new Error('the kill test runs the compiled engine: run `npm run build` first');
    }
    await env.start();
    producer = env.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await env.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function tempDir(): string {
    const d = mkdtempSync(path.join(tmpdir(), 'sluice-kafka-kill-'));
    dirs.push(d);
    return d;
  }

  /** The uninterrupted run, as a user would start it: the CLI over a SQL script. */
  async function referenceRun(input: string, guarantee: string): Promise<string[]> {
    const output = await env.createTopic(uniqueTopic('kill-ref'), 1);
    const dir = tempDir();
    const script = path.join(dir, 'ref.sql');
    writeFileSync(script, `
      CREATE SOURCE src (ts TIMESTAMP, k STRING, v INT, WATERMARK FOR ts AS ts - INTERVAL '5' SECONDS)
        WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', subscribe = '${input}',
              startingOffsets = 'earliest', format = 'json');
      CREATE SINK windows WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', topic = '${output}',
          format = 'json', deliveryGuarantee = '${guarantee}', markerTopic = '${uniqueTopic('kill-ref-markers')}',
          outputMode = 'append') AS
        SELECT window(ts, '10 seconds') AS w, k, count(*) AS n, sum(v) AS s FROM src GROUP BY window(ts, '10 seconds'), k;
    `);
    const p = spawn(process.execPath, [cli, 'run', script, '--checkpoint', path.join(dir, 'ckpt'), '--trigger', 'available-now'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr!.on('data', (d) => { stderr += String(d); });
    expect(await exited(p), stderr).toBe(0);
    return topicValues(output, 'read_committed');
  }

  interface KillTestResult {
    /** The output topic's values as a read_committed consumer sees them, sorted. */
    readonly output: string[];
    /** How many records a read_uncommitted consumer sees (aborted transactions included). */
    readonly uncommitted: number;
    readonly reference: string[];
    /** Batches the query committed in all (the last batch id + 1). */
    readonly batches: number;
    /** Runs that committed at least one batch before their kill. */
    readonly productiveRuns: number;
  }

  async function killTest(guarantee: 'exactly-once' | 'at-least-once'): Promise<KillTestResult> {
    const input = await env.createTopic(uniqueTopic('kill-in'), 3);
    const output = await env.createTopic(uniqueTopic('kill-out'), 2);
    const markers = uniqueTopic('kill-markers');
    const checkpoint = path.join(tempDir(), 'ckpt');
    const args = [child, KAFKA_BROKERS, input, output, markers, checkpoint, guarantee];
    let stderr = '';
    const start = (extraEnv: Record<string, string>): { p: ChildProcess; started: Promise<void> } => {
      const p = spawn(process.execPath, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      p.stderr!.on('data', (d) => { stderr += String(d); });
      const started = new Promise<void>((resolve) => {
        p.stdout!.on('data', (d) => { if (String(d).includes('started')) resolve(); });
        p.once('exit', () => resolve());
      });
      return { p, started };
    };

    // The producer writes PER_TICK events every TICK_MS, in order, paced so that input keeps arriving until the
    // last kill: during the i-th run it may reach (i + 1) / KILLS of the input.
    let written = 0;
    let target = 0;
    let producing = true;
    const writeUpTo = async (n: number): Promise<void> => {
      const messages = [];
      while (written < n) messages.push(message(event(written++)));
      if (messages.length > 0) await producer.send({ topic: input, messages, acks: -1 });
    };
    const background = (async () => {
      while (producing && written < EVENTS) {
        await writeUpTo(Math.min(target, written + PER_TICK));
        await sleep(TICK_MS);
      }
    })();

    let seed = 20260101;
    const random = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    // The newest batch in the commit log (old entries are purged, so this counts batches where a listing would not).
    const lastCommitted = (): number => (existsSync(path.join(checkpoint, 'commits'))
      ? Math.max(-1, ...readdirSync(path.join(checkpoint, 'commits')).filter((f) => /^\d+$/.test(f)).map(Number)) : -1);
    let productiveRuns = 0;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        target = Math.round(((kill + 1) * EVENTS) / KILLS);
        const before = lastCommitted();
        const call = String(1 + Math.floor(random() * 3));
        const inSink = kill % 5 === 3 ? { KILL_IN_SINK: `after-commit:${call}` }
          : kill % 10 === 4 ? { KILL_IN_SINK: `before-commit:${call}` }
            : kill % 10 === 9 ? { KILL_IN_SINK: `during:${call}:${Math.floor(random() * 60)}` } : {};
        const { p, started } = start(inSink);
        // Every fifth kill hits the start-up (loading, recovery, the sink's first transaction); the others wait
        // for the query to run and then hit it at a random moment of its work.
        if (kill % 5 === 2) await sleep(random() * 2500);
        else await Promise.race([started.then(() => sleep(random() * 1500)), exited(p)]);
        p.kill('SIGKILL');
        await exited(p);
        // Only a kill may end a run: an exit of its own is a failure, explained by its stderr.
        expect(p.exitCode, stderr).toBeNull();
        if (lastCommitted() > before) productiveRuns++;
      }
    } finally {
      producing = false;
      await background;
    }
    await writeUpTo(EVENTS);
    await producer.send({ topic: input, messages: [message(flushEvent)], acks: -1 });

    const final = start({ AVAILABLE_NOW: '1' }).p;
    expect(await exited(final), stderr).toBe(0);
    return {
      output: await topicValues(output, 'read_committed'),
      uncommitted: (await topicValues(output, 'read_uncommitted')).length,
      reference: await referenceRun(input, guarantee),
      batches: lastCommitted() + 1,
      productiveRuns,
    };
  }

  it('exactly-once: a read_committed consumer sees exactly the rows of an uninterrupted run', async () => {
    const r = await killTest('exactly-once');
    console.log(`kafka kill test (exactly-once): ${KILLS} kills (${r.productiveRuns} runs committed batches before ` +
      `their kill), ${r.batches} batches, ${EVENTS + 1} input events, ${r.reference.length} reference rows, ` +
      `${r.output.length} rows read_committed, ${r.uncommitted - r.output.length} rows of aborted transactions ` +
      'visible only read_uncommitted');
    expect(r.reference).toEqual(expectedRows());
    expect(r.output).toEqual(r.reference);
    // The kills interrupted real work, not just start-ups.
    expect(r.productiveRuns).toBeGreaterThanOrEqual(KILLS / 4);
  }, 180_000);

  it('at-least-once: nothing is lost; duplicates are counted', async () => {
    const r = await killTest('at-least-once');
    const got = counts(r.output);
    const duplicates = r.output.length - got.size;
    console.log(`kafka kill test (at-least-once): ${KILLS} kills (${r.productiveRuns} runs committed batches before ` +
      `their kill), ${r.batches} batches, ${EVENTS + 1} input events, ${r.reference.length} reference rows, ` +
      `${r.output.length} output rows, ${duplicates} duplicates`);
    expect(r.reference).toEqual(expectedRows());
    expect([...got.keys()].sort()).toEqual(r.reference);
    expect(r.output.length).toBe(r.reference.length + duplicates);
    expect(r.productiveRuns).toBeGreaterThanOrEqual(KILLS / 4);
  }, 180_000);
});
