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
 * @template T
 * @param {() => Promise<T>} run
 * @param {{ warmups?: number; runs?: number }} [opts]
 * @returns {Promise<{ bestMs: number; medianMs: number; runsMs: number[]; result: T }>}
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
  const runsMs = [];
  for (let i = 0; i < runs; i++) {
    result = undefined;
    collectGarbage();
    const t0 = performance.now();
    result = await run();
    runsMs.push(performance.now() - t0);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { bestMs: sorted[0], medianMs: sorted[(sorted.length - 1) >> 1], runsMs, result: /** @type {T} */ (result) };
}

export { collectGarbage };
