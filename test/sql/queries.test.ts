import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/sql/parse.js';
import { bin, call, col, num, select, str } from './sql-test-helpers.js';

describe('SELECT clauses', () => {
  it('reads every clause of a select body', () => {
    expect(select('SELECT DISTINCT a, b + 1 AS c, count(*) n FROM t WHERE x = 1 GROUP BY a, b HAVING count(*) > 1')).toMatchObject({
      kind: 'select',
      distinct: true,
      items: [{ expr: col('a') }, { expr: bin('+', col('b'), num('1')), alias: 'c' }, { expr: call('count', [], { star: true }), alias: 'n' }],
      from: { kind: 'table', name: 't' },
      where: bin('=', col('x'), num('1')),
      groupBy: [col('a'), col('b')],
      having: bin('>', call('count', [], { star: true }), num('1')),
    });
  });

  it('leaves out absent clauses', () => {
    const body = select('SELECT ALL 1');
    expect(body).toMatchObject({ distinct: false, items: [{ expr: num('1') }], groupBy: [] });
    expect(body).not.toHaveProperty('from');
    expect(body).not.toHaveProperty('where');
    expect(body).not.toHaveProperty('having');
    expect(body.items[0]).not.toHaveProperty('alias');
  });

  it('groups by ordinals and by window calls', () => {
    expect(select("SELECT window(ts, '10 minutes'), word, count(*) FROM words GROUP BY window(ts, '10 minutes'), 2").groupBy).toMatchObject([
      call('window', [col('ts'), str('10 minutes')]),
      num('2'),
    ]);
  });

  it('positions the body at SELECT and items at their first token', () => {
    const body = select('  SELECT  a ,\n  f(x) AS y');
    expect(body.pos).toEqual({ line: 1, column: 3, offset: 2, length: 6 });
    expect(body.items.map((i) => [i.pos.line, i.pos.column])).toEqual([
      [1, 11],
      [2, 3],
    ]);
  });
});

describe('ORDER BY, LIMIT, OFFSET, EMIT CHANGES', () => {
  it('reads sort directions and null ordering', () => {
    expect(parseQuery('SELECT a FROM t ORDER BY a, b DESC, c ASC NULLS FIRST, d DESC NULLS LAST').orderBy).toMatchObject([
      { expr: col('a'), ascending: true },
      { expr: col('b'), ascending: false },
      { expr: col('c'), ascending: true, nullsFirst: true },
      { expr: col('d'), ascending: false, nullsFirst: false },
    ]);
    expect(parseQuery('SELECT a FROM t ORDER BY a').orderBy[0]).not.toHaveProperty('nullsFirst');
  });

  it('accepts LIMIT and OFFSET in either order, and LIMIT ALL', () => {
    expect(parseQuery('SELECT a FROM t LIMIT 10 OFFSET 5')).toMatchObject({ limit: num('10'), offset: num('5') });
    expect(parseQuery('SELECT a FROM t OFFSET 5 LIMIT 10')).toMatchObject({ limit: num('10'), offset: num('5') });
    expect(parseQuery('SELECT a FROM t OFFSET 5')).toMatchObject({ offset: num('5') });
    const all = parseQuery('SELECT a FROM t LIMIT ALL');
    expect(all).not.toHaveProperty('limit');
    expect(all).not.toHaveProperty('offset');
  });

  it('reads EMIT CHANGES before or after LIMIT', () => {
    expect(parseQuery('SELECT a FROM s EMIT CHANGES')).toMatchObject({ emitChanges: true });
    expect(parseQuery('SELECT a FROM s LIMIT 3 EMIT CHANGES')).toMatchObject({ emitChanges: true, limit: num('3') });
    expect(parseQuery('SELECT a FROM s EMIT CHANGES LIMIT 3')).toMatchObject({ emitChanges: true, limit: num('3') });
    expect(parseQuery('SELECT a FROM s')).toMatchObject({ emitChanges: false });
  });
});

