/**
 * Issue 4's figure: a sliding-window count (10-minute windows every minute, 10,000 keys, a 1-minute watermark)
 * over generated events, through a streaming query in append mode; events/s and the state rows held at the end,
 * which must be bounded by the open windows (at most 12 × 10,000), not by the input.
 *
 * Events come from the rate-micro-batch source: 1M per trigger, event time advancing 1 minute per trigger.
 * The emitted counts are checked against the counts computed directly from the generated values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../dist/api/index.js';

const KEYS = 10_000;
const FLOOR = 1_000_000;

export async function runWindowBench({ rows, log = () => {} }) {
  const perBatch = Math.min(1_000_000, Math.max(10_000, Math.floor(rows / 10)));
  const batches = Math.max(1, Math.floor(rows / perBatch));
  const events = perBatch * batches;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-window-bench-'));
  try {
    const s = new Session({ out: () => {} });
    await s.execute(`CREATE SOURCE ev (timestamp TIMESTAMP, value BIGINT, WATERMARK FOR timestamp AS timestamp - INTERVAL '1' MINUTE)
      WITH (connector = 'rate-micro-batch', rowsPerBatch = ${perBatch}, advanceMillisPerBatch = 60000, startTimestamp = 1767225600000)`);
    const sql = `SELECT window(timestamp, '10 minutes', '1 minute') AS w, value % ${KEYS} AS k, count(*) AS n
      FROM ev GROUP BY window(timestamp, '10 minutes', '1 minute'), value % ${KEYS}`;
    log(`windows: ${events} events, ${perBatch} per trigger`);
    // Each trigger b carries perBatch events at time start + b minutes, spread evenly over the keys: a closed
    // window's count for a key is (triggers inside the window) × perBatch / KEYS.
    const startUs = 1767225600000 * 1000, minuteUs = 60_000_000;
    let emitted = 0, wrong = 0;
    const progress = [];
    const t0 = performance.now();
    const q = s.sql(sql).writeStream.outputMode('append')
      .foreachBatch((b) => {
        emitted += b.numRows;
        const w = b.columns[0].data, n = b.columns[2].data;
        for (let i = 0; i < b.numRows; i++) {
          let inside = 0;
          for (let t = 0; t < batches; t++) { const ts = startUs + t * minuteUs; if (ts >= w[i].start && ts < w[i].end) inside++; }
          if (n[i] !== inside * (perBatch / KEYS)) wrong++;
        }
      })
      .option('checkpointLocation', path.join(dir, 'ck')).start();
    q.addListener({ onQueryProgress: (e) => progress.push(e.progress) });
    await q.ready();
    while (!q.lastProgress || q.lastProgress.batchId < batches - 1) await new Promise((r) => setTimeout(r, 2));
    const ms = performance.now() - t0;
    await q.stop();
    const processed = progress.filter((p) => p.batchId < batches).reduce((a, p) => a + p.numInputRows, 0);
    const stateRows = q.lastProgress.stateOperators[0]?.numRowsTotal ?? 0;
    // Open windows: those ending after the watermark (max time − 1 minute): size/slide + delay/slide + 1 = 12.
    const openBound = 12 * KEYS;
    return {
      events, perBatch, ms, eventsPerSec: processed / (ms / 1000), stateRows, openBound, emittedRows: emitted,
      check: { ok: wrong === 0 && emitted > 0, detail: `${emitted} window rows emitted, ${wrong} with a wrong count` },
      floor: FLOOR, floorOk: processed / (ms / 1000) >= FLOOR && stateRows <= openBound,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatWindowReport(r) {
  return [
    'Sliding-window count (10-minute windows every minute, 10,000 keys, 1-minute watermark, append mode)',
    `  events          ${r.events.toLocaleString('en-US')} (${r.perBatch.toLocaleString('en-US')} per trigger)`,
    `  events/s        ${Math.round(r.eventsPerSec).toLocaleString('en-US')}  (floor ${r.floor.toLocaleString('en-US')})`,
    `  state rows      ${r.stateRows.toLocaleString('en-US')} at the end (open windows bound ${r.openBound.toLocaleString('en-US')})`,
    `  emitted rows    ${r.emittedRows.toLocaleString('en-US')} (${r.check.detail})`,
    `  floor           ${r.floorOk ? 'met' : 'MISSED'}`,
  ].join('\n');
}
