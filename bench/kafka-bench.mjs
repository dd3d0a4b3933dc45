/**
 * Kafka → aggregation → Kafka (issue 6): events/s of Sluice beside a bare kafkajs consume-and-produce loop over
 * the same input topic, in the same run, against the broker in KAFKA_BROKERS (`npm run kafka:up`).
 *
 * Input: `events` JSON values of about 100 bytes ({"id","ts","k","v","tag"}, 1,000 keys) in a 3-partition topic,
 * written before either side is timed.
 * - Sluice: `CREATE SOURCE … format = 'json', maxOffsetsPerTrigger = <per trigger>`, then
 *   `SELECT k AS key, count(*) AS n, sum(v) AS s FROM ev GROUP BY k` in update mode into the Kafka sink
 *   (format json, at-least-once: idempotent producer, acks = all), available-now trigger, state on LevelDB.
 *   Timed from `start()` to termination.
 * - Bare loop: a kafkajs consumer (own group, from the earliest offset) JSON.parses every value, aggregates in a
 *   Map, and after every <per trigger> events produces the changed keys' {n, s} with an idempotent producer
 *   (acks = all), as update mode does. Timed from connecting its producer and consumer (the group join included,
 *   as Sluice's start-up is) to the last acknowledgement.
 * Both write the same number of updates; the last update per key must agree between them and with the input.
 * Both sides first run once over a small topic (not timed); then they run alternately, BENCH_KAFKA_RUNS (3) times
 * each, and each side's best run counts. CPU seconds are reported beside wall time: on a shared machine they
 * show the work done when the wall clock is noisy.
 *
 * Where Sluice's time goes, from its progress reports and timers around the source's value decoding and the
 * sink's addBatch: fetch (waiting for Kafka Fetch responses and decoding their record batches), decode (JSON values
 * → columns), execution (the incremental plan: aggregation and state), produce (rows → messages, produce requests)
 * and other (start-up, offset listing, offset/commit logs).
 *
 *   import { runKafkaBench, formatKafkaReport } from './kafka-bench.mjs';
 *   const report = await runKafkaBench({ rows: 10_000_000 });   // needs `npm run build` and a broker
 *
 * Events: 1,000,000 for the full benchmark (rows ≥ 10M), else 200,000; BENCH_KAFKA_EVENTS overrides. Events per
 * trigger: 100,000 (BENCH_KAFKA_PER_TRIGGER).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Session } from '../dist/api/index.js';
import { KafkaSink } from '../dist/sinks/kafka-sink.js';
import { KafkaSource, readKafkaBatch } from '../dist/sources/kafka-source.js';
import { humanRate, textTable } from './lib/text-table.mjs';

export const KAFKA_FLOOR = 0.8;
const KEYS = 1000;
const PARTITIONS = 3;
const BASE_MS = Date.parse('2026-01-01T00:00:00Z');

/** @param {string} name @param {number} fallback */
function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

/** Event i as its JSON value (about 100 bytes) and its key and value for the expected result. @param {number} i */
function event(i) {
  const k = `key-${String((i * 7919) % KEYS).padStart(4, '0')}`;
  const v = (i % 1000) * 0.25;
  const value = `{"id":${i},"ts":"${new Date(BASE_MS + i).toISOString()}","k":"${k}","v":${v},"tag":"sluice-kafka-benchmark"}`;
  return { k, v, value };
}

/**
 * @param {{ rows: number; log?: (s: string) => void }} opts
 */
