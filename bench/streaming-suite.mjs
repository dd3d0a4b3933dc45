/**
 * The streaming benchmark (issue 3).
 *
 * Throughput: each query of streaming-queries.mjs runs as a streaming query through the public API — SQL over a
 * `rate-micro-batch` source (`rowsPerBatch` events per trigger: 1,000,000, or a tenth of the events when fewer),
 * the default trigger (the next batch starts as soon as the previous one ends), a foreachBatch sink, a fresh
 * checkpoint directory, state on LevelDB — until it has processed the target number of events (10M by default)
 * or its time budget is spent.
 * events/s = events processed / wall time from `start()` to the progress report of the last batch, so planning,
 * checkpoint logs and state commits are all included. Beside it, the same SQL runs as one batch job over a
 * static table holding the same events (best of 3 after a warm-up, like the batch suite).
 *
 * Correctness: the sink collects what the query emitted (append: row count and sum of `w`; update: the latest
 * `n` and `s` of every key) and it must equal the batch job over exactly the events the stream processed.
 *
 * Latency: the 1,000-key aggregation over the `rate` source at a steady 20,000 events/s with the default
 * trigger; p50/p99 of the batches' `durationMs.triggerExecution` after a warm-up.
 *
 * Knobs (environment): BENCH_STREAM_BATCH_ROWS (events per trigger), BENCH_STREAM_SECONDS (time budget per
 * throughput query, default 180), BENCH_LATENCY_SECONDS (measured span of the latency run, default 30),
 * BENCH_LATENCY_RATE (events/s, default 20000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../dist/api/index.js';
import { LATENCY_FLOOR_P99_MS, LATENCY_QUERY, STREAMING_QUERIES } from './streaming-queries.mjs';
import { registerSluiceTable } from './lib/sluice-tables.mjs';
import { humanRate, textTable } from './lib/text-table.mjs';
import { collectGarbage, timeRuns } from './lib/timing.mjs';

const LATENCY_WARMUP_MS = 3000;

/** @param {string} name @param {number} fallback */
function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${raw}'`);
  return n;
}

/**
 * The events the rate-micro-batch source produces for offsets [0, n) with `rowsPerBatch` per trigger, as a
 * static table: value = i, timestamp = the batch's generated time (start 0, one second per batch), in µs.
 * @param {number} n @param {number} rowsPerBatch @returns {import('./lib/bench-data.mjs').BenchTable}
 */
function rateEvents(n, rowsPerBatch) {
  const value = new Float64Array(n), timestamp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    value[i] = i;
    timestamp[i] = Math.floor(i / rowsPerBatch) * 1000 * 1000;
  }
  return {
    name: 'ev',
    numRows: n,
    columns: [
      { name: 'timestamp', sparkType: 'TIMESTAMP', duckType: 'TIMESTAMP', values: timestamp },
      { name: 'value', sparkType: 'BIGINT', duckType: 'BIGINT', values: value },
    ],
  };
}

/** @param {import('./lib/bench-data.mjs').BenchTable} table @param {number} n */
function prefix(table, n) {
  return { ...table, numRows: n, columns: table.columns.map((c) => ({ ...c, values: c.values.subarray(0, n) })) };
}

/** What a query emitted, collected by its foreachBatch sink for batches up to `lastBatch`. */
class EmittedResult {
  /** @param {(typeof STREAMING_QUERIES)[number]} q */
  constructor(q) {
    this.q = q;
    this.lastBatch = Infinity;
    this.rows = 0;
    this.sumW = 0;
    if (q.keys !== undefined) {
      this.n = new Float64Array(q.keys);
      this.s = new Float64Array(q.keys);
      this.seen = new Uint8Array(q.keys);
    }
  }

