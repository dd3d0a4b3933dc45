/**
 * The DataFrame API: each DataFrame query is checked against its SQL twin (same rows), and the API's own
 * behaviour (schema, show, count, toArrow, joins by name and by condition, window specs) is pinned.
 */
import { describe, expect, it } from 'vitest';
import {
  Session, Window, avg, col, count, countDistinct, explode, expr, lit, max, row_number, split, sum, upper, when,
} from '../../src/api/index.js';
import type { DataFrame } from '../../src/api/dataframe.js';

function session(): { s: Session; printed: string[] } {
  const printed: string[] = [];
  const s = new Session({ out: (t) => printed.push(t) });
  s.createDataFrame([
    { id: 1, dept: 'eng', name: 'ana', salary: 120, hired: 17532 },
    { id: 2, dept: 'eng', name: 'bo', salary: 100, hired: 17900 },
    { id: 3, dept: 'ops', name: 'cy', salary: 90, hired: 18000 },
    { id: 4, dept: 'ops', name: 'dee', salary: null, hired: 18100 },
    { id: 5, dept: null, name: 'eve', salary: 70, hired: 18200 },
  ], 'id INT, dept STRING, name STRING, salary INT, hired DATE').createOrReplaceTempView('emp');
  s.createDataFrame([{ dept: 'eng', floor: 3 }, { dept: 'ops', floor: 1 }, { dept: 'hr', floor: 2 }], 'dept STRING, floor INT')
    .createOrReplaceTempView('depts');
  return { s, printed };
}

const canon = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

async function same(df: DataFrame, sql: string, s: Session): Promise<unknown[][]> {
  const a = await df.collectArrays();
  const b = await s.sql(sql).collectArrays();
  expect(canon(a)).toEqual(canon(b));
  expect(df.columns).toEqual(s.sql(sql).columns);
  return a;
}

describe('DataFrame queries equal their SQL twins', () => {
  it('select, where, withColumn, drop, rename', async () => {
    const { s } = session();
    const emp = s.table('emp');
    const rows = await same(
      emp.where(col('salary').gt(80)).select(col('name'), col('salary').multiply(2).as('double_pay')),
      'SELECT name, salary * 2 AS double_pay FROM emp WHERE salary > 80', s);
    expect(rows).toHaveLength(3);
    await same(emp.withColumn('up', upper(col('name'))).drop('hired', 'salary'), 'SELECT id, dept, name, upper(name) AS up FROM emp', s);
    await same(emp.withColumnRenamed('name', 'who').select('who'), 'SELECT name AS who FROM emp', s);
    await same(emp.selectExpr('id + 1 AS next', 'lower(dept) d'), 'SELECT id + 1 AS next, lower(dept) d FROM emp', s);
    await same(emp.filter('salary IS NULL').select('name'), "SELECT name FROM emp WHERE salary IS NULL", s);
  });

  it('groupBy with agg, count and shortcut aggregates', async () => {
    const { s } = session();
    const emp = s.table('emp');
    const rows = await same(emp.groupBy('dept').agg(count('*').as('n'), sum('salary').as('total'), avg('salary').as('mean')),
      'SELECT dept, count(*) AS n, sum(salary) AS total, avg(salary) AS mean FROM emp GROUP BY dept', s);
    expect(canon(rows)).toEqual(canon([['eng', 2, 220, 110], ['ops', 2, 90, 90], [null, 1, 70, 70]]));
    await same(emp.groupBy('dept').count(), 'SELECT dept, count(*) AS count FROM emp GROUP BY dept', s);
    await same(emp.groupBy().agg(countDistinct('dept').as('d'), max('hired').as('last')), 'SELECT count(DISTINCT dept) AS d, max(hired) AS last FROM emp', s);
  });

  it('joins by column name, by condition, and outer', async () => {
    const { s } = session();
    const emp = s.table('emp'), depts = s.table('depts');
    await same(emp.join(depts, 'dept').select('name', 'floor'), 'SELECT name, floor FROM emp JOIN depts USING (dept)', s);
    await same(emp.join(depts, emp.col('dept').eq(depts.col('dept')), 'left').select(emp.col('name'), depts.col('floor')),
      'SELECT e.name, d.floor FROM emp e LEFT JOIN depts d ON e.dept = d.dept', s);
    await same(depts.join(emp, 'dept', 'left_anti'), 'SELECT * FROM depts LEFT ANTI JOIN emp USING (dept)', s);
    const full = await emp.join(depts, 'dept', 'full').select('dept', 'name', 'floor').collectArrays();
    expect(canon(full)).toEqual(canon([
      ['eng', 'ana', 3], ['eng', 'bo', 3], ['ops', 'cy', 1], ['ops', 'dee', 1], [null, 'eve', null], ['hr', null, 2],
    ]));
  });

  it('orderBy, limit, distinct, union, intersect, subtract', async () => {
    const { s } = session();
    const emp = s.table('emp');
    const ordered = await emp.orderBy(col('salary').desc_nulls_last(), 'name').select('name').limit(3).collectArrays();
    expect(ordered).toEqual([['ana'], ['bo'], ['cy']]);
    expect(await emp.orderBy(col('salary').asc()).select('name').limit(1).collectArrays()).toEqual([['dee']]);
    await same(emp.select('dept').distinct(), 'SELECT DISTINCT dept FROM emp', s);
    await same(emp.select('dept').union(s.table('depts').select('dept')), 'SELECT dept FROM emp UNION ALL SELECT dept FROM depts', s);
    await same(emp.select('dept').intersect(s.table('depts').select('dept')), 'SELECT dept FROM emp INTERSECT SELECT dept FROM depts', s);
    await same(s.table('depts').select('dept').subtract(emp.select('dept')), 'SELECT dept FROM depts EXCEPT SELECT dept FROM emp', s);
  });

  it('when/otherwise, expr, lit, explode(split)', async () => {
    const { s } = session();
    const emp = s.table('emp');
    await same(emp.select(col('name'), when(col('salary').geq(100), 'high').when(col('salary').isNull(), 'unknown').otherwise('low').as('band')),
      "SELECT name, CASE WHEN salary >= 100 THEN 'high' WHEN salary IS NULL THEN 'unknown' ELSE 'low' END AS band FROM emp", s);
    await same(emp.select(expr('id * 10').as('x'), lit(7).as('seven')), 'SELECT id * 10 AS x, 7 AS seven FROM emp', s);
    const words = s.createDataFrame([{ line: 'to be or' }, { line: 'not to be' }], 'line STRING');
    const counts = await words.select(explode(split(col('line'), ' ')).as('word')).groupBy('word').count().collectArrays();
    expect(canon(counts)).toEqual(canon([['to', 2], ['be', 2], ['or', 1], ['not', 1]]));
  });

  it('window functions through Window specs', async () => {
    const { s } = session();
    const emp = s.table('emp');
    await same(
      emp.select(col('name'), row_number().over(Window.partitionBy('dept').orderBy(col('salary').desc())).as('rn'),
        sum('salary').over(Window.partitionBy('dept')).as('dept_total')),
      'SELECT name, row_number() OVER (PARTITION BY dept ORDER BY salary DESC) AS rn, sum(salary) OVER (PARTITION BY dept) AS dept_total FROM emp', s);
    await same(emp.select(col('id'), sum('id').over(Window.orderBy('id').rowsBetween(-1, 0)).as('pair')),
      'SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair FROM emp', s);
  });
});

