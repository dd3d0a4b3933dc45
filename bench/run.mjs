/**
 * `npm run bench` — Sluice's benchmark. Needs the compiled engine (`npm run build`) and the `@duckdb/node-api`
 * devDependency.
 *
 *   npm run bench                       every suite over 10 000 000 rows
 *   BENCH_ROWS=1000000 npm run bench    a quick run over 1 000 000 rows
 *   npm run bench -- batch              only the batch suite (or `streaming`, `windows`, `files`, `kafka`)
 *   npm run bench -- batch group_int    only the named batch queries (names in batch-queries.mjs)
 *   npm run bench -- group_1k latency   only the named streaming parts (streaming-queries.mjs, and `latency`)
 *
 * Prints a table per suite and writes every figure to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH_FLOOR, runBatchSuite } from './batch-suite.mjs';
import { BATCH_QUERIES } from './batch-queries.mjs';
import { STREAMING_QUERIES } from './streaming-queries.mjs';
import { openSingleThreadedDuckDB } from './lib/duckdb-tables.mjs';
import { humanRate, textTable } from './lib/text-table.mjs';

const SUITES = ['batch', 'streaming', 'windows', 'files', 'kafka'];
const here = path.dirname(fileURLToPath(import.meta.url));

const STREAMING_PARTS = [...STREAMING_QUERIES.map((q) => q.name), 'latency'];

function parseArgs(argv) {
  const suites = [], queries = [], streamingParts = [];
  for (const a of argv) {
    if (SUITES.includes(a)) suites.push(a);
    else if (BATCH_QUERIES.some((q) => q.name === a)) queries.push(a);
    else if (STREAMING_PARTS.includes(a)) streamingParts.push(a);
    else {
      process.stderr.write(`error: unknown argument '${a}'; expected a suite (${SUITES.join(', ')}), a batch query (${BATCH_QUERIES.map((q) => q.name).join(', ')}) or a streaming part (${STREAMING_PARTS.join(', ')})\n`);
      process.exit(2);
    }
  }
  if (queries.length > 0 && !suites.includes('batch')) suites.push('batch');
  if (streamingParts.length > 0 && !suites.includes('streaming')) suites.push('streaming');
  if (suites.length === 0) suites.push(...SUITES);
  return { suites, queries, streamingParts };
}

function rowsFromEnv() {
  const raw = process.env.BENCH_ROWS ?? '10000000';
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`error: BENCH_ROWS must be a positive integer, got '${raw}'\n`);
    process.exit(2);
  }
  return n;
}

const log = (/** @type {string} */ s) => process.stderr.write(`${s}\n`);

async function main() {
  const { suites, queries, streamingParts } = parseArgs(process.argv.slice(2));
  const rows = rowsFromEnv();
  const { connection, version } = await openSingleThreadedDuckDB();
  const report = {
    startedAt: new Date().toISOString(),
    rows,
    environment: {
      node: process.version,
      duckdb: version,
      duckdbThreads: 1,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      // Other processes compete for the CPUs on a shared machine; a load above the CPU count inflates every time.
      loadAverageAtStart: os.loadavg()[0],
    },
  };
  log(`Sluice benchmark: ${rows.toLocaleString('en-US')} rows; Node ${process.version}; DuckDB ${version} (1 thread); ${report.environment.cpu}`);
  let failed = false;

  if (suites.includes('batch')) {
    const batch = await runBatchSuite({ rows, connection, only: queries, log });
    report.batch = batch;
    const table = textTable(
      ['query', 'rows', 'Sluice s', 'Sluice rows/s', 'DuckDB s', 'DuckDB rows/s', 'ratio', `floor ${BATCH_FLOOR}x`, 'CPU ratio'],
      batch.queries.map((q) => [
        q.title, rows.toLocaleString('en-US'),
        (q.sluice.bestMs / 1000).toFixed(3), humanRate(q.sluice.rowsPerSec),
        (q.duckdb.bestMs / 1000).toFixed(3), humanRate(q.duckdb.rowsPerSec),
        `${q.ratio.toFixed(2)}x`, !q.check.ok ? 'WRONG RESULT' : q.floorOk ? 'ok' : 'MISSED', `${q.cpuRatio.toFixed(2)}x`,
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'r'],
    );
    process.stdout.write(`\nBatch queries (best of 3 after 1 warm-up; DuckDB with SET threads = 1; ratio = Sluice s / DuckDB s, wall time;\nCPU ratio = the same with process CPU time, steadier on a busy machine)\n${table}\n`);
    if (batch.queries.some((q) => !q.check.ok)) failed = true;
  }

  if (suites.includes('streaming')) {
    const { runStreamingSuite, formatStreamingReport } = await import('./streaming-suite.mjs');
    const streaming = await runStreamingSuite({ rows, only: streamingParts, log });
    report.streaming = streaming;
    process.stdout.write(`\n${formatStreamingReport(streaming)}\n`);
    if (streaming.queries.some((q) => !q.check.ok)) failed = true;
  }

  if (suites.includes('windows')) {
    const { runWindowBench, formatWindowReport } = await import('./window-bench.mjs');
    const windows = await runWindowBench({ rows, log });
    report.windows = windows;
    process.stdout.write(`\n${formatWindowReport(windows)}\n`);
    if (!windows.check.ok) failed = true;
  }

  if (suites.includes('files')) {
    const { runFilesBench, formatFilesReport } = await import('./files-bench.mjs');
    const files = await runFilesBench({ rows, log });
    report.files = files;
    process.stdout.write(`\n${formatFilesReport(files)}\n`);
  }

  if (suites.includes('kafka')) {
    const { runKafkaBench, formatKafkaReport } = await import('./kafka-bench.mjs');
    report.kafka = await runKafkaBench({ rows, log });
    process.stdout.write(`\n${formatKafkaReport(report.kafka)}\n`);
  }

  report.finishedAt = new Date().toISOString();
  report.environment.loadAverageAtEnd = os.loadavg()[0];
  if (Math.max(report.environment.loadAverageAtStart, report.environment.loadAverageAtEnd) > os.cpus().length) {
    log(`warning: the machine was busy (1-minute load average ${report.environment.loadAverageAtStart.toFixed(1)} at start, ${report.environment.loadAverageAtEnd.toFixed(1)} at end, ${os.cpus().length} CPUs); figures are pessimistic`);
  }
  const out = path.join(here, 'results', 'latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  log(`\nfigures written to ${path.relative(process.cwd(), out)}`);
  connection.closeSync();
  if (failed) {
    process.stderr.write('error: at least one query returned a wrong answer (see the checks above)\n');
    process.exitCode = 1;
  }
}

await main();
