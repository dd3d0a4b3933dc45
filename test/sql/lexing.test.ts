import { describe, expect, it } from 'vitest';
import { parseSql, parseStatements } from '../../src/sql/parse.js';
import { col, items, num, str, statement } from './sql-test-helpers.js';

describe('string literals', () => {
  it('accepts single and double quotes, both as strings (Spark), with doubled quotes', () => {
    expect(items(`'it''s', "say ""hi""", "it's"`)).toMatchObject([str("it's"), str('say "hi"'), str("it's")]);
  });

  it('decodes Spark escapes', () => {
    expect(items(String.raw`'a\'b', 'c\\d', 'e\nf', 'tab\there', '\u0041\102', 'x\qy', '\%\_'`)).toMatchObject([
      str("a'b"),
      str('c\\d'),
      str('e\nf'),
      str('tab\there'),
      str('AB'),
      str('xqy'),
      str('\\%\\_'),
    ]);
  });

  it('concatenates adjacent string literals and keeps newlines inside strings', () => {
    expect(items(`'a' 'b'\n 'c', 'line1\nline2'`)).toMatchObject([str('abc'), str('line1\nline2')]);
  });
});

describe('numbers', () => {
  it('keeps the text of integers, decimals, exponents and suffixes', () => {
    expect(items('10, 1.5, 1e3, 2.5E-2, .5, 7., 5L, 3S, 4Y, 1.5D, 2F, 9.99BD, 12345678901234567890')).toMatchObject(
      ['10', '1.5', '1e3', '2.5E-2', '.5', '7.', '5L', '3S', '4Y', '1.5D', '2F', '9.99BD', '12345678901234567890'].map(num),
    );
  });

  it('reads a word starting with digits as a name, as Spark does', () => {
    expect(items('1a, a1')).toMatchObject([col('1a'), col('a1')]);
  });
});

describe('identifiers and keywords', () => {
  it('keeps names as written and matches keywords case-insensitively', () => {
    const body = statement('sElEcT MyCol FrOm MyTable wHeRe x = 1');
    expect(body).toMatchObject({
      kind: 'query',
      query: { body: { kind: 'select', items: [{ expr: col('MyCol') }], from: { kind: 'table', name: 'MyTable' }, where: { op: '=' } } },
    });
  });

  it('reads backquoted names, with doubled backquotes', () => {
    expect(items('`a b`, `x``y`, `select`, t.`from`')).toMatchObject([col('a b'), col('x`y'), col('select'), col('t', 'from')]);
  });
});

describe('comments', () => {
  it('skips line comments, block comments and nested block comments', () => {
    const sql = `-- leading\nSELECT /* one /* nested */ still comment */ a, -- trailing\n b /* x */ FROM t`;
    expect(statement(sql)).toMatchObject({ query: { body: { items: [{ expr: col('a') }, { expr: col('b') }] } } });
  });

  it('treats -- inside a string as text', () => {
    expect(items(`'a -- b', '/* c */'`)).toMatchObject([str('a -- b'), str('/* c */')]);
  });
});

describe('statement splitting', () => {
  it('splits on semicolons outside strings, comments and quoted names', () => {
    const sql = `SELECT 'a;b' AS x; -- c;d\nSELECT \`e;f\` FROM t /* g; */;;\n;SELECT 3`;
    const stmts = parseStatements(sql);
    expect(stmts.map((s) => s.statement.kind)).toEqual(['query', 'query', 'query']);
    expect(stmts.map((s) => sql.slice(s.start, s.end))).toEqual([`SELECT 'a;b' AS x`, 'SELECT `e;f` FROM t', 'SELECT 3']);
  });

  it('ignores empty statements and text that is only comments', () => {
    expect(parseSql(' ; ;; -- nothing\n /* at all */ ;')).toEqual({ statements: [], errors: [] });
    expect(parseSql('')).toEqual({ statements: [], errors: [] });
  });

  it('reports statement offsets into the whole text', () => {
    const sql = 'SELECT 1;\n  SHOW TABLES  ;';
    const stmts = parseStatements(sql);
    expect(stmts.map((s) => [s.start, s.end])).toEqual([
      [0, 8],
      [12, 23],
    ]);
    expect(stmts[1]!.statement.pos).toEqual({ line: 2, column: 3, offset: 12, length: 4 });
  });

  it('positions nodes by line and column across lines, with CRLF line ends', () => {
    const q = statement('SELECT\r\n  a,\r\n  foo(b)\r\nFROM t');
    expect(q).toMatchObject({
      query: {
        body: {
          items: [{ pos: { line: 2, column: 3, offset: 10, length: 1 } }, { pos: { line: 3, column: 3, offset: 16, length: 3 } }],
          from: { pos: { line: 4, column: 6 } },
        },
      },
    });
  });
});
