import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { buildTables, engines, runDuck, type DiffCase } from './harness.js';
import { aggregateCases } from './aggregate.cases.js';
import { datetimeCases, filterCases, stringCases } from './functions.cases.js';
import { joinCases } from './join.cases.js';
import { explodeCases, orderCases, valuesCases } from './misc.cases.js';
import { projectionCases } from './projection.cases.js';
import { setopCases } from './setop.cases.js';
import { subqueryCases } from './subquery.cases.js';
import { windowCases } from './window.cases.js';
import { edgeCases } from './edge.cases.js';
it('dump', async () => {
  const e = await engines();
  const all: [string, DiffCase[]][] = [['projection', projectionCases], ['string', stringCases], ['datetime', datetimeCases], ['filter', filterCases], ['aggregate', aggregateCases], ['join', joinCases], ['subquery', subqueryCases], ['window', windowCases], ['setop', setopCases], ['order', orderCases], ['values', valuesCases], ['explode', explodeCases], ['edge', edgeCases]];
  const cases = [];
  for (const [file, cs] of all) for (const c of cs) {
    let ref: unknown;
    try { ref = c.expected ?? await runDuck(e, c.duckdbSql ?? c.sql); } catch (err) { ref = 'ERR ' + (err as Error).message; }
    cases.push({ file, name: c.name, sql: c.sql, ref, ordered: c.ordered ?? false, sortArrays: c.sortArrays ?? false, knownBug: c.knownBug ?? null });
  }
  const tables = buildTables().map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.spark })), rows: t.rows }));
  writeFileSync('/tmp/dt/cases.json', JSON.stringify({ tables, cases }));
}, 120000);
