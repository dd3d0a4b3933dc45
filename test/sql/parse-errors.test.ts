import { describe, expect, it } from 'vitest';
import { parseExpression, parseQuery, parseSql, parseStatements } from '../../src/sql/parse.js';
import { formatError, SluiceError } from '../../src/types/errors.js';

const EXPR = 'expected an expression';

/** [sql, line, column, message]: the first error of each script, exactly. */
const cases: [string, number, number, string][] = [
  ['SELECT 1 AS one\nFROM (VALUES (1)) AS t(x)\nWHERE x = = 2;', 3, 11, `Syntax error at or near '=': ${EXPR}`],
  ['SELECT a, FROM t', 1, 11, `Syntax error at or near 'FROM': ${EXPR}`],
  ['SELECT * FROM t WHERE', 1, 22, `Syntax error at or near end of input: ${EXPR}`],
  ['SELECT (1 + 2', 1, 14, "Syntax error at or near end of input: expected ')'"],
  ['SELECT a FROM', 1, 14, 'Syntax error at or near end of input: expected a table name, a subquery or VALUES'],
  ['SELECT a FROM;\nSELECT 1', 1, 14, "Syntax error at or near ';': expected a table name, a subquery or VALUES"],
  ['SELEC 1', 1, 1, "Syntax error at or near 'SELEC': expected a statement (SELECT, WITH, VALUES, CREATE, INSERT, DROP, SHOW, DESCRIBE, EXPLAIN, SET or STOP)"],
  ['SELECT a b c FROM t', 1, 12, "Syntax error at or near 'c': extra input after a complete statement (a missing comma or semicolon?)"],
  ['SELECT CASE x END', 1, 15, "Syntax error at or near 'END': expected 'WHEN'"],
  ['SELECT a FROM t GROUP a', 1, 23, "Syntax error at or near 'a': expected 'BY'"],
  ['SELECT * FROM t\nJOIN u ON', 2, 10, `Syntax error at or near end of input: ${EXPR}`],
  ['SELECT * FROM t LEFT u ON t.a = u.a', 1, 22, "Syntax error at or near 'u': expected 'JOIN'"],
  ['SELECT a FROM t WHERE a IN ()', 1, 29, "Syntax error at or near ')': expected a subquery or a list of values"],
  ['SELECT a FROM t WHERE a NOT 5', 1, 29, "Syntax error at or near '5': expected 'BETWEEN', 'IN', 'LIKE', 'ILIKE', 'RLIKE' or 'REGEXP'"],
  ['SELECT a IS 5 FROM t', 1, 13, "Syntax error at or near '5': expected 'NULL', 'TRUE', 'FALSE', 'UNKNOWN' or 'DISTINCT'"],
  ['SELECT CAST(a AS) FROM t', 1, 17, "Syntax error at or near ')': expected a data type"],
  ['SELECT CAST(a AS foo) FROM t', 1, 18, "Unsupported data type 'foo'"],
  ['SELECT CAST(a int) FROM t', 1, 15, "Syntax error at or near 'int': expected 'AS'"],
  ['SELECT CAST(x AS array<int) FROM t', 1, 27, "Syntax error at or near ')': expected '>'"],
  ['SELECT x::array<int FROM t', 1, 21, "Syntax error at or near 'FROM': expected '>'"],
  ['SELECT CAST(x AS map<string>) FROM t', 1, 18, 'MAP takes a key and a value type, e.g. MAP<STRING, INT>'],
  ['SELECT CAST(x AS array<a: int>) FROM t', 1, 24, 'Only STRUCT fields have names'],
  ['SELECT f(DISTINCT) FROM t', 1, 18, `Syntax error at or near ')': ${EXPR}`],
  ['SELECT a FROM t LIMIT', 1, 22, 'Syntax error at or near end of input: expected a number of rows or ALL'],
  ['SELECT 1 UNION', 1, 15, 'Syntax error at or near end of input: expected a query (SELECT, VALUES or a parenthesised query)'],
  ["SELECT 'abc", 1, 8, 'Unterminated string literal: add the closing quote'],
  ["SELECT a\nFROM t\nWHERE b = 'x\ny", 3, 11, 'Unterminated string literal: add the closing quote'],
  ['SELECT `abc FROM t', 1, 8, 'Unterminated quoted identifier: add the closing backquote'],
  ['SELECT 1 /* not closed', 1, 10, "Unterminated comment: add the closing '*/'"],
  ['SELECT 1 $ 2', 1, 10, "Unexpected character '$'"],
  ['SELECT a FROM t\n  WHERE x = 1 #', 2, 15, "Unexpected character '#'"],
  ['CREATE TABLE t (a int,)', 1, 23, "Syntax error at or near ')': expected a column definition"],
  ['CREATE TABLE t (a foo)', 1, 19, "Unsupported data type 'foo'"],
  ['CREATE TABLE t (a decimal(10,)', 1, 30, "Syntax error at or near ')': expected a number"],
  ['CREATE TABLE t WITH (a = )', 1, 26, "Syntax error at or near ')': expected an option value (a string, number, boolean or name)"],
  ["CREATE TABLE t WITH (path = 'x', PATH = 'y')", 1, 34, "Duplicate option 'PATH'"],
  ["CREATE TABLE t WITH (a 'x' 'y')", 1, 28, "Syntax error at or near ''y'': expected ')'"],
  [
    "CREATE SOURCE s (ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE, WATERMARK FOR ts AS ts)",
    1, 78, 'Only one WATERMARK can be declared per source',
  ],
  ['CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts)', 1, 31, 'WATERMARK is only allowed in CREATE SOURCE'],
  ["CREATE OR REPLACE SINK s WITH (connector = 'console')", 1, 8, 'CREATE OR REPLACE is not supported for sinks: drop the sink first'],
  ["CREATE TEMPORARY SOURCE s WITH (connector = 'rate')", 1, 8, 'TEMPORARY is only supported for views'],
  ['CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1', 1, 24, 'OR REPLACE and IF NOT EXISTS cannot be used together'],
  ['CREATE TABLE t (a INT) AS SELECT 1', 1, 17, 'A table created AS a query takes its columns from the query: remove the column list'],
  ['CREATE INDEX i', 1, 8, "Syntax error at or near 'INDEX': expected 'TABLE', 'SOURCE', 'SINK' or 'VIEW'"],
  ['CREATE VIEW v SELECT 1', 1, 15, "Syntax error at or near 'SELECT': expected 'AS'"],
  ['DROP x', 1, 6, "Syntax error at or near 'x': expected 'TABLE', 'VIEW', 'SOURCE' or 'SINK'"],
  ['DROP TABLE', 1, 11, 'Syntax error at or near end of input: expected a name'],
  ['SHOW STREAMS', 1, 6, "Syntax error at or near 'STREAMS': expected 'TABLES', 'VIEWS', 'SOURCES', 'SINKS', 'QUERIES' or 'FUNCTIONS'"],
  ['INSERT t SELECT 1', 1, 8, "Syntax error at or near 't': expected 'INTO' or 'OVERWRITE'"],
  ['STOP QUERY', 1, 11, 'Syntax error at or near end of input: expected a query id'],
  ['STOP QUERY abc def', 1, 16, 'A query id is one word: quote it if it contains spaces'],
  ['EXPLAIN', 1, 8, 'Syntax error at or near end of input: expected a statement (SELECT, WITH, VALUES, CREATE, INSERT, DROP, SHOW, DESCRIBE, EXPLAIN, SET or STOP)'],
  ['SET = 5', 1, 5, "Syntax error at or near '=': expected a setting name"],
  ['SELECT INTERVAL 5 FROM t', 1, 17, 'The interval value 5 needs a unit, e.g. INTERVAL 5 MINUTES'],
  ["SELECT INTERVAL 'abc' MINUTE", 1, 17, "Invalid interval value 'abc' for unit MINUTE: expected a number"],
  ["SELECT INTERVAL 'ten minutes'", 1, 17, "Invalid interval 'ten minutes': write it like '10 minutes' or '1 day 2 hours'"],
  ["SELECT DATE '2020-13-01'", 1, 13, "Invalid DATE literal '2020-13-01': expected yyyy-mm-dd"],
  ["SELECT TIMESTAMP 'yesterday'", 1, 18, "Invalid TIMESTAMP literal 'yesterday': expected yyyy-mm-dd hh:mm:ss"],
  ["SELECT X'0G'", 1, 8, "Invalid binary literal X'0G': only hexadecimal digits are allowed"],
  ["SELECT a LIKE 'x' ESCAPE 'ab' FROM t", 1, 26, "The ESCAPE string must be a single character, not 'ab'"],
  ['SELECT * AS x FROM t', 1, 8, "'*' cannot have an alias"],
  ['SELECT a + * FROM t', 1, 12, "'*' is only allowed as a select item or a function argument"],
  ['SELECT * FROM t WHERE *', 1, 23, "'*' is only allowed as a select item or a function argument"],
  ['SELECT a = NOT b FROM t', 1, 12, 'NOT cannot be used here: put the condition it negates in parentheses'],
  ['SELECT -NOT a FROM t', 1, 9, 'NOT cannot be used here: put the condition it negates in parentheses'],
  ['VALUES (1, 2), (3)', 1, 17, 'Every VALUES row must have 2 value(s); this one has 1'],
  ['SELECT trim(BOTH s) FROM t', 1, 19, "BOTH needs FROM: trim(BOTH 'x' FROM s)"],
  ['SELECT * FROM t AS x(a, b)', 1, 21, 'Column aliases need a subquery: FROM (SELECT * FROM t) AS x(a, b)'],
  [
    'SELECT count(*) OVER (ROWS BETWEEN 1 AND 2) FROM t',
    1, 38, "Syntax error at or near 'AND': expected a frame bound (UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING or UNBOUNDED FOLLOWING)",
  ],
  ['SELECT count(*) FILTER (a > 1) FROM t', 1, 25, "Syntax error at or near 'a': expected 'WHERE'"],
  ['WITH AS (SELECT 1) SELECT 1', 1, 6, "Syntax error at or near 'AS': expected a common table expression: name AS (query)"],
  ['WITH x AS SELECT 1 SELECT 1', 1, 11, "Syntax error at or near 'SELECT': expected '('"],
  ['SELECT 1 EMIT', 1, 14, "Syntax error at or near end of input: expected 'CHANGES'"],
  ['SELECT 1;\nSELECT 2 +;\nSELECT 3', 2, 11, `Syntax error at or near ';': ${EXPR}`],
  ['  \n\n   SELECT\n    a,\n    b +\n  FROM t', 6, 3, `Syntax error at or near 'FROM': ${EXPR}`],
  ['SELECT a FROM t LIMIT 1 EMIT CHANGES LIMIT 2', 1, 38, 'LIMIT / OFFSET can be given once, before or after EMIT CHANGES'],
  ['SELECT extract(FROM ts)', 1, 16, "Syntax error at or near 'FROM': expected a name"],
];

