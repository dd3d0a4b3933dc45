/**
 * The batch benchmark: generates the tables once, loads them into Sluice (in-memory table over the generated
 * arrays) and into single-threaded DuckDB, then times each query in both engines — one warm-up, then the best
 * and the median of three timed runs — and checks that both returned the same answer.
 *
 * Throughput is input rows per second: the 10M rows of `facts` divided by the best time (the join also reads
 * the 100k rows of `dim`, which is not counted). The ratio is Sluice's best time over DuckDB's; the floor
 * (issue 2) is 3×.
 */
import { Session } from '../dist/api/index.js';
import { BATCH_QUERIES } from './batch-queries.mjs';
import { generateDim, generateFacts } from './lib/bench-data.mjs';
import { loadDuckDBTable } from './lib/duckdb-tables.mjs';
import { checkSameResult } from './lib/result-check.mjs';
import { registerSluiceTable } from './lib/sluice-tables.mjs';
import { timeRuns } from './lib/timing.mjs';

export const BATCH_FLOOR = 3;

/**
 * @param {{ rows: number; connection: import('@duckdb/node-api').DuckDBConnection; only?: readonly string[]; log: (s: string) => void }} opts
 */
export async function runBatchSuite({ rows, connection, only, log }) {
  let t0 = performance.now();
  const facts = generateFacts(rows);
  const dim = generateDim();
  const generateMs = performance.now() - t0;
  log(`generated facts (${rows.toLocaleString('en-US')} rows) and dim (${dim.numRows.toLocaleString('en-US')} rows) in ${(generateMs / 1000).toFixed(2)} s`);

  t0 = performance.now();
  const session = new Session();
  registerSluiceTable(session, facts);
  registerSluiceTable(session, dim);
  const sluiceLoadMs = performance.now() - t0;

  t0 = performance.now();
  await loadDuckDBTable(connection, facts);
  await loadDuckDBTable(connection, dim);
  const duckdbLoadMs = performance.now() - t0;
  log(`loaded DuckDB in ${(duckdbLoadMs / 1000).toFixed(2)} s (not part of any query time)`);

  const queries = BATCH_QUERIES.filter((q) => !only || only.length === 0 || only.includes(q.name));
  const results = [];
  for (const q of queries) {
    log(`${q.name}: ${q.sql}`);
    const sluice = await timeRuns(() => session.sql(q.sql).toBatch());
    const duck = await timeRuns(() => connection.run(q.sql));
    const resultRows = sluice.result.numRows;
    const duckRows = duck.result.rowCount;
    duck.result = undefined;
    const check = duckRows !== resultRows
      ? { ok: false, method: 'rows', detail: `Sluice returned ${resultRows} rows, DuckDB ${duckRows}` }
      : await checkSameResult(connection, q.sql, sluice.result, q.ordered === true);
    const ratio = sluice.bestMs / duck.bestMs;
    const entry = {
      name: q.name,
      title: q.title,
      sql: q.sql,
      inputRows: rows,
      resultRows,
      sluice: { bestMs: sluice.bestMs, medianMs: sluice.medianMs, runsMs: sluice.runsMs, rowsPerSec: rows / (sluice.bestMs / 1000), cpuBestMs: sluice.cpuBestMs, cpuRunsMs: sluice.cpuRunsMs },
      duckdb: { bestMs: duck.bestMs, medianMs: duck.medianMs, runsMs: duck.runsMs, rowsPerSec: rows / (duck.bestMs / 1000), cpuBestMs: duck.cpuBestMs, cpuRunsMs: duck.cpuRunsMs },
      ratio,
      cpuRatio: sluice.cpuBestMs / duck.cpuBestMs,
      floor: BATCH_FLOOR,
      floorOk: check.ok && ratio <= BATCH_FLOOR,
      check,
    };
    log(`  Sluice ${fmtMs(sluice.bestMs)} (median ${fmtMs(sluice.medianMs)}, CPU ${fmtMs(sluice.cpuBestMs)}), DuckDB ${fmtMs(duck.bestMs)} (median ${fmtMs(duck.medianMs)}, CPU ${fmtMs(duck.cpuBestMs)}), ratio ${ratio.toFixed(2)} (CPU ${entry.cpuRatio.toFixed(2)}); check: ${check.ok ? 'ok' : 'FAILED'} — ${check.detail}`);
    results.push(entry);
  }
  return { generateMs, sluiceLoadMs, duckdbLoadMs, queries: results };
}

/** @param {number} ms */
function fmtMs(ms) { return `${(ms / 1000).toFixed(3)} s`; }
