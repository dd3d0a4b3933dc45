/**
 * The differential suite: every case runs in Sluice and in DuckDB over the same generated tables (harness.ts) and
 * the results must match — Spark's semantics where the two engines differ (see each case's note).
 */
import { caseGroups } from './cases.js';
import { defineCases } from './harness.js';

for (const [title, cases] of caseGroups) defineCases(title, cases);
