import { describe, expect, it } from 'vitest';
import { parseStatements } from '../../src/sql/parse.js';
import { arrayType, BigIntType, decimalType, DoubleType, IntType, StringType, TimestampType } from '../../src/types/data-type.js';
import { bin, col, num, statement, str } from './sql-test-helpers.js';

describe('CREATE SOURCE', () => {
  it('reads columns, a watermark and options', () => {
    const s = statement(
      "CREATE SOURCE words (ts TIMESTAMP, word STRING NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '10' MINUTES)\n" +
        "  WITH (connector = 'file', path = 'in/', format = 'json', maxFilesPerTrigger = 1)",
    );
    expect(Object.keys(s).sort()).toEqual(['columns', 'ifNotExists', 'kind', 'name', 'options', 'orReplace', 'pos', 'watermark']);
    expect(s).toMatchObject({
      kind: 'createSource',
      name: 'words',
      columns: [
        { name: 'ts', type: TimestampType, notNull: false, pos: { line: 1, column: 22, offset: 21, length: 2 } },
        { name: 'word', type: StringType, notNull: true, pos: { line: 1, column: 36, offset: 35, length: 4 } },
      ],
      watermark: {
        column: 'ts',
        expr: bin('-', col('ts'), { kind: 'intervalLiteral', negative: false, parts: [{ value: '10', unit: 'minute' }] }),
        pos: { line: 1, column: 58, offset: 57, length: 9 },
      },
      options: { connector: 'file', path: 'in/', format: 'json', maxFilesPerTrigger: 1 },
      orReplace: false,
      ifNotExists: false,
      pos: { line: 1, column: 1, offset: 0, length: 6 },
    });
  });

  it('accepts no column list, OR REPLACE, IF NOT EXISTS and USING', () => {
    expect(statement("CREATE OR REPLACE SOURCE s USING kafka OPTIONS (subscribe 'in')")).toMatchObject({
      kind: 'createSource',
      name: 's',
      columns: [],
      orReplace: true,
      ifNotExists: false,
      using: 'kafka',
      options: { subscribe: 'in' },
    });
    expect(statement("CREATE SOURCE IF NOT EXISTS s WITH (connector = 'rate')")).toMatchObject({ ifNotExists: true, columns: [] });
  });
});

describe('CREATE TABLE', () => {
  it('reads a static table with typed columns and options', () => {
    expect(statement("CREATE TABLE dims (id INT NOT NULL, price DECIMAL(10,2), tags ARRAY<STRING>) WITH (connector = 'file', path = 'dims.csv', format = 'csv', header = true)")).toMatchObject({
      kind: 'createTable',
      name: 'dims',
      columns: [
        { name: 'id', type: IntType, notNull: true },
        { name: 'price', type: decimalType(10, 2), notNull: false },
        { name: 'tags', type: arrayType(StringType), notNull: false },
      ],
      options: { connector: 'file', path: 'dims.csv', format: 'csv', header: true },
      orReplace: false,
      ifNotExists: false,
    });
  });

  it('reads CREATE TABLE … AS query, with and without options', () => {
    const s = statement("CREATE TABLE t WITH (format = 'parquet') AS SELECT a FROM u");
    expect(s).toMatchObject({ kind: 'createTable', name: 't', columns: [], options: { format: 'parquet' }, asQuery: { body: { from: { name: 'u' } } } });
    expect(statement('CREATE TABLE IF NOT EXISTS db.t AS VALUES (1)')).toMatchObject({ name: 'db.t', ifNotExists: true, asQuery: { body: { kind: 'values' } } });
  });

  it("reads Spark's USING … OPTIONS (k v) form and every option key and value shape", () => {
    expect(
      statement(
        "CREATE OR REPLACE TABLE t (a INT) USING csv OPTIONS (path 'x.csv', 'kafka.bootstrap.servers' = 'h:9092', kafka.group.id 'g', " +
          'maxOffsetsPerTrigger = 1000, ratio -0.5, big 5L, header TRUE, strict false, mode = FAILFAST, cls = org.example.Cls)',
      ),
    ).toMatchObject({
      kind: 'createTable',
      orReplace: true,
      using: 'csv',
      options: {
        path: 'x.csv',
        'kafka.bootstrap.servers': 'h:9092',
        'kafka.group.id': 'g',
        maxOffsetsPerTrigger: 1000,
        ratio: -0.5,
        big: 5,
        header: true,
        strict: false,
        mode: 'FAILFAST',
        cls: 'org.example.Cls',
      },
    });
  });

  it('keeps a key named __proto__ as data', () => {
    const s = statement("CREATE TABLE t WITH (`__proto__` = 'x')");
    expect(s.kind === 'createTable' && Object.entries(s.options)).toEqual([['__proto__', 'x']]);
  });

  it('accepts keywords as column names in DDL', () => {
    expect(statement('CREATE TABLE t (key STRING, value BIGINT, timestamp TIMESTAMP, end DOUBLE, `order` INT)')).toMatchObject({
      columns: [
        { name: 'key', type: StringType },
        { name: 'value', type: BigIntType },
        { name: 'timestamp', type: TimestampType },
        { name: 'end', type: DoubleType },
        { name: 'order', type: IntType },
      ],
    });
  });
});

