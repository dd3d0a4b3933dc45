import { it } from 'vitest';
import { Session } from '../../src/api/session.js';
it('e2e', async () => {
  const s = new Session({ out: () => {} });
  const qs = [
    "SELECT round(2.5), bround(2.5), round(1234.5678, 2), substring('Spark SQL', -3), split('a,b,,c', ',')",
    "SELECT regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1), concat('a', NULL), concat_ws(',', 'a', NULL, 'b'), lpad('hi', 5, '??'), instr('SparkSQL','SQL')",
    "SELECT hash(1), hash('abc'), md5('Spark'), 'abc' LIKE 'a%', 'abc' NOT LIKE 'a\\\\%c', 'a_c' LIKE 'a/_c' ESCAPE '/'",
    "SELECT date_trunc('HOUR', TIMESTAMP '2024-02-29 13:14:15'), TIMESTAMP '2024-01-31 10:00:00' + INTERVAL '1' MONTH, DATE '2024-02-28' + 1, year(DATE '2024-02-29')",
    "SELECT named_struct('a', 1, 'b', 'x'), struct(1, 'a'), from_json('{\"a\":1}', 'a INT'), to_json(named_struct('a', 1)), array(1,2)[0], map(1,'a')[1]",
    "SELECT CAST(1.5 AS DECIMAL(4,2)), CAST('1.9' AS INT), CAST(1e10 AS STRING), CAST(array(1,2) AS STRING), coalesce(NULL, 1, 2), if(1 > 0, 'a', 'b')",
    "SELECT DATE '2024-01-31' + INTERVAL '1' DAY, TIMESTAMP '2024-01-02 00:00:00' - TIMESTAMP '2024-01-01 00:00:00', -INTERVAL '1' DAY",
    "SELECT greatest(1, 2.5, 2L), nullif(1, 1), nvl2(NULL, 1, 2), rand() < 1, element_at(array(1,2,3), -1), size(NULL)",
  ];
  for (const q of qs) {
    try { console.log(JSON.stringify(await s.sql(q).collectArrays())); } catch (e) { console.log('ERR', q, (e as Error).message); }
  }
});
