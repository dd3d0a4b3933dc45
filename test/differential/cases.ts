/** Every differential case file, titled, in the order the suite runs them (differential.test.ts, spark-dump.test.ts). */
import { aggregateCases } from './aggregate.cases.js';
import { edgeCases } from './edge.cases.js';
import { datetimeCases, filterCases, stringCases } from './functions.cases.js';
import type { DiffCase } from './harness.js';
import { joinCases } from './join.cases.js';
import { explodeCases, orderCases, valuesCases } from './misc.cases.js';
import { projectionCases } from './projection.cases.js';
import { setopCases } from './setop.cases.js';
import { subqueryCases } from './subquery.cases.js';
import { windowCases } from './window.cases.js';

export const caseGroups: readonly (readonly [title: string, cases: readonly DiffCase[]])[] = [
  ['projection and expressions', projectionCases],
  ['string functions', stringCases],
  ['date and time functions', datetimeCases],
  ['WHERE', filterCases],
  ['aggregation and DISTINCT', aggregateCases],
  ['joins', joinCases],
  ['subqueries and CTEs', subqueryCases],
  ['window functions', windowCases],
  ['set operations', setopCases],
  ['ORDER BY and LIMIT', orderCases],
  ['VALUES', valuesCases],
  ['explode and split', explodeCases],
  ['edge cases', edgeCases],
];