describe('CREATE SINK and CREATE VIEW', () => {
  it('reads a sink with a query', () => {
    expect(
      statement(
        "CREATE SINK counts WITH (connector = 'console', format = 'jsonl', outputMode = 'update') AS\n" +
          "  SELECT window(ts, '10 minutes', '5 minutes') AS w, word, count(*) AS n FROM words GROUP BY 1, 2",
      ),
    ).toMatchObject({
      kind: 'createSink',
      name: 'counts',
      options: { connector: 'console', format: 'jsonl', outputMode: 'update' },
      ifNotExists: false,
      query: { body: { items: [{ alias: 'w' }, { expr: col('word') }, { alias: 'n' }], groupBy: [num('1'), num('2')] } },
    });
  });

  it('reads a sink without a query, fed later by INSERT', () => {
    const s = statement("CREATE SINK IF NOT EXISTS out WITH (connector = 'memory')");
    expect(s).toMatchObject({ kind: 'createSink', name: 'out', ifNotExists: true, options: { connector: 'memory' } });
    expect(s).not.toHaveProperty('query');
  });

  it('reads views: temporary, replaced, with column aliases', () => {
    expect(statement('CREATE OR REPLACE TEMP VIEW v (a, b) AS SELECT 1, 2')).toMatchObject({
      kind: 'createView',
      name: 'v',
      temporary: true,
      orReplace: true,
      columnAliases: ['a', 'b'],
      query: { body: { items: [{ expr: num('1') }, { expr: num('2') }] } },
    });
    const plain = statement('CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT * FROM t');
    expect(plain).toMatchObject({ kind: 'createView', temporary: true, orReplace: false, ifNotExists: true });
    expect(statement('CREATE VIEW v AS SELECT 1')).toMatchObject({ temporary: false, orReplace: false });
    expect(statement('CREATE VIEW v AS SELECT 1')).not.toHaveProperty('columnAliases');
  });
});

describe('INSERT', () => {
  it('reads INSERT INTO with a query', () => {
    expect(statement('INSERT INTO counts SELECT word, count(*) FROM words GROUP BY word')).toMatchObject({
      kind: 'insert',
      target: 'counts',
      overwrite: false,
      source: { body: { kind: 'select', from: { name: 'words' } } },
    });
  });

  it('reads INSERT OVERWRITE TABLE with columns and VALUES', () => {
    expect(statement("INSERT OVERWRITE TABLE db.t (a, b) VALUES (1, 'x'), (2, 'y')")).toMatchObject({
      kind: 'insert',
      target: 'db.t',
      columns: ['a', 'b'],
      overwrite: true,
      source: { body: { kind: 'values', rows: [[num('1'), str('x')], [num('2'), str('y')]] } },
    });
  });

  it('reads a target named table, and a parenthesised query', () => {
    expect(statement('INSERT INTO table SELECT 1')).toMatchObject({ target: 'table' });
    expect(statement('INSERT INTO TABLE t (SELECT 1)')).toMatchObject({ target: 't', source: { body: { kind: 'select' } } });
  });
});

