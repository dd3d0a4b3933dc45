import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';

/** The functions as a user reaches them: SQL text in, rows out, through the session's analyzer and compiler. */
describe('scalar functions through SQL', () => {
  const session = new Session({ out: () => {} });
  const rows = async (sql: string): Promise<unknown[][]> => session.sql(sql).collectArrays();

  it("evaluates Spark's documented examples", async () => {
    expect(await rows("SELECT round(2.5), round(-2.5), bround(2.5), substring('Spark SQL', -3), split('a,b,,c', ',')"))
      .toEqual([[3, -3, 2, 'SQL', ['a', 'b', '', 'c']]]);
    expect(await rows("SELECT regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1), concat('a', NULL), concat_ws(',', 'a', NULL, 'b'), lpad('hi', 5, '??'), instr('SparkSQL', 'SQL')"))
      .toEqual([['100', null, 'a,b', '???hi', 6]]);
    expect(await rows("SELECT hash(1), hash('abc'), md5('Spark'), 'abc' LIKE 'a%', 'a_c' LIKE 'a/_c' ESCAPE '/', 'Spark' RLIKE '^S.*k$'"))
      .toEqual([[-559580957, 1322437556, '8cde774d6f7333752ed72cacddb05126', true, true, true]]);
  });

  it('works over a table with NULLs', async () => {
    session.createDataFrame([
      { name: 'alice', born: '1990-02-28 10:30:00', score: 2.675 },
      { name: null, born: null, score: null },
      { name: 'Bob', born: 'not a date', score: -1.5 },
    ], 'name STRING, born STRING, score DOUBLE').createOrReplaceTempView('people');
    expect(await rows(`SELECT upper(name), length(name), year(born), hour(CAST(born AS TIMESTAMP)), round(score, 2), abs(score),
      coalesce(name, 'anonymous'), date_format(to_timestamp(born), 'yyyy/MM/dd') FROM people`))
      .toEqual([
        ['ALICE', 5, 1990, 10, 2.68, 2.675, 'alice', '1990/02/28'],
        [null, null, null, null, null, null, 'anonymous', null],
        ['BOB', 3, null, null, -1.5, 1.5, 'Bob', null],
      ]);
  });

  it('casts with non-ANSI semantics', async () => {
    expect(await rows("SELECT CAST('1.9' AS INT), CAST('x' AS INT), CAST(1e10 AS STRING), CAST(array(1, 2) AS STRING), CAST(3000000000L AS INT), CAST(1e20 AS INT)"))
      .toEqual([[1, null, '1.0E10', '[1, 2]', -1294967296, 2147483647]]);
  });

  it('builds and reads nested values', async () => {
    expect(await rows("SELECT named_struct('a', 1, 'b', 'x'), from_json('{\"a\":1}', 'a INT'), to_json(named_struct('a', 1)), array(1, 2)[0], map(1, 'a')[1], element_at(array(1, 2, 3), -1), size(NULL)"))
      .toEqual([[{ a: 1, b: 'x' }, { a: 1 }, '{"a":1}', 1, 'a', 3, -1]]);
  });

  it('does date and interval arithmetic', async () => {
    expect(await rows("SELECT date_trunc('HOUR', TIMESTAMP '2024-02-29 13:14:15'), TIMESTAMP '2024-01-31 10:00:00' + INTERVAL '1' MONTH, DATE '2024-02-28' + 1, datediff(DATE '2024-03-01', DATE '2024-02-01')"))
      .toEqual([['2024-02-29T13:00:00.000Z', '2024-02-29T10:00:00.000Z', '2024-02-29', 29]]);
  });
});