  /** @param {import('../dist/api/index.js').Batch} b @param {number} batchId */
  add(b, batchId) {
    if (batchId > this.lastBatch) return;
    this.rows += b.numRows;
    if (this.q.keys === undefined) {
      const w = b.columns[1].data;
      let sum = 0;
      for (let i = 0; i < b.numRows; i++) sum += w[i];
      this.sumW += sum;
      return;
    }
    const k = b.columns[0].data, n = b.columns[1].data, s = b.columns[2].data;
    for (let i = 0; i < b.numRows; i++) {
      const key = k[i];
      this.n[key] = n[i];
      this.s[key] = s[i];
      this.seen[key] = 1;
    }
  }

  /** @param {import('../dist/api/index.js').Batch} reference the batch job's result over the same events */
  compare(reference) {
    if (this.q.keys === undefined) {
      let sum = 0;
      const w = reference.columns[1].data;
      for (let i = 0; i < reference.numRows; i++) sum += w[i];
      const ok = this.rows === reference.numRows && this.sumW === sum;
      return { ok, detail: `${this.rows} rows (batch job ${reference.numRows}), sum(w) ${this.sumW} (batch job ${sum})` };
    }
    let keys = 0;
    for (let i = 0; i < this.seen.length; i++) keys += this.seen[i];
    if (keys !== reference.numRows) return { ok: false, detail: `${keys} keys emitted, batch job has ${reference.numRows}` };
    const k = reference.columns[0].data, n = reference.columns[1].data, s = reference.columns[2].data;
    for (let i = 0; i < reference.numRows; i++) {
      const key = k[i];
      if (!this.seen[key] || this.n[key] !== n[i] || this.s[key] !== s[i]) {
        return { ok: false, detail: `key ${key}: streamed n=${this.n[key]} s=${this.s[key]}, batch job n=${n[i]} s=${s[i]}` };
      }
    }
    return { ok: true, detail: `latest values of all ${keys} keys equal the batch job's` };
  }
}

/**
 * Runs one query as a stream until `events` are processed or `budgetMs` is spent (checked after each batch).
 * @param {(typeof STREAMING_QUERIES)[number]} q @param {{ events: number; rowsPerBatch: number; budgetMs: number; log: (s: string) => void }} o
 */
async function streamThroughput(q, o) {
  const emitted = new EmittedResult(q);
  const batches = [];
  let processed = 0;
  const run = startBenchQuery({
    source: `connector = 'rate-micro-batch', rowsPerBatch = '${o.rowsPerBatch}'`, sql: q.sql, outputMode: q.outputMode,
    name: `bench_${q.name}`, onBatch: (b, batchId) => emitted.add(b, batchId),
    onProgress: (p, now) => {
      if (p.batchId > emitted.lastBatch) return;
      processed += p.numInputRows;
      batches.push({ batchId: p.batchId, events: p.numInputRows, durationMs: p.durationMs });
      o.log(`  batch ${p.batchId}: ${p.numInputRows} events in ${p.durationMs.triggerExecution} ms (addBatch ${p.durationMs.addBatch} ms)`);
      if (processed >= o.events || now - run.t0 >= o.budgetMs) {
        emitted.lastBatch = p.batchId;
        run.finish(now);
      }
    },
  });
  const endMs = await run.finished;
  const seconds = (endMs - run.t0) / 1000;
  return { seconds, processed, eventsPerSec: processed / seconds, batches, emitted, complete: processed >= o.events };
}

/**
 * Starts a streaming query of `sql` over a source `ev` (its WITH options in `source`) into a foreachBatch sink, on
 * a fresh session and temporary checkpoint. `onProgress` sees each batch's progress and the time; it calls
 * `finish(now)` when the measurement is done. `finished` then stops the query, removes the checkpoint and resolves
 * to the time `finish` was called (or rejects with the query's failure).
 * @param {{ source: string; sql: string; outputMode: string; name: string; onBatch: (b: any, batchId: number) => void;
 *   onProgress: (p: any, now: number) => void }} o
 */