describe('utility statements', () => {
  it('reads DROP for every object type', () => {
    expect(['TABLE', 'VIEW', 'SOURCE', 'SINK'].map((t) => statement(`DROP ${t} x`))).toMatchObject(
      ['table', 'view', 'source', 'sink'].map((objectType) => ({ kind: 'drop', objectType, name: 'x', ifExists: false })),
    );
    expect(statement('DROP SINK IF EXISTS db.s')).toMatchObject({ kind: 'drop', objectType: 'sink', name: 'db.s', ifExists: true });
  });

  it('reads SHOW', () => {
    expect(['TABLES', 'views', 'SOURCES', 'SINKS', 'QUERIES', 'FUNCTIONS'].map((w) => statement(`SHOW ${w}`))).toMatchObject(
      ['tables', 'views', 'sources', 'sinks', 'queries', 'functions'].map((what) => ({ kind: 'show', what })),
    );
  });

  it('reads DESCRIBE and DESC, EXTENDED, TABLE, and DESCRIBE QUERY', () => {
    expect(statement('DESCRIBE words')).toEqual({ kind: 'describe', target: 'object', name: 'words', extended: false, pos: { line: 1, column: 1, offset: 0, length: 8 } });
    expect(statement('DESC EXTENDED db.words')).toMatchObject({ target: 'object', name: 'db.words', extended: true });
    expect(statement('DESCRIBE TABLE t')).toMatchObject({ target: 'object', name: 't' });
    expect(statement('DESCRIBE query')).toMatchObject({ target: 'object', name: 'query' });
    expect(statement('DESCRIBE QUERY 550e8400-e29b-41d4-a716-446655440000')).toMatchObject({
      target: 'query',
      name: '550e8400-e29b-41d4-a716-446655440000',
    });
  });

  it('reads EXPLAIN of any statement', () => {
    expect(statement('EXPLAIN SELECT 1')).toMatchObject({ kind: 'explain', extended: false, statement: { kind: 'query' } });
    expect(statement("EXPLAIN EXTENDED INSERT INTO s SELECT * FROM t")).toMatchObject({ kind: 'explain', extended: true, statement: { kind: 'insert' } });
  });

  it('reads STOP QUERY with a name, a number, a string or a UUID', () => {
    expect(['q1', '7', "'my query'", '3f2a8c1e-0b4d-4e5f-9a6b-7c8d9e0f1a2b'].map((id) => statement(`STOP QUERY ${id}`))).toMatchObject([
      { kind: 'stopQuery', id: 'q1' },
      { kind: 'stopQuery', id: '7' },
      { kind: 'stopQuery', id: 'my query' },
      { kind: 'stopQuery', id: '3f2a8c1e-0b4d-4e5f-9a6b-7c8d9e0f1a2b' },
    ]);
  });

  it('reads SET with the raw value text', () => {
    const stmts = parseStatements(
      "SET;\nSET spark.sql.shuffle.partitions = 4;\nSET path = /tmp/my dir/x ;\nSET k='a;b' -- comment\n;SET `odd key` = \"quoted\";SET timeZone",
    ).map((s) => s.statement);
    expect(stmts).toMatchObject([
      { kind: 'set' },
      { kind: 'set', key: 'spark.sql.shuffle.partitions', value: '4' },
      { kind: 'set', key: 'path', value: '/tmp/my dir/x' },
      { kind: 'set', key: 'k', value: 'a;b' },
      { kind: 'set', key: 'odd key', value: 'quoted' },
      { kind: 'set', key: 'timeZone' },
    ]);
    expect(stmts[0]).not.toHaveProperty('key');
    expect(stmts[5]).not.toHaveProperty('value');
  });

  it('takes stray characters into a SET value', () => {
    expect(statement('SET conf = $HOME#1')).toMatchObject({ kind: 'set', key: 'conf', value: '$HOME#1' });
  });
});

describe('queries as statements', () => {
  it('reads SELECT, WITH, VALUES and parenthesised queries', () => {
    expect(['SELECT 1', 'WITH a AS (SELECT 1) SELECT * FROM a', 'VALUES (1)', '(SELECT 1)'].map((q) => statement(q).kind)).toEqual([
      'query', 'query', 'query', 'query',
    ]);
  });

  it('keeps each statement of a script with its text span', () => {
    const sql = "CREATE VIEW v AS SELECT 1 AS one;\nSELECT * FROM v;\nSHOW VIEWS";
    const stmts = parseStatements(sql);
    expect(stmts.map((s) => [s.statement.kind, sql.slice(s.start, s.end)])).toEqual([
      ['createView', 'CREATE VIEW v AS SELECT 1 AS one'],
      ['query', 'SELECT * FROM v'],
      ['show', 'SHOW VIEWS'],
    ]);
  });
});