export async function runKafkaBench({ rows, log = () => {} }) {
  const brokers = process.env.KAFKA_BROKERS ?? '';
  if (brokers === '') return { skipped: 'KAFKA_BROKERS is not set (start a broker with `npm run kafka:up`)' };
  const events = envInt('BENCH_KAFKA_EVENTS', rows >= 10_000_000 ? 1_000_000 : Math.min(rows, 200_000));
  const perTrigger = envInt('BENCH_KAFKA_PER_TRIGGER', 100_000);
  const runs = envInt('BENCH_KAFKA_RUNS', 3);
  const kafka = new Kafka({ brokers: brokers.split(','), clientId: 'sluice-bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const suffix = `${Date.now().toString(36)}-${process.pid}`;
  const topics = [];
  const topic = async (name, numPartitions) => {
    const t = `bench-${name}-${suffix}`;
    await admin.createTopics({ topics: [{ topic: t, numPartitions }], waitForLeaders: true });
    topics.push(t);
    return t;
  };
  const work = mkdtempSync(path.join(os.tmpdir(), 'sluice-kafka-bench-'));
  try {
    // Warm-up: both sides once over a small topic (JIT, connections, the broker's caches), not timed.
    const warmEvents = Math.min(events, 50_000);
    const warm = await topic('warm', PARTITIONS);
    await writeInput(kafka, warm, warmEvents);
    await runSluice(brokers, warm, await topic('warm-out-sluice', 1), perTrigger, path.join(work, 'warm'));
    await runBareLoop(kafka, warm, await topic('warm-out-bare', 1), warmEvents, perTrigger);

    const input = await topic('in', PARTITIONS);
    log(`kafka: writing ${events.toLocaleString('en-US')} events (~${event(events - 1).value.length} bytes each) to ${input}`);
    const expected = await writeInput(kafka, input, events);

    // Timed runs alternate between the two sides; each side's best run counts.
    let sluice = null, bare = null;
    let check = { ok: true, detail: 'final counts and sums of all keys agree' };
    for (let run = 0; run < runs; run++) {
      const sluiceOut = await topic(`out-sluice-${run}`, 1);
      const s = await runSluice(brokers, input, sluiceOut, perTrigger, path.join(work, `run-${run}`));
      log(`kafka: Sluice ${(s.ms / 1000).toFixed(2)} s (${humanRate(events / (s.ms / 1000))} events/s)`);
      const bareOut = await topic(`out-bare-${run}`, 1);
      const b = await runBareLoop(kafka, input, bareOut, events, perTrigger);
      log(`kafka: bare kafkajs loop ${(b.ms / 1000).toFixed(2)} s (${humanRate(events / (b.ms / 1000))} events/s)`);
      if (sluice === null || s.ms < sluice.ms) sluice = s;
      if (bare === null || b.ms < bare.ms) bare = b;
      const c = compareFinal(expected, await lastPerKey(brokers, sluiceOut), await lastPerKey(brokers, bareOut));
      if (!c.ok) check = c;
    }
    const sluiceRate = events / (sluice.ms / 1000);
    const bareRate = events / (bare.ms / 1000);
    const ratio = sluiceRate / bareRate;
    return {
      events,
      perTrigger,
      runs,
      valueBytes: event(events - 1).value.length,
      sluice: { seconds: sluice.ms / 1000, cpuSeconds: sluice.cpuMs / 1000, eventsPerSec: sluiceRate, batches: sluice.batches, outputMessages: sluice.outputMessages, breakdownMs: sluice.breakdown },
      bare: { seconds: bare.ms / 1000, cpuSeconds: bare.cpuMs / 1000, eventsPerSec: bareRate, outputMessages: bare.outputMessages, breakdownMs: bare.breakdown },
      ratio,
      floor: KAFKA_FLOOR,
      floorOk: ratio >= KAFKA_FLOOR,
      check,
    };
  } finally {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes the input (not timed); returns the expected final {n, s} per key. */
async function writeInput(kafka, topic, events) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const expected = new Map();
  const chunk = 20_000;
  const inFlight = [];
  for (let start = 0; start < events; start += chunk) {
    const messages = [];
    for (let i = start; i < Math.min(events, start + chunk); i++) {
      const e = event(i);
      messages.push({ value: e.value, partition: i % PARTITIONS });
      const g = expected.get(e.k) ?? { n: 0, s: 0 };
      g.n++;
      g.s += e.v;
      expected.set(e.k, g);
    }
    inFlight.push(producer.send({ topic, messages, acks: -1 }));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.disconnect();
  return expected;
}

/** Adds the time of every call of `proto[name]` to `timer.ms` while installed. */
function timeMethod(proto, name, timer) {
  const original = proto[name];
  proto[name] = function timed(...args) {
    const t0 = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(() => { timer.ms += performance.now() - t0; });
    timer.ms += performance.now() - t0;
    return result;
  };
  return () => { proto[name] = original; };
}

async function runSluice(brokers, input, output, perTrigger, checkpoint) {
  const decode = { ms: 0 };
  const produce = { ms: 0 };
  // `rows` is the source's step from fetched records to rows (the JSON decoding); `addBatch` is the sink.
  const restore = [timeMethod(KafkaSource.prototype, 'rows', decode), timeMethod(KafkaSink.prototype, 'addBatch', produce)];
  try {
    const s = new Session({ out: () => undefined });
    await s.execute(`CREATE SOURCE ev (${process.env.BENCH_KAFKA_COLUMNS ?? 'id BIGINT, ts TIMESTAMP, k STRING, v DOUBLE, tag STRING'}) WITH (connector = 'kafka',
      'kafka.bootstrap.servers' = '${brokers}', subscribe = '${input}', startingOffsets = 'earliest', format = 'json',
      maxOffsetsPerTrigger = ${perTrigger})`);
    const progress = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const q = s.sql('SELECT k AS key, count(*) AS n, sum(v) AS s FROM ev GROUP BY k').writeStream
      .format('kafka').outputMode('update')
      .option('kafka.bootstrap.servers', brokers).option('topic', output).option('format', 'json')
      .option('checkpointLocation', checkpoint)
      .trigger({ availableNow: true })
      .start();
    q.addListener({ onQueryProgress: (e) => progress.push(e.progress) });
    await q.awaitTermination();
    const ms = performance.now() - t0;
    const cpuMs = cpuSince(cpu0);
    if (q.exception) throw q.exception;
    const sum = (key) => progress.reduce((a, p) => a + (p.durationMs[key] ?? 0), 0);
    const getBatch = sum('getBatch');
    const addBatch = sum('addBatch');
    const breakdown = {
      fetch: getBatch - decode.ms,
      decode: decode.ms,
      execution: addBatch - produce.ms,
      produce: produce.ms,
      other: ms - getBatch - addBatch,
    };
    return { ms, cpuMs, batches: progress.length, outputMessages: progress.reduce((a, p) => a + (p.sink?.numOutputRows ?? 0), 0), breakdown };
  } finally {
    for (const r of restore) r();
  }
}

async function runBareLoop(kafka, input, output, events, perTrigger) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}`, maxBytes: 52_428_800, maxBytesPerPartition: 1_048_576 });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  const totals = new Map();
  const changed = new Set();
  let consumed = 0;
  let nextFlush = perTrigger;
  let outputMessages = 0;
  let parseMs = 0;
  let produceMs = 0;
  const flush = async () => {
    const t = performance.now();
    const messages = [];
    for (const k of changed) {
      const g = totals.get(k);
      messages.push({ key: k, value: JSON.stringify({ n: g.n, s: g.s }) });
    }
    changed.clear();
    outputMessages += messages.length;
    if (messages.length > 0) await producer.send({ topic: output, messages, acks: -1 });
    produceMs += performance.now() - t;
  };
  const finished = new Promise((resolve, reject) => {
    consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        try {
          const t = performance.now();
          for (const m of batch.messages) {
            const e = JSON.parse(m.value.toString());
            let g = totals.get(e.k);
            if (g === undefined) totals.set(e.k, g = { n: 0, s: 0 });
            g.n++;
            g.s += e.v;
            changed.add(e.k);
          }
          consumed += batch.messages.length;
          parseMs += performance.now() - t;
          if (consumed >= nextFlush || consumed >= events) {
            nextFlush += perTrigger;
            await flush();
          }
          if (consumed >= events) resolve(undefined);
        } catch (e) {
          reject(e);
        }
      },
    }).catch(reject);
  });
  await finished;
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(cpu0);
  await consumer.disconnect();
  await producer.disconnect();
  return { ms, cpuMs, outputMessages, breakdown: { fetchAndSetup: ms - parseMs - produceMs, decodeAndAggregate: parseMs, produce: produceMs } };
}

/** CPU time of this process (user + system) since `start`, in ms: the machine may be shared, wall time is noisy. */
function cpuSince(start) {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** The last {n, s} written per key. */
async function lastPerKey(brokers, topic) {
  const batches = await readKafkaBatch({ 'kafka.bootstrap.servers': brokers, subscribe: topic });
  const out = new Map();
  for (const b of batches) {
    const keys = b.columns[0].data, values = b.columns[1].data;
    for (let i = 0; i < b.numRows; i++) out.set(Buffer.from(keys[i]).toString(), JSON.parse(Buffer.from(values[i]).toString()));
  }
  return out;
}

function compareFinal(expected, sluice, bare) {
  for (const [name, got] of [['Sluice', sluice], ['bare loop', bare]]) {
    if (got.size !== expected.size) return { ok: false, detail: `${name} wrote ${got.size} keys, expected ${expected.size}` };
    for (const [k, e] of expected) {
      const g = got.get(k);
      if (g === undefined || g.n !== e.n || Math.abs(g.s - e.s) > 1e-6 * Math.max(1, Math.abs(e.s))) {
        return { ok: false, detail: `${name}: key ${k} is ${JSON.stringify(g)}, expected ${JSON.stringify(e)}` };
      }
    }
  }
  return { ok: true, detail: 'final counts and sums of all keys agree' };
}

/** The results table and the time breakdown. */
export function formatKafkaReport(r) {
  if (r.skipped) return `Kafka → aggregation → Kafka: skipped (${r.skipped})`;
  const table = textTable(
    ['pipeline', 'events', 'seconds', 'CPU s', 'events/s', 'updates written', `ratio (floor ${r.floor})`],
    [
      ['Sluice (SQL, Kafka source → GROUP BY → Kafka sink)', r.events.toLocaleString('en-US'), r.sluice.seconds.toFixed(2),
        r.sluice.cpuSeconds.toFixed(2), humanRate(r.sluice.eventsPerSec), r.sluice.outputMessages.toLocaleString('en-US'),
        `${r.ratio.toFixed(2)} ${!r.check.ok ? 'WRONG RESULT' : r.floorOk ? 'ok' : 'MISSED'}`],
      ['bare kafkajs consume/parse/Map/produce loop', r.events.toLocaleString('en-US'), r.bare.seconds.toFixed(2),
        r.bare.cpuSeconds.toFixed(2), humanRate(r.bare.eventsPerSec), r.bare.outputMessages.toLocaleString('en-US'), ''],
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const pct = (ms, total) => `${(ms / 1000).toFixed(2)} s (${((100 * ms) / total).toFixed(0)}%)`;
  const sb = r.sluice.breakdownMs, st = r.sluice.seconds * 1000;
  const bb = r.bare.breakdownMs, bt = r.bare.seconds * 1000;
  return `Kafka → aggregation → Kafka (${r.events.toLocaleString('en-US')} JSON events of ~${r.valueBytes} bytes, ` +
    `${r.perTrigger.toLocaleString('en-US')} per trigger, 1,000 keys; best of ${r.runs} runs each after a warm-up)\n${table}\n` +
    `Sluice time: fetch ${pct(sb.fetch, st)}, decode ${pct(sb.decode, st)}, execution ${pct(sb.execution, st)}, ` +
    `produce ${pct(sb.produce, st)}, other ${pct(sb.other, st)}\n` +
    `bare loop time: connect, group join and fetch ${pct(bb.fetchAndSetup, bt)}, JSON.parse + Map ${pct(bb.decodeAndAggregate, bt)}, ` +
    `produce ${pct(bb.produce, bt)}\n` +
    `check: ${r.check.detail}`;
}

// `node bench/kafka-bench.mjs` runs it alone (BENCH_ROWS as for the harness).
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number((process.env.BENCH_ROWS ?? '10000000').replaceAll('_', ''));
  const report = await runKafkaBench({ rows, log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${formatKafkaReport(report)}\n`);
  if (report.check && !report.check.ok) process.exitCode = 1;
}
