/**
 * Runs one batch query of the benchmark in Sluice only, several times over the generated tables, for a CPU
 * profile of the engine:
 *
 *   node --max-old-space-size=16384 --cpu-prof --cpu-prof-dir=prof bench/profile-query.mjs hash_join
 *   BENCH_ROWS=1000000 BENCH_REPS=10 node --cpu-prof bench/profile-query.mjs group_int
 *
 * Prints each run's wall time; open the .cpuprofile in Chrome DevTools (Performance → Load profile).
 */
import { Session } from '../dist/api/index.js';
import { BATCH_QUERIES } from './batch-queries.mjs';
import { generateDim, generateFacts } from './lib/bench-data.mjs';
import { registerSluiceTable } from './lib/sluice-tables.mjs';

const name = process.argv[2];
const q = BATCH_QUERIES.find((x) => x.name === name);
if (!q) {
  process.stderr.write(`usage: node bench/profile-query.mjs <${BATCH_QUERIES.map((x) => x.name).join('|')}>\n`);
  process.exit(2);
}
const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const reps = Number(process.env.BENCH_REPS ?? 5);
const session = new Session();
registerSluiceTable(session, generateFacts(rows));
registerSluiceTable(session, generateDim());
for (let i = 0; i < reps; i++) {
  const t0 = performance.now();
  const b = await session.sql(q.sql).toBatch();
  process.stdout.write(`${q.name} run ${i + 1}: ${b.numRows} rows in ${(performance.now() - t0).toFixed(1)} ms\n`);
}
