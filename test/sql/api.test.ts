import { describe, expect, it } from 'vitest';
import {
  completionCandidates,
  parseExpression,
  parseQuery,
  parseSchemaString,
  parseSelectItem,
  parseSql,
  parseStatements,
  sqlKeywords,
} from '../../src/sql/index.js';
import { arrayType, BigIntType, decimalType, IntType, mapType, StringType, structField, structType, TimestampType } from '../../src/types/data-type.js';
import { bin, call, col, num } from './sql-test-helpers.js';

describe('parseExpression and parseSelectItem', () => {
  it('parses one expression, as DataFrame expr() takes it', () => {
    expect(parseExpression('a + 1')).toMatchObject(bin('+', col('a'), num('1')));
    expect(parseExpression("  explode(split(value, ' '))  ")).toMatchObject(call('explode', [call('split', [col('value'), { value: ' ' }])]));
    expect(parseExpression('a + 1').pos).toEqual({ line: 1, column: 1, offset: 0, length: 1 });
  });

  it('rejects a bare * as an expression', () => {
    expect(() => parseExpression('*')).toThrow("'*' is only allowed as a select item or a function argument");
  });

  it('parses `expr [AS] alias`, as selectExpr takes it', () => {
    expect(parseSelectItem('a + 1 AS b')).toMatchObject({ expr: bin('+', col('a'), num('1')), alias: 'b' });
    expect(parseSelectItem('count(*) n')).toMatchObject({ expr: call('count', [], { star: true }), alias: 'n' });
    expect(parseSelectItem('t.*')).toMatchObject({ expr: { kind: 'star', qualifier: 't' } });
    expect(parseSelectItem('x')).not.toHaveProperty('alias');
  });
});

describe('parseQuery', () => {
  it('parses one query and allows a trailing semicolon', () => {
    expect(parseQuery('SELECT 1;')).toMatchObject({ kind: 'query', body: { kind: 'select' } });
    expect(parseQuery('VALUES (1)')).toMatchObject({ kind: 'query', body: { kind: 'values' } });
  });

  it('refuses a statement that is not a query', () => {
    expect(() => parseQuery('SHOW TABLES')).toThrow("Syntax error at or near 'SHOW': expected a query (SELECT, VALUES or a parenthesised query)");
  });
});

describe('parseSchemaString', () => {
  it('parses DDL schema strings', () => {
    expect(parseSchemaString('a INT, b STRING NOT NULL, c decimal(5, 2), d array<map<string, bigint>>, ts timestamp')).toMatchObject([
      { name: 'a', type: IntType, notNull: false },
      { name: 'b', type: StringType, notNull: true },
      { name: 'c', type: decimalType(5, 2), notNull: false },
      { name: 'd', type: arrayType(mapType(StringType, BigIntType)), notNull: false },
      { name: 'ts', type: TimestampType, notNull: false },
    ]);
  });

  it('accepts name: type, keywords and backquoted names', () => {
    expect(parseSchemaString('`my col`: int, value struct<x: int, y: string>, end long')).toMatchObject([
      { name: 'my col', type: IntType },
      { name: 'value', type: structType([structField('x', IntType), structField('y', StringType)]) },
      { name: 'end', type: BigIntType },
    ]);
  });

  it('reports bad schemas with a position', () => {
    expect(() => parseSchemaString('a INT, b')).toThrow('Syntax error at or near end of input: expected a data type');
    expect(() => parseSchemaString('a INT, b blob')).toThrow("Unsupported data type 'blob'");
  });
});

