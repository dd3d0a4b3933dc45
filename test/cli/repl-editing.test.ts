/**
 * Typing in a real terminal (tmux): statements over several lines and several on a line, Tab completing a
 * column, a syntax error with its caret, Ctrl-C dropping the line being typed, a live query failing.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ReplTerminal } from './repl-terminal.js';

describe('typing in a terminal', () => {
  let term: ReplTerminal | undefined;
  beforeAll(() => assertBuilt());
  afterEach(async () => {
    await term?.close();
    term = undefined;
  });

  async function open(): Promise<ReplTerminal> {
    term = await ReplTerminal.open({ width: 80, height: 24 });
    await term.waitForPrompt(20_000);
    return term;
  }

  it('runs a statement typed over several lines, and several statements typed on one line', async () => {
    const t = await open();
    await t.enter('SELECT 1 AS a,');
    await t.waitForText(/^ {3}\.\.\.> $|^ {3}\.\.\.>$/);
    await t.enter("  'two' AS b;");
    await t.waitForText('(1 row)');
    await t.enter('SELECT 3 AS c; SELECT 4 AS d;');
    await t.waitFor('two results', (s) => s.filter((l) => l === '(1 row)').length === 3 || undefined);
    await t.waitForPrompt();
    expect(await t.screen()).toEqual([
      'sluice> SELECT 1 AS a,',
      "   ...>   'two' AS b;",
      '+---+---+',
      '|  a|b  |',
      '+---+---+',
      '|  1|two|',
      '+---+---+',
      '(1 row)',
      'sluice> SELECT 3 AS c; SELECT 4 AS d;',
      '+---+',
      '|  c|',
      '+---+',
      '|  3|',
      '+---+',
      '(1 row)',
      '+---+',
      '|  d|',
      '+---+',
      '|  4|',
      '+---+',
      '(1 row)',
      'sluice>',
      '',
      '',
    ]);
  });

  it('completes a column name with Tab', async () => {
    const t = await open();
    await t.enter('CREATE TABLE clicks (user_id STRING, url STRING);');
    await t.waitForText('Table clicks created');
    await t.enter("INSERT INTO clicks VALUES ('ann', '/a'), (NULL, '/b');");
    await t.waitForText('Inserted 2 rows into clicks');
    await t.type('SELECT count(*) AS n FROM clicks WHERE us');
    await t.press('Tab');
    await t.waitForText(/^sluice> SELECT count\(\*\) AS n FROM clicks WHERE user_id$/);
    await t.type(' IS NULL;');
    await t.press('Enter');
    await t.waitForText('(1 row)');
    const screen = await t.screen();
    const at = screen.indexOf('sluice> SELECT count(*) AS n FROM clicks WHERE user_id IS NULL;');
    expect(screen.slice(at + 1, at + 7)).toEqual(['+---+', '|  n|', '+---+', '|  1|', '+---+', '(1 row)']);
  });

  it('shows a syntax error with the line, the column and a caret, and carries on', async () => {
    const t = await open();
    await t.enter('SELECT value,');
    await t.enter('  FROM m;');
    await t.waitForText(/^error: /);
    await t.waitForPrompt();
    const screen = await t.screen();
    expect(screen.slice(2, 5)).toEqual([
      "error: Syntax error at or near 'FROM': expected an expression (line 2, column 3)",
      '   2 |   FROM m;',
      '     |   ^^^^',
    ]);
    await t.enter('SELECT nope FROM (SELECT 1 AS one);');
    await t.waitForText(/^error: Column 'nope' does not exist/);
    await t.waitForText(/^ {5}\| {8}\^{4}$/);
    await t.enter('SELECT 2 AS still_here;');
    await t.waitForText('|still_here|');
  });

  it('Ctrl-C drops the statement being typed; the REPL keeps going', async () => {
    const t = await open();
    await t.enter('SELECT 1 AS never,');
    await t.type('  2 AS run');
    await t.press('C-c');
    await t.waitForText(/^ {3}\.\.\.> {3}2 AS run\^C$/);
    await t.waitForPrompt();
    await t.enter('SELECT 3 AS three;');
    await t.waitForText('|    3|');
    expect((await t.screen()).some((l) => l.includes('never|'))).toBe(false);
  });

  it('a live query that fails prints its error under its last status and returns to the prompt', async () => {
    const t = await open();
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-repl-fail-'));
    try {
      await fsp.writeFile(path.join(dir, 'a.json'), '{"a": 1}\n{"a": 2}\nbroken\n');
      await t.enter(`CREATE SOURCE bad (a INT) WITH (connector = 'file', format = 'json',`);
      await t.enter(`  mode = 'FAILFAST', path = '${dir}');`);
      await t.waitForText('Source bad created');
      await t.enter('SELECT a FROM bad;');
      await t.waitForText(/^failed \| /);
      await t.waitForText(/^error: malformed record in/);
      await t.waitForPrompt();
      await t.enter('SELECT 5 AS after;');
      await t.waitForText('|    5|');
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