function startBenchQuery(o) {
  /** @type {(v: { endMs: number } | { error: unknown }) => void} */
  let settle = () => {};
  const ended = new Promise((resolve) => { settle = resolve; });
  const run = {
    t0: 0,
    finish: (/** @type {number} */ endMs) => settle({ endMs }),
    finished: (async () => {
      const session = new Session();
      await session.execute(`CREATE SOURCE ev WITH (${o.source})`);
      const checkpoint = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-'));
      collectGarbage();
      run.t0 = performance.now();
      const query = session.sql(o.sql).writeStream
        .outputMode(o.outputMode)
        .option('checkpointLocation', checkpoint)
        .queryName(o.name)
        .foreachBatch(o.onBatch)
        .start();
      query.addListener({
        onQueryProgress: ({ progress }) => o.onProgress(progress, performance.now()),
        onQueryTerminated: (e) => { if (e.exception) settle({ error: e.exception }); },
      });
      const end = await ended;
      await query.stop();
      await session.stop();
      rmSync(checkpoint, { recursive: true, force: true });
      if ('error' in end) throw new Error(`streaming query ${o.name} failed: ${end.error}`);
      return end.endMs;
    })(),
  };
  return run;
}

/** A session with `table` registered as a static in-memory table. @param {import('./lib/bench-data.mjs').BenchTable} table */
function staticSession(table) {
  const session = new Session();
  registerSluiceTable(session, table);
  return session;
}