describe('malformed statements', () => {
  it('has a good number of cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%j fails at line %i, column %i', (sql, line, column, message) => {
    const { errors } = parseSql(sql);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const err = errors[0]!;
    expect(err).toBeInstanceOf(SluiceError);
    expect(err.code).toBe('PARSE_ERROR');
    expect(err.message).toBe(message);
    expect(err.position).toMatchObject({ line, column });
    expect(err.sourceText).toBe(sql);
    // The offset agrees with line and column.
    const lines = sql.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    expect(err.position!.offset).toBe(offset);
  });
});

describe('error reporting', () => {
  it('puts the caret under the offending token', () => {
    const sql = 'SELECT 1 AS one\nFROM (VALUES (1)) AS t(x)\nWHERE x = = 2;';
    const err = parseSql(sql).errors[0]!;
    expect(formatError(err)).toBe(
      "Syntax error at or near '=': expected an expression (line 3, column 11)\n" +
        '   3 | WHERE x = = 2;\n' +
        '     |           ^',
    );
  });

  it('underlines a whole token and points just past the end for end of input', () => {
    expect(formatError(parseSql('SELECT a FROM t GROUP wrong').errors[0]!)).toBe(
      "Syntax error at or near 'wrong': expected 'BY' (line 1, column 23)\n" +
        '   1 | SELECT a FROM t GROUP wrong\n' +
        '     |                       ^^^^^',
    );
    expect(formatError(parseSql('SELECT a +').errors[0]!)).toBe(
      'Syntax error at or near end of input: expected an expression (line 1, column 11)\n' +
        '   1 | SELECT a +\n' +
        '     |           ^',
    );
  });

  it('keeps parsing the statements after a failing one', () => {
    const { statements, errors } = parseSql("SELECT 1;\nSELECT 2 +;\nSELECT 'x;\n");
    expect(statements.map((s) => s.statement.kind)).toEqual(['query']);
    expect(errors.map((e) => [e.position!.line, e.position!.column, e.message])).toEqual([
      [2, 11, `Syntax error at or near ';': ${EXPR}`],
      [3, 8, 'Unterminated string literal: add the closing quote'],
    ]);
    const { statements: ok, errors: bad } = parseSql('SELECT $;\nSELECT 2;\nDROP;\nSHOW TABLES');
    expect(ok.map((s) => s.statement.kind)).toEqual(['query', 'show']);
    expect(bad.map((e) => e.position!.line)).toEqual([1, 3]);
  });

  it('throws the first error from parseStatements, with the whole text as sourceText', () => {
    const sql = 'SELECT 1;\nSELECT FROM;\nSELECT +;';
    let caught: unknown;
    try {
      parseStatements(sql);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SluiceError);
    expect((caught as SluiceError).position).toMatchObject({ line: 2, column: 8 });
    expect((caught as SluiceError).sourceText).toBe(sql);
  });

  it('rejects trailing input in single-query and expression parsing', () => {
    expect(() => parseQuery('SELECT 1; SELECT 2')).toThrow("Syntax error at or near ';': extra input after a complete statement (a missing comma or semicolon?)");
    expect(parseQuery('SELECT 1;;').body.kind).toBe('select');
    expect(() => parseExpression('a +')).toThrow(`Syntax error at or near end of input: ${EXPR}`);
    expect(() => parseExpression('')).toThrow(`Syntax error at or near end of input: ${EXPR}`);
    expect(() => parseExpression('a b')).toThrow("Syntax error at or near 'b': extra input after a complete statement (a missing comma or semicolon?)");
  });

  it('never throws from parseSql, whatever the input', () => {
    const junk = ["'", '`', '/*', ')))', 'SELECT ((((', 'CREATE', ';;;', '\u0000', 'SELECT * FROM t WHERE a IN (SELECT', 'x'.repeat(5000)];
    for (const text of junk) {
      const r = parseSql(text);
      expect(r.statements.length + r.errors.length).toBeGreaterThanOrEqual(0);
      for (const e of r.errors) expect(e.code).toBe('PARSE_ERROR');
    }
  });
});
