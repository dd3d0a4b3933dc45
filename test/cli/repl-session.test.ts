/**
 * Sessions in a real terminal (tmux): history recalled after restarting the REPL (Up and Ctrl-R), an init
 * script with -f, \help and \quit, Ctrl-D during a live query.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, lastNonEmpty, ReplTerminal, type TerminalOptions } from './repl-terminal.js';

describe('REPL sessions in a terminal', () => {
  const terms: ReplTerminal[] = [];
  const dirs: string[] = [];
  beforeAll(() => assertBuilt());
  afterEach(async () => {
    for (const t of terms.splice(0)) await t.close();
    for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
  });

  async function open(opts: TerminalOptions = {}): Promise<ReplTerminal> {
    const t = await ReplTerminal.open({ width: 80, height: 24, ...opts });
    terms.push(t);
    await t.waitForPrompt(20_000);
    return t;
  }

  async function tempDir(): Promise<string> {
    const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-repl-session-'));
    dirs.push(d);
    return d;
  }

  it('recalls statements from the history after a restart, with Up and with Ctrl-R', async () => {
    const history = path.join(await tempDir(), 'history');
    const first = await open({ historyFile: history });
    await first.enter("SELECT 'from the first session' AS note;");
    await first.waitForText('(1 row)');
    await first.enter('SELECT 41 + 1');
    await first.enter('  AS answer;');
    await first.waitFor('two results', (s) => s.filter((l) => l === '(1 row)').length === 2 || undefined);
    await first.enter('\\quit');
    await first.waitForText('[exited 0]');
    expect(await fsp.readFile(history, 'utf8')).toBe("SELECT 'from the first session' AS note;\nSELECT 41 + 1 AS answer;\n\\quit\n");

    const second = await open({ historyFile: history });
    await second.press('Up', 'Up');
    await second.waitForText(/^sluice> SELECT 41 \+ 1 AS answer;$/);
    await second.press('Enter');
    await second.waitForText('|    42|');
    await second.press('C-r');
    await second.type('first');
    await second.waitForText("(reverse-i-search)`first': SELECT 'from the first session' AS note;");
    await second.press('Enter');
    await second.waitForText('|from the first session|');
  });

  it('runs an init script with -f and stays in the REPL; \\help, \\quit', async () => {
    const dir = await tempDir();
    const init = path.join(dir, 'init.sql');
    await fsp.writeFile(init, [
      "CREATE SOURCE m WITH (connector = 'rate-micro-batch', rowsPerBatch = 1);",
      'CREATE VIEW evens AS SELECT value FROM m WHERE value % 2 = 0;',
      '',
    ].join('\n'));
    const t = await open({ args: ['-f', init] });
    await t.waitForText('View evens created');
    await t.enter('SHOW VIEWS;');
    await t.waitForText('|evens|false      |');
    await t.enter('\\help');
    await t.waitForText(/^ {2}\\help {3}this text/);
    await t.enter('\\quit');
    await t.waitForText('[exited 0]');
    expect(lastNonEmpty(await t.screen())).toBe('[exited 0]');
  });

  it('Ctrl-D during a live query stops it and leaves', async () => {
    const t = await open();
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=1);");
    await t.waitForText('Source m created');
    await t.enter('SELECT count(*) AS n FROM m;');
    await t.waitForText(/^batch \d+ /, 20_000);
    await t.press('C-d');
    await t.waitForText(/^stopped \| batch \d+ /);
    await t.waitForText('[exited 0]');
  });
});