describe('set operations', () => {
  const sel = (n: string) => ({ kind: 'select', items: [{ expr: num(n) }] });

  it('binds INTERSECT tighter than UNION and EXCEPT, all left-associative', () => {
    expect(parseQuery('SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 MINUS SELECT 5').body).toMatchObject({
      kind: 'setOperation',
      op: 'except',
      left: {
        op: 'except',
        left: { op: 'union', all: false, left: sel('1'), right: { op: 'intersect', left: sel('2'), right: sel('3') } },
        right: sel('4'),
      },
      right: sel('5'),
    });
  });

  it('reads ALL and DISTINCT quantifiers', () => {
    expect(parseQuery('SELECT 1 UNION ALL SELECT 2 UNION DISTINCT SELECT 3').body).toMatchObject({
      op: 'union',
      all: false,
      left: { op: 'union', all: true },
    });
    expect(parseQuery('SELECT 1 INTERSECT ALL SELECT 2').body).toMatchObject({ op: 'intersect', all: true });
    expect(parseQuery('SELECT 1 EXCEPT ALL SELECT 2').body).toMatchObject({ op: 'except', all: true });
  });

  it('applies ORDER BY and LIMIT to the whole set operation', () => {
    expect(parseQuery('SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 2')).toMatchObject({
      body: { kind: 'setOperation', op: 'union' },
      orderBy: [{ expr: num('1') }],
      limit: num('2'),
    });
  });

  it('nests a parenthesised query only when it has its own ORDER BY / LIMIT', () => {
    expect(parseQuery('(SELECT a FROM t ORDER BY a LIMIT 3) UNION ALL (SELECT b FROM u)').body).toMatchObject({
      kind: 'setOperation',
      left: { kind: 'nested', query: { body: { kind: 'select' }, orderBy: [{ expr: col('a') }], limit: num('3') } },
      right: { kind: 'select', from: { name: 'u' } },
    });
    expect(parseQuery('SELECT 1 UNION (SELECT 2 UNION SELECT 3)').body).toMatchObject({
      op: 'union',
      left: sel('1'),
      right: { kind: 'setOperation', left: sel('2'), right: sel('3') },
    });
    expect(parseQuery('((SELECT 1))')).toMatchObject({ kind: 'query', body: sel('1'), with: [], orderBy: [] });
  });
});

describe('WITH', () => {
  it('reads CTEs with column aliases, with and without AS', () => {
    expect(parseQuery('WITH a (x, y) AS (SELECT 1, 2), b (SELECT * FROM a) SELECT * FROM b')).toMatchObject({
      with: [
        { name: 'a', columnAliases: ['x', 'y'], query: { body: { items: [{ expr: num('1') }, { expr: num('2') }] } } },
        { name: 'b', query: { body: { from: { name: 'a' } } } },
      ],
      body: { from: { name: 'b' } },
    });
    expect(parseQuery('WITH c AS (SELECT 1) SELECT * FROM c').with[0]).not.toHaveProperty('columnAliases');
  });

  it('positions a query with CTEs at WITH', () => {
    expect(parseQuery('\nWITH c AS (SELECT 1) SELECT * FROM c').pos).toMatchObject({ line: 2, column: 1 });
  });
});

describe('VALUES', () => {
  it('is a query on its own', () => {
    expect(parseQuery("VALUES (1, 'a'), (2, 'b')")).toMatchObject({
      body: { kind: 'values', rows: [[num('1'), str('a')], [num('2'), str('b')]] },
    });
    expect(parseQuery('VALUES 1, 2').body).toMatchObject({ kind: 'values', rows: [[num('1')], [num('2')]] });
  });

  it('is a relation in FROM, parenthesised or not', () => {
    expect(select("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(x, y)").from).toMatchObject({
      kind: 'subquery',
      alias: 't',
      columnAliases: ['x', 'y'],
      query: { body: { kind: 'values', rows: [[num('1'), str('a')], [num('2'), str('b')]] } },
    });
    expect(select('SELECT * FROM VALUES (1), (2) AS t(x)').from).toMatchObject({
      kind: 'subquery',
      alias: 't',
      columnAliases: ['x'],
      query: { kind: 'query', body: { kind: 'values', rows: [[num('1')], [num('2')]] }, with: [], orderBy: [], emitChanges: false },
    });
  });
});

