/**
 * UNION [ALL], INTERSECT [ALL], EXCEPT [ALL]: set operations treat NULLs as equal to each other.
 * INTERSECT binds tighter than UNION and EXCEPT, which associate to the left (as in DuckDB).
 */
import type { DiffCase } from './harness.js';

export const setopCases: DiffCase[] = [
  { name: 'union removes duplicates and NULLs collapse', sql: 'SELECT k FROM t UNION SELECT k FROM u' },
  { name: 'union all keeps duplicates', sql: 'SELECT k FROM t UNION ALL SELECT k FROM u' },
  { name: 'union of two columns', sql: 'SELECT g, b FROM t UNION SELECT name, w > 0 FROM u' },
  { name: 'union all of two columns', sql: 'SELECT k, g FROM t WHERE id < 100 UNION ALL SELECT k, name FROM u WHERE id < 100' },
  { name: 'intersect', sql: 'SELECT k FROM t INTERSECT SELECT k FROM u' },
  { name: 'intersect with NULL rows', sql: 'SELECT k, b FROM t INTERSECT SELECT k, w > 50 FROM u' },
  { name: 'except', sql: 'SELECT k FROM u EXCEPT SELECT k FROM dim' },
  { name: 'except removes NULL too', sql: 'SELECT n FROM nums EXCEPT SELECT k FROM dim', note: 'dim has a NULL key, so NULL is removed.' },
  { name: 'except keeps NULL when the right has none', sql: 'SELECT n FROM nums EXCEPT SELECT n FROM nonull' },
  { name: 'intersect all', sql: 'SELECT n FROM nums INTERSECT ALL SELECT n FROM (SELECT n FROM nums UNION ALL SELECT 2) x' },
  { name: 'except all', sql: 'SELECT k FROM t EXCEPT ALL SELECT k FROM u' },
  { name: 'minus is except', sql: 'SELECT k FROM t MINUS SELECT k FROM u', duckdbSql: 'SELECT k FROM t EXCEPT SELECT k FROM u' },
  { name: 'union widens int to double', sql: 'SELECT k FROM dim UNION ALL SELECT w FROM u WHERE id < 20' },
  { name: 'union widens int to bigint', sql: 'SELECT k FROM dim UNION SELECT v FROM t WHERE id < 20' },
  { name: 'union of int and decimal', sql: 'SELECT k FROM dim UNION ALL SELECT dec FROM t WHERE id < 20' },
  { name: 'union of strings and NULL literal', sql: 'SELECT label FROM dim UNION ALL SELECT NULL FROM small' },
  { name: 'union with empty table', sql: 'SELECT k, g FROM e UNION SELECT k, label FROM dim' },
  { name: 'intersect with empty table', sql: 'SELECT k FROM t INTERSECT SELECT k FROM e' },
  { name: 'except empty table', sql: 'SELECT DISTINCT k FROM dim EXCEPT SELECT k FROM e' },
  { name: 'chained union and except', sql: 'SELECT k FROM t UNION SELECT k FROM u EXCEPT SELECT k FROM dim' },
  { name: 'intersect binds tighter than union', sql: 'SELECT n FROM nums UNION SELECT k FROM dim INTERSECT SELECT k FROM u' },
  { name: 'parenthesised set operation', sql: 'SELECT n FROM nums UNION ALL (SELECT k FROM dim EXCEPT SELECT n FROM nonull)' },
  { name: 'order by and limit on a union', sql: 'SELECT k FROM dim UNION SELECT n FROM nums ORDER BY k DESC NULLS LAST LIMIT 5', ordered: true },
  { name: 'union result ordered with nulls first', sql: 'SELECT k AS x FROM dim UNION ALL SELECT n FROM nums ORDER BY x', ordered: true },
  { name: 'parenthesised operand with its own limit', sql: '(SELECT id FROM t ORDER BY id LIMIT 3) UNION ALL (SELECT id FROM u ORDER BY id DESC LIMIT 2)' },
  { name: 'aggregate over union', sql: 'SELECT k, count(*) FROM (SELECT k FROM t UNION ALL SELECT k FROM u) x GROUP BY k' },
  { name: 'union of aggregates', sql: "SELECT 'max', max(d) FROM t UNION ALL SELECT 'min', min(d) FROM t" },
  { name: 'union with VALUES', sql: 'SELECT n FROM nums UNION SELECT * FROM (VALUES (7), (NULL), (1)) AS v(n)' },
  { name: 'union names come from the left', sql: 'SELECT x FROM (SELECT k AS x FROM dim UNION SELECT n AS y FROM nums) s WHERE x > 2' },
  { name: 'union all of three', sql: 'SELECT id FROM small UNION ALL SELECT id FROM small UNION ALL SELECT k FROM dim' },
  { name: 'distinct over union all', sql: 'SELECT DISTINCT n FROM (SELECT n FROM nums UNION ALL SELECT n FROM nonull) x' },
];
