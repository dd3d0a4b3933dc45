/**
 * What the REPL does with what is typed, without a terminal: cutting lines into statements, history entries
 * and the history file, Ctrl-R search, Tab completion against a real session, and how a live query is planned.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { parseQuery } from '../../src/sql/parse.js';
import { ReplCompleter } from '../../src/cli/repl-completer.js';
import { HistoryFile, historyEntry, historyPath } from '../../src/cli/repl-history.js';
import { HistorySearch } from '../../src/cli/repl-history-search.js';
import { planLiveQuery } from '../../src/cli/repl-live-plan.js';
import { withLiveSourceOptions } from '../../src/cli/repl-live-source-options.js';
import { parseReplArgs } from '../../src/cli/repl.js';
import { runCommand } from '../../src/cli/repl-commands.js';
import { scriptStatements, StatementSplitter } from '../../src/cli/repl-statement-splitter.js';

describe('cutting input into statements', () => {
  it('ends a statement at a ; outside strings and comments', () => {
    const s = new StatementSplitter();
    expect(s.feed('SELECT 1; SELECT')).toEqual(['SELECT 1;']);
    expect(s.pending).toBe(' SELECT');
    expect(s.feed("'a;b' AS x -- c;")).toEqual([]);
    expect(s.feed(';')).toEqual(["SELECT\n'a;b' AS x -- c;\n;"]);
    expect(s.isEmpty).toBe(true);
  });

  it('waits for the end of an open string or comment, and drops a rest of only comments', () => {
    const s = new StatementSplitter();
    expect(s.feed("SELECT 'it''s")).toEqual([]);
    expect(s.feed("still; open' AS a; /* note")).toEqual(["SELECT 'it''s\nstill; open' AS a;"]);
    expect(s.isEmpty).toBe(false);
    expect(s.feed('done */')).toEqual([]);
    expect(s.isEmpty).toBe(true);
    expect(s.feed('SELECT 2 -- trailing comment; not a statement end')).toEqual([]);
    expect(s.flush()).toBe('SELECT 2 -- trailing comment; not a statement end');
    expect(s.flush()).toBeUndefined();
  });

  it('pads script statements so errors name the file line and column', () => {
    expect(scriptStatements('SELECT 1;\n  SELECT 2;\nSELECT 3')).toEqual(['SELECT 1;', '         \n  SELECT 2;', '\n           \nSELECT 3']);
    expect(scriptStatements('-- only a comment\n')).toEqual([]);
  });
});

