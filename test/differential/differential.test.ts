/**
 * The differential suite: every case runs in Sluice and in DuckDB over the same generated tables (harness.ts) and
 * the results must match — Spark's semantics where the two engines differ (see each case's note).
 */
import { aggregateCases } from './aggregate.cases.js';
import { datetimeCases, filterCases, stringCases } from './functions.cases.js';
import { edgeCases } from './edge.cases.js';
import { defineCases } from './harness.js';
import { joinCases } from './join.cases.js';
import { explodeCases, orderCases, valuesCases } from './misc.cases.js';
import { projectionCases } from './projection.cases.js';
import { setopCases } from './setop.cases.js';
import { subqueryCases } from './subquery.cases.js';
import { windowCases } from './window.cases.js';

defineCases('projection and expressions', projectionCases);
defineCases('string functions', stringCases);
defineCases('date and time functions', datetimeCases);
defineCases('WHERE', filterCases);
defineCases('aggregation and DISTINCT', aggregateCases);
defineCases('joins', joinCases);
defineCases('subqueries and CTEs', subqueryCases);
defineCases('window functions', windowCases);
defineCases('set operations', setopCases);
defineCases('ORDER BY and LIMIT', orderCases);
defineCases('VALUES', valuesCases);
defineCases('explode and split', explodeCases);
defineCases('edge cases', edgeCases);