describe('keywords and completion', () => {
  it('lists the keywords upper-case and sorted', () => {
    const kws = sqlKeywords();
    expect(kws).toEqual([...kws].sort());
    expect(kws).toEqual(expect.arrayContaining(['SELECT', 'FROM', 'WATERMARK', 'EMIT', 'CHANGES', 'SINK', 'SOURCE', 'WITH']));
    // Function names and type names are not keywords: completion offers them as names.
    expect(kws).not.toContain('COUNT');
    expect(kws).not.toContain('INT');
    expect(kws.every((k) => k === k.toUpperCase())).toBe(true);
  });

  it('offers statement keywords at the start', () => {
    expect(completionCandidates('', 0)).toEqual({
      keywords: ['CREATE', 'DESC', 'DESCRIBE', 'DROP', 'EXPLAIN', 'INSERT', 'SELECT', 'SET', 'SHOW', 'STOP', 'VALUES', 'WITH'],
      expectsIdentifier: false,
      prefix: '',
    });
  });

  it('completes a partial keyword, case-insensitively', () => {
    expect(completionCandidates('SEL', 3)).toEqual({ keywords: ['SELECT'], expectsIdentifier: false, prefix: 'SEL' });
    expect(completionCandidates('select a from t gr', 18)).toEqual({ keywords: ['GROUP'], expectsIdentifier: true, prefix: 'gr' });
    expect(completionCandidates('SELECT a FROM t WHERE x = 1 A', 29).keywords).toEqual(['AND']);
  });

  it('offers what may follow, and says when a name may come', () => {
    expect(completionCandidates('SHOW ', 5).keywords).toEqual(['FUNCTIONS', 'QUERIES', 'SINKS', 'SOURCES', 'TABLES', 'VIEWS']);
    expect(completionCandidates('CREATE ', 7).keywords).toEqual(['OR', 'SINK', 'SOURCE', 'TABLE', 'TEMP', 'TEMPORARY', 'VIEW']);
    expect(completionCandidates('SELECT a FROM t LEFT ', 21)).toEqual({ keywords: ['ANTI', 'JOIN', 'OUTER', 'SEMI'], expectsIdentifier: false, prefix: '' });
    const afterFrom = completionCandidates('SELECT * FROM ', 14);
    expect(afterFrom.expectsIdentifier).toBe(true);
    expect(afterFrom.keywords).toContain('VALUES');
    expect(completionCandidates('SELECT a FROM t WHERE x ', 24).keywords).toEqual(expect.arrayContaining(['AND', 'OR', 'IS', 'BETWEEN', 'GROUP', 'ORDER']));
  });

  it('looks only at the statement the cursor is in, and only before the cursor', () => {
    expect(completionCandidates('SELECT 1; DR', 12).keywords).toEqual(['DROP']);
    expect(completionCandidates('SHOW  TABLES', 5).keywords).toContain('TABLES');
  });

  it('offers nothing after a syntax error or inside SET', () => {
    expect(completionCandidates('SELECT FROM FROM ', 17)).toEqual({ keywords: [], expectsIdentifier: false, prefix: '' });
    expect(completionCandidates('SET x', 5)).toEqual({ keywords: [], expectsIdentifier: false, prefix: 'x' });
  });
});

describe('speed', () => {
  /** A 200-line streaming query of the usual shape: CTEs, joins, CASE, windows, many aggregates. */
  function bigQuery(): string {
    const lines = [
      'WITH parsed AS (',
      '  SELECT',
      '    CAST(get_json_object(value, \'$.ts\') AS TIMESTAMP) AS ts,',
      "    lower(trim(get_json_object(value, '$.user'))) AS user_id,",
      "    CAST(get_json_object(value, '$.amount') AS DECIMAL(12, 2)) AS amount,",
      "    get_json_object(value, '$.country') AS country",
      '  FROM events',
      "  WHERE value IS NOT NULL AND length(value) > 2 -- skip junk",
      '),',
      'enriched AS (',
      '  SELECT p.*, u.segment, u.signup_date',
      '  FROM parsed p',
      '  LEFT JOIN users u ON p.user_id = u.id',
      ')',
      'SELECT',
      "  window(ts, '10 minutes', '5 minutes') AS w,",
      '  country,',
    ];
    for (let i = 0; lines.length < 190; i++) {
      lines.push(
        `  sum(CASE WHEN segment = 'tier${i}' AND amount BETWEEN ${i} AND ${i * 10 + 5} THEN amount * ${i + 1}.5 ELSE 0 END) AS s${i},`,
      );
    }
    lines.push(
      '  count(*) AS n,',
      '  count(DISTINCT user_id) AS users',
      'FROM enriched',
      "WHERE ts > TIMESTAMP '2026-01-01 00:00:00' AND country IN ('DE', 'FR', 'US')",
      "GROUP BY window(ts, '10 minutes', '5 minutes'), country",
      'HAVING count(*) > 10',
      'ORDER BY n DESC',
      'LIMIT 1000',
    );
    return lines.join('\n');
  }

  it('parses a 200-line query in well under 10 ms once warmed up', () => {
    const sql = bigQuery();
    expect(sql.split('\n').length).toBeGreaterThanOrEqual(195);
    expect(parseSql(sql).errors).toEqual([]);
    for (let i = 0; i < 30; i++) parseSql(sql);
    let best = Infinity;
    for (let round = 0; round < 8; round++) {
      const start = performance.now();
      for (let i = 0; i < 5; i++) parseSql(sql);
      best = Math.min(best, (performance.now() - start) / 5);
    }
    expect(best).toBeLessThan(10);
  });

  it('returns the same tree on every parse (no state leaks between parses)', () => {
    const sql = 'SELECT a, b FROM t WHERE a > 1; SELECT * FROM u';
    const first = JSON.stringify(parseStatements(sql));
    parseSql('SELECT ((( broken');
    expect(JSON.stringify(parseStatements(sql))).toBe(first);
  });
});