describe('history', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
  });
  const tempFile = async (): Promise<string> => {
    const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-history-test-'));
    dirs.push(d);
    return path.join(d, 'sub', 'history');
  };

  it('makes one line of a statement typed over several lines, dropping comments', () => {
    expect(historyEntry(['SELECT a, -- the key', '  count(*) AS n', 'FROM t GROUP BY a;'])).toBe('SELECT a, count(*) AS n FROM t GROUP BY a;');
    expect(historyEntry(['  SHOW QUERIES;  '])).toBe('SHOW QUERIES;');
    expect(historyEntry(["SELECT 'a  b' /* x */ AS s;"])).toBe("SELECT 'a  b' AS s;");
  });

  it('keeps entries in a file, oldest first on disk and newest first when loaded', async () => {
    const file = await tempFile();
    const h = new HistoryFile(file, 3);
    expect(h.load()).toEqual([]);
    for (const e of ['SELECT 1;', 'SELECT 2;', 'SELECT 3;', 'SELECT 4;']) h.append(e);
    expect(await fsp.readFile(file, 'utf8')).toBe('SELECT 1;\nSELECT 2;\nSELECT 3;\nSELECT 4;\n');
    expect(new HistoryFile(file, 3).load()).toEqual(['SELECT 4;', 'SELECT 3;', 'SELECT 2;']);
    for (const e of ['SELECT 5;', 'SELECT 6;', 'SELECT 7;']) h.append(e);
    // Past twice the limit the file is rewritten with the newest entries only.
    expect(new HistoryFile(file, 3).load()).toEqual(['SELECT 7;', 'SELECT 6;', 'SELECT 5;']);
    expect(await fsp.readFile(file, 'utf8')).toBe('SELECT 5;\nSELECT 6;\nSELECT 7;\n');
  });

  it('lives in ~/.sluice_history unless SLUICE_HISTORY says otherwise', () => {
    expect(historyPath({})).toBe(path.join(os.homedir(), '.sluice_history'));
    expect(historyPath({ SLUICE_HISTORY: '/tmp/h' })).toBe('/tmp/h');
  });

  it('Ctrl-R finds the newest entry containing the text, then older ones', () => {
    const s = new HistorySearch(['SELECT 3 FROM b;', 'SHOW QUERIES;', 'SELECT 1 FROM a;'], 'typed');
    expect(s.prompt).toBe("(reverse-i-search)`': ");
    expect(s.line).toBe('typed');
    expect(s.key('f', { name: 'f' })).toEqual({ kind: 'show' });
    expect(s.line).toBe('SELECT 3 FROM b;');
    s.key('r', { name: 'r' });
    s.key('o', { name: 'o' });
    expect(s.prompt).toBe("(reverse-i-search)`fro': ");
    expect(s.key(undefined, { name: 'r', ctrl: true })).toEqual({ kind: 'show' });
    expect(s.line).toBe('SELECT 1 FROM a;');
    s.key(undefined, { name: 'r', ctrl: true });
    expect(s.prompt).toBe("(failed reverse-i-search)`fro': ");
    expect(s.line).toBe('SELECT 1 FROM a;');
    expect(s.key(undefined, { name: 'return' })).toEqual({ kind: 'accept', line: 'SELECT 1 FROM a;', run: true, replay: false });
    expect(s.key(undefined, { name: 'left' })).toEqual({ kind: 'accept', line: 'SELECT 1 FROM a;', run: false, replay: true });
    expect(s.key(undefined, { name: 'g', ctrl: true })).toEqual({ kind: 'cancel', line: 'typed' });
  });
});

describe('tab completion', () => {
  let session: Session;
  beforeAll(async () => {
    session = new Session();
    await session.execute(`
      CREATE SOURCE clicks (user_id STRING, url STRING, ts TIMESTAMP) WITH (connector = 'memory');
      CREATE SOURCE rates WITH (connector = 'rate-micro-batch', rowsPerBatch = 1);
      CREATE VIEW per_user AS SELECT user_id, count(*) AS visits FROM clicks GROUP BY user_id;
      CREATE SINK out WITH (connector = 'memory');`);
  });
  const complete = (before: string, whole?: string) => new ReplCompleter(session).complete(before, whole);

  it('completes the columns of the relations the statement names', () => {
    expect(complete('SELECT us', 'SELECT us FROM clicks')).toEqual([['user_id'], 'us']);
    expect(complete('SELECT count(*) FROM rates WHERE val')).toEqual([['value'], 'val']);
    expect(complete('SELECT c.u', 'SELECT c.u FROM clicks AS c')).toEqual([['user_id', 'url'], 'u']);
    expect(complete('SELECT vis', 'SELECT vis FROM per_user')).toEqual([['visits'], 'vis']);
  });

  it('offers every relation\'s columns before FROM is written, then functions and relation names', () => {
    const [names] = complete('SELECT u');
    expect(names.slice(0, 2)).toEqual(['user_id', 'url']);
    expect(names).toContain('upper');
    expect(complete('SELECT coun')).toEqual([['count', 'count_if'], 'coun']);
  });

  it('completes relation, sink and query names where they belong, and keywords in the case typed', () => {
    expect(complete('SELECT * FROM cl')).toEqual([['clicks'], 'cl']);
    expect(complete('INSERT INTO o')).toEqual([['out'], 'o']);
    expect(complete('sel')).toEqual([['select'], 'sel']);
    expect(complete('SEL')).toEqual([['SELECT'], 'SEL']);
    expect(complete('SHOW QU')).toEqual([['QUERIES'], 'QU']);
  });
});