/** @param {number[]} sorted @param {number} p */
function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The latency run: the rate source at a steady rate, the default trigger, batch durations after a warm-up. */
async function streamLatency({ rate, seconds, log }) {
  const q = LATENCY_QUERY;
  const durations = [];
  /** Each measured batch's phase durations, to show where the slowest ones spent their time. */
  const phases = [];
  let events = 0, firstMeasuredAt = 0, lastAt = 0;
  const run = startBenchQuery({
    source: `connector = 'rate', rowsPerSecond = '${rate}'`, sql: q.sql, outputMode: q.outputMode,
    name: 'bench_latency', onBatch: () => {},
    onProgress: (p, now) => {
      if (now - run.t0 < LATENCY_WARMUP_MS) return;
      if (firstMeasuredAt === 0) { firstMeasuredAt = now; return; }
      durations.push(p.durationMs.triggerExecution);
      phases.push({ batchId: p.batchId, events: p.numInputRows, ...p.durationMs });
      events += p.numInputRows;
      lastAt = now;
      if (now - firstMeasuredAt >= seconds * 1000) run.finish(now);
    },
  });
  await run.finished;
  const sorted = [...durations].sort((a, b) => a - b);
  const result = {
    query: q.name,
    sql: q.sql,
    rowsPerSecond: rate,
    measuredSeconds: (lastAt - firstMeasuredAt) / 1000,
    batches: durations.length,
    eventsPerBatchMean: events / Math.max(1, durations.length),
    eventsPerSec: events / ((lastAt - firstMeasuredAt) / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    floorP99Ms: LATENCY_FLOOR_P99_MS,
    slowestBatches: [...phases].sort((a, b) => b.triggerExecution - a.triggerExecution).slice(0, 5),
  };
  result.floorOk = result.p99Ms <= LATENCY_FLOOR_P99_MS;
  log(`  ${result.batches} batches, ${result.eventsPerSec.toFixed(0)} events/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
  for (const b of result.slowestBatches) log(`  slow batch ${b.batchId}: ${JSON.stringify(b)}`);
  return result;
}

/** @param {{ rows: number; only?: readonly string[]; log: (s: string) => void }} opts */
export async function runStreamingSuite({ rows, only, log }) {
  const selected = (/** @type {string} */ name) => !only || only.length === 0 || only.includes(name);
  // At least ten triggers per run, so the figure is a stream's and not dominated by one start-up.
  const rowsPerBatch = envNumber('BENCH_STREAM_BATCH_ROWS', Math.max(1, Math.min(1_000_000, Math.floor(rows / 10))));
  const budgetMs = envNumber('BENCH_STREAM_SECONDS', 180) * 1000;
  const all = rateEvents(rows, rowsPerBatch);
  const reference = staticSession(all);
  const queries = [];
  for (const q of STREAMING_QUERIES.filter((x) => selected(x.name))) {
    log(`streaming ${q.name}: ${q.sql} (${q.outputMode} mode, ${rowsPerBatch} events per trigger)`);
    const stream = await streamThroughput(q, { events: rows, rowsPerBatch, budgetMs, log });
    log(`  ${stream.processed} events in ${stream.seconds.toFixed(2)} s: ${humanRate(stream.eventsPerSec)} events/s${stream.complete ? '' : ` (stopped by the ${budgetMs / 1000} s budget)`}`);
    const batchJob = await timeRuns(() => reference.sql(q.sql).toBatch());
    const verifyOn = stream.processed === rows ? batchJob.result : await staticSession(prefix(all, stream.processed)).sql(q.sql).toBatch();
    const check = stream.emitted.compare(verifyOn);
    log(`  batch job: ${(batchJob.bestMs / 1000).toFixed(3)} s (${humanRate(rows / (batchJob.bestMs / 1000))} events/s); check: ${check.ok ? 'ok' : 'FAILED'} — ${check.detail}`);
    queries.push({
      name: q.name,
      title: q.title,
      sql: q.sql,
      outputMode: q.outputMode,
      targetEvents: rows,
      eventsPerTrigger: rowsPerBatch,
      processedEvents: stream.processed,
      complete: stream.complete,
      streaming: { seconds: stream.seconds, eventsPerSec: stream.eventsPerSec, batches: stream.batches },
      batchJob: { bestMs: batchJob.bestMs, medianMs: batchJob.medianMs, runsMs: batchJob.runsMs, eventsPerSec: rows / (batchJob.bestMs / 1000) },
      floorEventsPerSec: q.floorEventsPerSec,
      floorOk: check.ok && stream.eventsPerSec >= q.floorEventsPerSec,
      check,
    });
  }
  let latency = null;
  if (selected('latency')) {
    const rate = envNumber('BENCH_LATENCY_RATE', 20_000);
    const seconds = envNumber('BENCH_LATENCY_SECONDS', 30);
    log(`latency: ${LATENCY_QUERY.sql} over the rate source at ${rate} events/s, default trigger, ${seconds} s after a ${LATENCY_WARMUP_MS / 1000} s warm-up`);
    latency = await streamLatency({ rate, seconds, log });
  }
  return { eventsPerTrigger: rowsPerBatch, budgetSeconds: budgetMs / 1000, queries, latency };
}

/** @param {Awaited<ReturnType<typeof runStreamingSuite>>} r */
export function formatStreamingReport(r) {
  const table = textTable(
    ['query', 'events', 'stream s', 'stream events/s', 'batch job s', 'batch job events/s', 'floor', 'floor ok?'],
    r.queries.map((q) => [
      q.title,
      `${q.processedEvents.toLocaleString('en-US')}${q.complete ? '' : ' (budget)'}`,
      q.streaming.seconds.toFixed(2), humanRate(q.streaming.eventsPerSec),
      (q.batchJob.bestMs / 1000).toFixed(3), humanRate(q.batchJob.eventsPerSec),
      humanRate(q.floorEventsPerSec), !q.check.ok ? 'WRONG RESULT' : q.floorOk ? 'ok' : 'MISSED',
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const l = r.latency;
  const head = `Streaming queries (rate-micro-batch source, ${r.eventsPerTrigger.toLocaleString('en-US')} events per trigger, default trigger; batch job = same SQL over a static table, best of 3)\n${table}`;
  if (l === null) return head;
  return `${head}\n\n`
    + `Latency: ${l.query} at ${l.rowsPerSecond.toLocaleString('en-US')} events/s (rate source, default trigger), ${l.batches} batches over ${l.measuredSeconds.toFixed(1)} s, `
    + `${l.eventsPerBatchMean.toFixed(0)} events per batch: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms; floor p99 <= ${l.floorP99Ms} ms: ${l.floorOk ? 'ok' : 'MISSED'}`;
}
