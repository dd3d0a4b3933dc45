/**
 * Malformed and invalid statements: each must fail with the right error code, a position on the right line (and
 * column where the offending token is clear), and a message that formatError renders with the source line and a
 * caret under the token — never a crash or a stack trace. A few go through the real CLI as a user would run them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { formatError, SluiceError, type ErrorCode } from '../../src/types/errors.js';

interface ErrorCase {
  readonly sql: string;
  readonly code: ErrorCode;
  readonly line: number;
  /** The 1-based column of the token the caret must point at, when there is one obvious token. */
  readonly column?: number;
  /** A fragment the message must contain (case-insensitive). */
  readonly message?: string;
  /** Run through `session.execute` (scripts, DDL) instead of `session.sql(…).collectArrays()`. */
  readonly execute?: boolean;
}

const syntaxErrors: ErrorCase[] = [
  { sql: 'SELEC id FROM t', code: 'PARSE_ERROR', line: 1, column: 1, message: 'SELEC' },
  { sql: 'SELECT id FROM', code: 'PARSE_ERROR', line: 1, column: 15 },
  { sql: 'SELECT id, FROM t', code: 'PARSE_ERROR', line: 1, column: 12, message: 'FROM' },
  { sql: 'SELECT (id FROM t', code: 'PARSE_ERROR', line: 1, column: 12, message: ')' },
  { sql: 'SELECT id FROM t WHERE', code: 'PARSE_ERROR', line: 1, column: 23 },
  { sql: 'SELECT id FROM t GROUP id', code: 'PARSE_ERROR', line: 1, column: 24, message: 'BY' },
  { sql: "SELECT 'abc FROM t", code: 'PARSE_ERROR', line: 1, column: 8, message: 'string' },
  { sql: 'SELECT id FROM t ORDER BY', code: 'PARSE_ERROR', line: 1, column: 26 },
  { sql: 'SELECT id FROM t\nWHERE k >\nORDER BY id', code: 'PARSE_ERROR', line: 3, column: 1, message: 'ORDER' },
  { sql: 'SELECT CAST(id AS FOO) FROM t', code: 'PARSE_ERROR', line: 1, column: 19, message: 'FOO' },
  { sql: 'SELECT id FROM t WHERE k IN ()', code: 'PARSE_ERROR', line: 1, column: 30 },
  { sql: 'SELECT 1 +', code: 'PARSE_ERROR', line: 1, column: 11 },
  { sql: 'SELECT id FROM t t1 t2', code: 'PARSE_ERROR', line: 1, column: 21, message: 't2' },
  { sql: 'SELECT CASE WHEN k > 1 THEN 1 FROM t', code: 'PARSE_ERROR', line: 1, column: 31, message: 'END' },
  { sql: 'SELECT id FROM t UNION', code: 'PARSE_ERROR', line: 1, column: 23 },
  { sql: 'WITH x AS SELECT 1 SELECT * FROM x', code: 'PARSE_ERROR', line: 1, column: 11 },
  { sql: 'SELECT id FROM t WHERE k BETWEEN 1', code: 'PARSE_ERROR', line: 1, column: 35, message: 'AND' },
  { sql: 'SELECT count(* FROM t', code: 'PARSE_ERROR', line: 1, column: 16 },
  { sql: 'SELECT @ FROM t', code: 'PARSE_ERROR', line: 1, column: 8, message: '@' },
  { sql: 'SELECT id FROM t WHERE k = = 1', code: 'PARSE_ERROR', line: 1, column: 28 },
  { sql: 'SELECT * FROM VALUES (1, 2), (3) AS v(a, b)', code: 'PARSE_ERROR', line: 1, column: 31 },
  { sql: 'SELECT * + 1 FROM t', code: 'PARSE_ERROR', line: 1, column: 8 },
  { sql: "SELECT ts + INTERVAL '1' FORTNIGHT FROM t", code: 'PARSE_ERROR', line: 1 },
  { sql: "SELECT TIMESTAMP 'nope'", code: 'PARSE_ERROR', line: 1, column: 18, message: 'TIMESTAMP' },
  { sql: "SELECT DATE '2024-13-45'", code: 'PARSE_ERROR', line: 1, column: 13, message: 'DATE' },
  { sql: 'SELECT id\nFROM t\nWHERE (k > 1', code: 'PARSE_ERROR', line: 3 },
  { sql: 'SELECT id FROM t ORDER BY id LIMIT', code: 'PARSE_ERROR', line: 1, column: 35 },
  { sql: 'SELECT sum(d) OVER (ORDER BY d ROWS BETWEEN 1 PRECEDING) FROM t', code: 'PARSE_ERROR', line: 1 },
  { sql: 'CREATE TABLE x (a INT', code: 'PARSE_ERROR', line: 1, execute: true },
  { sql: 'CREATE TABLE x (a FOO)', code: 'PARSE_ERROR', line: 1, column: 19, execute: true },
  { sql: 'INSERT INTO dim VALUES (1, ', code: 'PARSE_ERROR', line: 1, execute: true },
  { sql: 'SELECT 1;\nSELECT FROM t;', code: 'PARSE_ERROR', line: 2, column: 8, execute: true },
];