describe('planning a live query', () => {
  let session: Session;
  beforeAll(async () => {
    session = new Session();
    await session.execute("CREATE SOURCE m WITH (connector = 'rate-micro-batch', rowsPerBatch = 1)");
  });
  const plan = (sql: string) => planLiveQuery(session, parseQuery(sql));

  it('an aggregation runs in update mode, keyed by its group columns', () => {
    const p = plan('SELECT count(*) AS n, value % 3 AS k, max(value) + 1 AS top FROM m GROUP BY value % 3 EMIT CHANGES');
    expect([p.outputMode, p.keyColumns, p.rowLimit]).toEqual(['update', [1], undefined]);
    expect(p.schema.fields.map((f) => f.name)).toEqual(['n', 'k', 'top']);
    expect(plan('SELECT count(*) AS n FROM m').keyColumns).toEqual([]);
  });

  it('LIMIT ends an append or update query after n rows; with ORDER BY the aggregation is a live top-n', () => {
    const append = plan('SELECT value FROM m LIMIT 5');
    expect([append.outputMode, append.keyColumns, append.rowLimit, append.query.limit]).toEqual(['append', undefined, 5, undefined]);
    const top = plan('SELECT value % 5 AS k, count(*) AS n FROM m GROUP BY value % 5 ORDER BY n DESC LIMIT 2');
    expect([top.outputMode, top.rowLimit, top.query.limit !== undefined]).toEqual(['complete', undefined, true]);
  });

  it('takes the LIMIT as the analyzer evaluated it', () => {
    expect(plan('SELECT value FROM m LIMIT 3').rowLimit).toBe(3);
    expect(() => plan('SELECT value FROM m LIMIT -1')).toThrow('LIMIT must be a non-negative integer constant');
  });
});

describe('commands and arguments', () => {
  it('knows \\help and \\quit', () => {
    expect(runCommand('\\quit')).toEqual({ kind: 'quit' });
    expect(runCommand(' \\q ')).toEqual({ kind: 'quit' });
    expect(runCommand('\\help').kind).toBe('text');
    expect(runCommand('\\x')).toEqual({ kind: 'error', message: 'Unknown command \\x; \\help lists the commands' });
  });

  it('takes init scripts with -f', () => {
    expect(parseReplArgs(['-f', 'a.sql', '--file=b.sql', '--file', 'c.sql'])).toEqual(['a.sql', 'b.sql', 'c.sql']);
    expect(() => parseReplArgs(['-f'])).toThrow('-f needs a file');
    expect(() => parseReplArgs(['x'])).toThrow("unexpected argument 'x'");
  });
});

describe('session settings for the sources of live queries', () => {
  it('SET startingOffsets applies to the Kafka sources of a live query while it starts, then the definition is restored', async () => {
    const session = new Session();
    await session.execute(`
      CREATE SOURCE k WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '127.0.0.1:1', subscribe = 't');
      CREATE SOURCE own WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '127.0.0.1:1', subscribe = 'u', startingOffsets = 'latest');
      CREATE SOURCE m WITH (connector = 'rate-micro-batch', rowsPerBatch = 1);
      SET startingOffsets = 'earliest';`);
    const options = (name: string): Record<string, string> => {
      const o = session.catalog.get(name);
      return o?.kind === 'source' ? { ...o.definition.options } : {};
    };
    const seen = await withLiveSourceOptions(session, parseQuery('SELECT k.value FROM k JOIN own ON k.key = own.key UNION ALL SELECT NULL FROM m'),
      async () => [options('k'), options('own'), options('m')]);
    expect(seen).toEqual([
      { connector: 'kafka', 'kafka.bootstrap.servers': '127.0.0.1:1', subscribe: 't', startingOffsets: 'earliest' },
      { connector: 'kafka', 'kafka.bootstrap.servers': '127.0.0.1:1', subscribe: 'u', startingOffsets: 'latest' },
      { connector: 'rate-micro-batch', rowsPerBatch: '1' },
    ]);
    expect(options('k')).toEqual({ connector: 'kafka', 'kafka.bootstrap.servers': '127.0.0.1:1', subscribe: 't' });
  });
});