describe('DataFrame behaviour', () => {
  it('reports its schema and prints like Spark', async () => {
    const { s, printed } = session();
    const emp = s.table('emp');
    expect(emp.columns).toEqual(['id', 'dept', 'name', 'salary', 'hired']);
    expect(emp.dtypes).toEqual([['id', 'int'], ['dept', 'string'], ['name', 'string'], ['salary', 'int'], ['hired', 'date']]);
    emp.select('id', 'name').printSchema();
    expect(printed.pop()).toBe('root\n |-- id: int (nullable = true)\n |-- name: string (nullable = true)');
    await emp.select('id', 'name').orderBy('id').show(2);
    expect(printed.pop()).toBe('+---+----+\n| id|name|\n+---+----+\n|  1| ana|\n|  2|  bo|\n+---+----+\nonly showing top 2 rows\n');
  });

  it('counts, takes and exports to Arrow', async () => {
    const { s } = session();
    const emp = s.table('emp');
    expect(await emp.count()).toBe(5);
    expect(await emp.orderBy('id').first()).toEqual({ id: 1, dept: 'eng', name: 'ana', salary: 120, hired: '2018-01-01' });
    const t = await emp.orderBy('id').toArrow();
    expect(t.numRows).toBe(5);
    expect(t.getChild('salary')!.toArray()[1]).toBe(100);
    expect(t.getChild('salary')!.get(3)).toBeNull();
    expect(t.getChild('name')!.get(4)).toBe('eve');
  });

  it('explains the same plan shape for the DataFrame and SQL forms', async () => {
    const { s } = session();
    const strip = (plan: string) => plan.split('== Physical Plan ==')[1]!.replace(/#\d+|@\d+/g, '').replace(/__df\d+/g, '');
    const df = s.table('emp').where(col('salary').gt(80)).groupBy('dept').agg(count('*').as('n'));
    const a = strip(df.explain());
    const b = strip(s.sql('SELECT dept, count(*) AS n FROM (SELECT * FROM emp WHERE salary > 80) GROUP BY dept').explain());
    expect(a).toEqual(b);
    expect(a).toContain('HashAggregate');
  });
});