describe('FROM and joins', () => {
  it('reads dotted table names and aliases with or without AS', () => {
    expect(select('SELECT * FROM db.events AS e').from).toMatchObject({ kind: 'table', name: 'db.events', alias: 'e' });
    expect(select('SELECT * FROM events e WHERE e.x = 1').from).toMatchObject({ kind: 'table', name: 'events', alias: 'e' });
    expect(select('SELECT * FROM source').from).toMatchObject({ kind: 'table', name: 'source' });
    expect(select('SELECT * FROM t').from).not.toHaveProperty('alias');
  });

  it('reads subqueries with aliases and column aliases', () => {
    expect(select('SELECT * FROM (SELECT a FROM t) s(x)').from).toMatchObject({
      kind: 'subquery',
      alias: 's',
      columnAliases: ['x'],
      query: { body: { from: { name: 't' } } },
    });
    expect(select('SELECT * FROM (SELECT 1)').from).toMatchObject({ kind: 'subquery' });
  });

  it('reads every join type', () => {
    const cases: [string, string][] = [
      ['JOIN', 'inner'], ['INNER JOIN', 'inner'], ['LEFT JOIN', 'left'], ['LEFT OUTER JOIN', 'left'],
      ['RIGHT JOIN', 'right'], ['RIGHT OUTER JOIN', 'right'], ['FULL JOIN', 'full'], ['FULL OUTER JOIN', 'full'],
      ['LEFT SEMI JOIN', 'semi'], ['SEMI JOIN', 'semi'], ['LEFT ANTI JOIN', 'anti'], ['ANTI JOIN', 'anti'],
    ];
    for (const [text, joinType] of cases) {
      expect(select(`SELECT * FROM a ${text} b ON a.id = b.id`).from).toMatchObject({
        kind: 'join',
        joinType,
        left: { name: 'a' },
        right: { name: 'b' },
        on: bin('=', col('a', 'id'), col('b', 'id')),
      });
    }
    expect(select('SELECT * FROM a CROSS JOIN b').from).toMatchObject({ kind: 'join', joinType: 'cross', left: { name: 'a' }, right: { name: 'b' } });
  });

  it('reads USING, comma joins, and chains joins to the left', () => {
    expect(select('SELECT * FROM a JOIN b USING (id, ts) LEFT JOIN c ON b.k = c.k, d').from).toMatchObject({
      kind: 'join',
      joinType: 'cross',
      left: {
        kind: 'join',
        joinType: 'left',
        left: { kind: 'join', joinType: 'inner', left: { name: 'a' }, right: { name: 'b' }, using: ['id', 'ts'] },
        right: { name: 'c' },
      },
      right: { name: 'd' },
    });
  });

  it('does not take a join keyword for an alias', () => {
    expect(select('SELECT * FROM a LEFT JOIN b ON x').from).toMatchObject({ kind: 'join', joinType: 'left', left: { kind: 'table', name: 'a' } });
    expect(select('SELECT * FROM a t SEMI JOIN b ON x').from).toMatchObject({ joinType: 'semi', left: { alias: 't' } });
  });

  it('reads table-valued functions with TABLE and DESCRIPTOR arguments', () => {
    expect(select("SELECT * FROM TUMBLE(TABLE words, DESCRIPTOR(ts), INTERVAL '5' MINUTES) AS w").from).toMatchObject({
      kind: 'tableFunction',
      name: 'TUMBLE',
      alias: 'w',
      args: [
        { kind: 'tableArg', name: 'words' },
        { kind: 'descriptor', columns: ['ts'] },
        { kind: 'exprArg', expr: { kind: 'intervalLiteral', parts: [{ value: '5', unit: 'minute' }] } },
      ],
    });
    expect(select("SELECT * FROM HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTES)").from).toMatchObject({
      kind: 'tableFunction',
      name: 'HOP',
      args: [{ kind: 'tableArg' }, { kind: 'descriptor' }, { kind: 'exprArg' }, { kind: 'exprArg' }],
    });
    expect(select('SELECT * FROM range(10) r(id)').from).toMatchObject({
      kind: 'tableFunction',
      name: 'range',
      args: [{ kind: 'exprArg', expr: num('10') }],
      alias: 'r',
      columnAliases: ['id'],
    });
  });
});