const analysisErrors: ErrorCase[] = [
  { sql: 'SELECT nope FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'nope' },
  { sql: 'SELECT id FROM nope', code: 'ANALYSIS_ERROR', line: 1, column: 16, message: 'nope' },
  { sql: 'SELECT t.nope FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'nope' },
  { sql: 'SELECT x.id FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'x.id' },
  { sql: 'SELECT k FROM t JOIN dim ON t.k = dim.k', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'ambiguous' },
  { sql: 'SELECT id FROM t WHERE count(*) > 1', code: 'ANALYSIS_ERROR', line: 1, column: 24, message: 'WHERE' },
  { sql: 'SELECT id, count(*) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'GROUP BY' },
  { sql: 'SELECT g,\n  k\nFROM t GROUP BY g', code: 'ANALYSIS_ERROR', line: 2, column: 3, message: "'k'" },
  { sql: 'SELECT sum(count(*)) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 12 },
  { sql: 'SELECT nofunc(id) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'nofunc' },
  { sql: 'SELECT id FROM t GROUP BY 5', code: 'ANALYSIS_ERROR', line: 1, column: 27, message: 'position 5' },
  { sql: 'SELECT id FROM t ORDER BY 3', code: 'ANALYSIS_ERROR', line: 1, column: 27, message: 'position 3' },
  { sql: "SELECT k, count(*) FROM t GROUP BY k HAVING s > 'a'", code: 'ANALYSIS_ERROR', line: 1, column: 45, message: "'s'" },
  { sql: 'SELECT row_number() FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'OVER' },
  { sql: 'SELECT id FROM t WHERE row_number() OVER (ORDER BY id) = 1', code: 'ANALYSIS_ERROR', line: 1, column: 24 },
  { sql: 'SELECT id FROM t UNION SELECT id, k FROM t', code: 'ANALYSIS_ERROR', line: 1, message: 'number of columns' },
  { sql: 'SELECT (SELECT id, k FROM t) FROM dim', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'one column' },
  { sql: 'SELECT id FROM t WHERE k IN (SELECT k, label FROM dim)', code: 'ANALYSIS_ERROR', line: 1, message: 'one column' },
  { sql: 'SELECT explode(array(1)) + 1', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'explode' },
  { sql: 'SELECT count(*) FROM t GROUP BY count(*)', code: 'ANALYSIS_ERROR', line: 1, column: 33, message: 'GROUP BY' },
  { sql: 'SELECT count(*) AS c FROM t GROUP BY c', code: 'ANALYSIS_ERROR', line: 1, column: 38 },
  { sql: 'SELECT id FROM t ORDER BY count(*)', code: 'ANALYSIS_ERROR', line: 1 },
  { sql: 'WITH c(x, y) AS (SELECT 1) SELECT * FROM c', code: 'ANALYSIS_ERROR', line: 1, message: 'alias' },
  { sql: 'WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a', code: 'ANALYSIS_ERROR', line: 1, column: 23, message: 'twice' },
  { sql: 'SELECT dim.* FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'dim' },
  { sql: 'SELECT * FROM t JOIN dim USING (nope)', code: 'ANALYSIS_ERROR', line: 1, message: 'nope' },
  { sql: 'SELECT id FROM small WHERE x = (SELECT count(*) FROM dim WHERE dim.k < small.x)', code: 'ANALYSIS_ERROR', line: 1, column: 32, message: 'equality' },
  { sql: 'SELECT id FROM t LIMIT k', code: 'ANALYSIS_ERROR', line: 1, column: 24 },
  { sql: 'SELECT id FROM t ORDER BY id LIMIT -1', code: 'ANALYSIS_ERROR', line: 1, message: 'LIMIT' },
  { sql: 'SELECT id FROM t WHERE k IN (SELECT s FROM t2)', code: 'ANALYSIS_ERROR', line: 1, column: 44, message: 't2' },
  { sql: 'SELECT lag(d) OVER () FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'ORDER BY' },
  { sql: 'SELECT lag(d, k) OVER (ORDER BY id) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'constant' },
  { sql: 'SELECT sum(row_number() OVER (ORDER BY id)) OVER (ORDER BY id) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 12 },
  { sql: 'SELECT sum(d) OVER (ORDER BY d, id RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t', code: 'ANALYSIS_ERROR', line: 1, message: 'RANGE' },
  { sql: 'SELECT sum(d) OVER (ORDER BY s RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t', code: 'ANALYSIS_ERROR', line: 1, message: 'numeric' },
  { sql: 'SELECT sum(d) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING) FROM t', code: 'ANALYSIS_ERROR', line: 1, message: 'start' },
  { sql: 'SELECT sum(d) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM t', code: 'ANALYSIS_ERROR', line: 1, message: 'UNBOUNDED FOLLOWING' },
  { sql: 'SELECT ntile(0) OVER (ORDER BY id) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 8, message: 'ntile' },
  { sql: "SELECT first(k, 'yes') FROM t", code: 'ANALYSIS_ERROR', line: 1, column: 8 },
  { sql: 'SELECT first(k) FILTER (WHERE b) OVER (ORDER BY id) FROM t', code: 'ANALYSIS_ERROR', line: 1, column: 31, message: 'FILTER' },
  { sql: 'SELECT g, (SELECT max(x) FROM small WHERE small.id = t.k) FROM t GROUP BY g', code: 'ANALYSIS_ERROR', line: 1, column: 11, message: 'GROUP BY' },
  { sql: 'SELECT *\nFROM t\nJOIN dim ON t.k', code: 'ANALYSIS_ERROR', line: 3, column: 13, message: 'BOOLEAN' },
  { sql: 'INSERT INTO nope VALUES (1)', code: 'ANALYSIS_ERROR', line: 1, execute: true, message: 'nope' },
  { sql: 'DROP TABLE nope', code: 'ANALYSIS_ERROR', line: 1, execute: true, message: 'nope' },
  { sql: 'SELECT 1;\nSELECT nope\n  FROM t;', code: 'ANALYSIS_ERROR', line: 2, column: 8, execute: true, message: 'nope' },
];

const typeErrors: ErrorCase[] = [
  { sql: 'SELECT substring(s) FROM t', code: 'TYPE_ERROR', line: 1, column: 8, message: 'substring' },
  { sql: 'SELECT abs(1, 2)', code: 'TYPE_ERROR', line: 1, column: 8, message: 'abs' },
  { sql: 'SELECT upper(k, 1) FROM t', code: 'TYPE_ERROR', line: 1, column: 8, message: 'upper' },
  { sql: 'SELECT CAST(ARRAY(1) AS INT)', code: 'TYPE_ERROR', line: 1, message: 'cast' },
  { sql: "SELECT CAST('1' AS ARRAY<INT>)", code: 'TYPE_ERROR', line: 1, message: 'cast' },
  { sql: "SELECT 'a' - DATE '2024-01-01'", code: 'TYPE_ERROR', line: 1, column: 8 },
  { sql: 'SELECT id FROM t WHERE 1', code: 'TYPE_ERROR', line: 1, column: 24, message: 'BOOLEAN' },
  { sql: 'SELECT NOT 5', code: 'TYPE_ERROR', line: 1, column: 8, message: 'BOOLEAN' },
  { sql: 'SELECT ts + 1 FROM t', code: 'TYPE_ERROR', line: 1, column: 8 },
  { sql: 'SELECT b + 1 FROM t', code: 'TYPE_ERROR', line: 1, column: 8 },
  { sql: 'SELECT length(ARRAY(1))', code: 'TYPE_ERROR', line: 1, column: 8, message: 'length' },
  { sql: 'SELECT k FROM t WHERE k = ARRAY(1)', code: 'TYPE_ERROR', line: 1, column: 23, message: 'compare' },
  { sql: 'SELECT s.x FROM t', code: 'TYPE_ERROR', line: 1, column: 8, message: 'field' },
  { sql: 'SELECT CASE WHEN k THEN 1 END FROM t', code: 'TYPE_ERROR', line: 1, column: 18, message: 'BOOLEAN' },
  { sql: 'SELECT k IN (ARRAY(1)) FROM t', code: 'TYPE_ERROR', line: 1, message: 'incompatible' },
  { sql: 'SELECT sum(k) FILTER (WHERE k) FROM t', code: 'TYPE_ERROR', line: 1, column: 29, message: 'BOOLEAN' },
  { sql: "SELECT * FROM VALUES (1), ('a') AS v(x)", code: 'TYPE_ERROR', line: 1, message: 'VALUES' },
  { sql: 'SELECT id\nFROM t\nWHERE k AND b', code: 'TYPE_ERROR', line: 3, column: 7, message: 'BOOLEAN' },
  { sql: 'SELECT sum(ts) FROM t', code: 'TYPE_ERROR', line: 1, column: 8, message: 'numeric' },
  { sql: 'SELECT avg(b) FROM t', code: 'TYPE_ERROR', line: 1, column: 8, message: 'numeric' },
  { sql: 'SELECT max_by(k) FROM t', code: 'TYPE_ERROR', line: 1, column: 8, message: '2 arguments' },
  { sql: 'SELECT g, count_if(k) FROM t GROUP BY g', code: 'TYPE_ERROR', line: 1, column: 11, message: 'BOOLEAN' },
  { sql: 'SELECT id, rank(id) OVER (ORDER BY id) FROM t', code: 'TYPE_ERROR', line: 1, column: 12, message: 'no arguments' },
];

let session: Session;

beforeAll(async () => {
  session = new Session({ out: () => {} });
  session.createDataFrame(
    [{ id: 1, k: 1, g: 'a', d: 1.5, s: 'x', ts: 0, b: true }],
    'id INT, k INT, g STRING, d DOUBLE, s STRING, ts TIMESTAMP, b BOOLEAN',
  ).createOrReplaceTempView('t');
  session.createDataFrame([{ id: 1, x: 1 }], 'id INT, x INT').createOrReplaceTempView('small');
  await session.execute('CREATE TABLE dim (k INT, label STRING); INSERT INTO dim VALUES (1, \'one\')');
});

async function failure(c: ErrorCase): Promise<unknown> {
  try {
    if (c.execute) await session.execute(c.sql);
    else await session.sql(c.sql).collectArrays();
  } catch (err) {
    return err;
  }
  throw new Error(`expected ${c.code}, but the statement ran:\n${c.sql}`);
}

function checkError(c: ErrorCase, err: unknown): void {
  if (!(err instanceof SluiceError)) throw new Error(`not a SluiceError: ${err instanceof Error ? err.stack : String(err)}`);
  const shown = formatError(err, c.sql);
  expect(err.code, shown).toBe(c.code);
  expect(err.position, shown).toBeDefined();
  expect(err.position!.line, shown).toBe(c.line);
  if (c.column !== undefined) expect(err.position!.column, shown).toBe(c.column);
  if (c.message !== undefined) expect(err.message.toLowerCase(), shown).toContain(c.message.toLowerCase());
  // The rendering: `(line L, column C)`, the source line, and a caret line under the token.
  expect(shown).toContain(`line ${c.line}, column ${err.position!.column}`);
  const lines = shown.split('\n');
  const caret = lines.findIndex((l) => /^\s*\|\s*\^+\s*$/.test(l));
  expect(caret, shown).toBeGreaterThan(0);
  expect(lines[caret - 1], shown).toContain(c.sql.split('\n')[c.line - 1]!);
  expect(lines[caret]!.indexOf('^') - lines[caret]!.indexOf('|') - 2, shown).toBe(err.position!.column - 1);
  expect(shown).not.toMatch(/\n\s+at /);
}

for (const [title, cases] of [['syntax errors', syntaxErrors], ['analysis errors', analysisErrors], ['type errors', typeErrors]] as const) {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.code} ${JSON.stringify(c.sql)}`, async () => checkError(c, await failure(c)));
    }
  });
}

describe('errors through the CLI', () => {
  const cli = join(import.meta.dirname, '../../bin/sluice.js');
  const scripts: readonly { readonly name: string; readonly sql: string; readonly line: number }[] = [
    { name: 'syntax error on line 3', sql: 'SELECT 1 AS one\nFROM (VALUES (1)) AS t(x)\nWHERE x = = 2;\n', line: 3 },
    { name: 'unknown column after a good statement', sql: "SELECT 1 AS ok;\nSELECT nope\nFROM (VALUES (1)) AS t(x);\n", line: 2 },
    { name: 'unknown table', sql: '-- a comment first\nSELECT * FROM missing_table;\n', line: 2 },
    { name: 'type error', sql: "SELECT x\nFROM (VALUES (1)) AS t(x)\nWHERE x + 'a' AND NOT 5;\n", line: 3 },
    { name: 'aggregate in WHERE', sql: 'SELECT x FROM (VALUES (1)) AS t(x)\n  WHERE max(x) > 0;\n', line: 2 },
    { name: 'bad DDL', sql: 'CREATE TABLE t (a INT, b NOTATYPE);\n', line: 1 },
  ];
  let dir: string;
  beforeAll(() => {
    if (!existsSync(join(import.meta.dirname, '../../dist/cli/main.js'))) {
      throw new Error('dist/cli/main.js is missing: run `npm run build` before the CLI error tests');
    }
    dir = mkdtempSync(join(tmpdir(), 'sluice-errors-'));
  });
  for (const s of scripts) {
    it(s.name, () => {
      const file = join(dir, `${s.name.replace(/\W+/g, '-')}.sql`);
      writeFileSync(file, s.sql);
      const r = spawnSync(process.execPath, [cli, 'run', file, '--output', 'jsonl'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).not.toBe(0);
      expect(r.status, r.stderr).not.toBeNull();
      expect(r.stderr).toMatch(/^error: /m);
      expect(r.stderr).toMatch(new RegExp(`line ${s.line}\\b`));
      expect(r.stderr).toMatch(/^\s*\|\s*\^+\s*$/m);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      // stdout carries only result rows: for the script with a good statement first, that row and nothing else.
      for (const line of r.stdout.split('\n').filter((l) => l.trim())) expect(() => JSON.parse(line)).not.toThrow();
    });
  }
});
