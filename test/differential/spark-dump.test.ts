/**
 * Not a check of its own: with SLUICE_SPARK_DUMP=<file> set, writes the generated tables and every case's
 * reference answer (its `expected` rows, or DuckDB's answer to its DuckDB query) to <file>, for
 * spark-crosscheck.py to run the same SQL through real Spark and report where a reference is not Spark's answer:
 *
 *   SLUICE_SPARK_DUMP=/tmp/cases.json npx vitest run test/differential/spark-dump.test.ts
 *   .venv-spark/bin/python test/differential/spark-crosscheck.py /tmp/cases.json
 *
 * (scripts/spark-reference/install.sh sets up .venv-spark.) Skipped without the variable.
 */
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { caseGroups } from './cases.js';
import { buildTables, engines, runDuck } from './harness.js';

const target = process.env.SLUICE_SPARK_DUMP;

it.skipIf(!target)('dumps tables and reference answers for the Spark cross-check', async () => {
  const e = await engines();
  const cases = [];
  for (const [group, cs] of caseGroups) {
    for (const c of cs) {
      let reference: unknown;
      try {
        reference = c.expected ?? await runDuck(e, c.duckdbSql ?? c.sql);
      } catch (err) {
        reference = { error: (err as Error).message };
      }
      cases.push({ group, name: c.name, sql: c.sql, reference, ordered: c.ordered ?? false, sortArrays: c.sortArrays ?? false });
    }
  }
  const tables = buildTables().map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.spark })), rows: t.rows }));
  writeFileSync(target!, JSON.stringify({ tables, cases }));
}, 120_000);
