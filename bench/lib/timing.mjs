/**
 * Wall-clock timing of one engine's query: warm-up runs first (JIT, caches), then timed runs, each preceded by
 * a full garbage collection so that garbage left by the previous run is not charged to the next one.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
/** @type {() => void} */
const collectGarbage = vm.runInNewContext('gc');

/**
 * Besides wall time, each run's CPU time of the whole process (user + system, all threads: for Sluice the main
 * thread and V8's GC helpers, for DuckDB its one worker thread). On a shared machine CPU time is the steadier
 * figure, since time spent waiting for a CPU does not count.
 *
 * @template T
 * @param {() => Promise<T>} run
 * @param {{ warmups?: number; runs?: number }} [opts]
 * @returns {Promise<{ bestMs: number; medianMs: number; runsMs: number[]; cpuBestMs: number; cpuRunsMs: number[]; result: T }>}
 */
export async function timeRuns(run, opts = {}) {
  const warmups = opts.warmups ?? 1, runs = opts.runs ?? 3;
  /** @type {T | undefined} */
  let result;
  for (let i = 0; i < warmups; i++) {
    result = undefined;
    collectGarbage();
    result = await run();
  }
  const runsMs = [], cpuRunsMs = [];
  for (let i = 0; i < runs; i++) {
    result = undefined;
    collectGarbage();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = await run();
    runsMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuRunsMs.push((c.user + c.system) / 1000);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return {
    bestMs: sorted[0], medianMs: sorted[(sorted.length - 1) >> 1], runsMs,
    cpuBestMs: Math.min(...cpuRunsMs), cpuRunsMs, result: /** @type {T} */ (result),
  };
}

export { collectGarbage };
