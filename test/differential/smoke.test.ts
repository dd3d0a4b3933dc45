import { it, expect } from 'vitest';
import { Session } from '/work/main/src/api/session.js';
it('smoke', async () => {
  const s = new Session({ out: () => {} });
  s.createDataFrame([{a:1,b:'x'},{a:null,b:'y'},{a:3,b:null}], 'a INT, b STRING').createOrReplaceTempView('t');
  console.log(await s.sql('SELECT a, b, a/2, concat(b, a) FROM t').collectArrays());
  console.log(await s.sql('SELECT b, count(*), sum(a) FROM t GROUP BY b ORDER BY b').collectArrays());
  const {DuckDBInstance} = await import('@duckdb/node-api'); const db = await DuckDBInstance.create(':memory:'); const c = await db.connect(); await c.run("SET threads=1");
  const r = await c.runAndReadAll("select 1::bigint as x, 1.5::decimal(10,2) as d, timestamp '2020-01-01 00:00:00' as t, date '2020-01-01' as dd, [1,2] as l, {'a':1} as s, sum(1) as h");
  console.log(r.getRowObjects(), r.columnTypes().map(String));
});
