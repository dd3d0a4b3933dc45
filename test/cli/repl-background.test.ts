/**
 * Background queries in a real terminal (tmux): a sink started with CREATE SINK … AS SELECT keeps running while
 * the user types, SHOW QUERIES and DESCRIBE QUERY follow it, STOP QUERY stops it; a failing query is reported
 * once; output other code prints (a console sink) lands above the prompt without disturbing the typed line;
 * Ctrl-D stops what runs and leaves.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, lastNonEmpty, ReplTerminal } from './repl-terminal.js';

/** The cells of the SHOW QUERIES row for `name`: id, name, status, batchId, rates. */
function queryRow(screen: readonly string[], name: string): string[] | undefined {
  for (const line of screen) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length === 8 && cells[2] === name) return cells.slice(1, 7);
  }
  return undefined;
}

describe('background queries in a terminal', () => {
  let term: ReplTerminal | undefined;
  const dirs: string[] = [];
  beforeAll(() => assertBuilt());
  afterEach(async () => {
    await term?.close();
    term = undefined;
    for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
  });

  async function open(): Promise<ReplTerminal> {
    term = await ReplTerminal.open({ width: 80, height: 24 });
    await term.waitForPrompt(20_000);
    await term.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=5);");
    await term.waitForText('Source m created');
    return term;
  }

  it('starts a sink in the background, lists it in SHOW QUERIES, describes and stops it', async () => {
    const t = await open();
    await t.enter('CREATE SINK counts WITH (connector = \'memory\', outputMode = \'update\') AS');
    await t.enter('  SELECT value % 2 AS k, count(*) AS n FROM m GROUP BY value % 2;');
    await t.waitForText(/^Started query counts \([0-9a-f-]{36}\)$/);
    await t.waitForPrompt();

    // SHOW QUERIES until the query has run a batch (its batchId is no longer null).
    let running: string[] | undefined;
    for (let shown = 1; running?.[3] === undefined || running[3] === 'null'; shown++) {
      await t.enter('SHOW QUERIES;');
      running = await t.waitFor('counts listed', (s) => {
        const rows = s.filter((l) => l.includes('|counts'));
        return rows.length >= Math.min(shown, 2) ? queryRow([rows[rows.length - 1]!], 'counts') : undefined;
      });
      expect(running[2]).toBe('RUNNING');
    }

    await t.enter('STOP QUERY counts;');
    await t.waitForText('Query counts stopped');
    await t.enter('SHOW QUERIES;');
    await t.waitFor('counts stopped', (s) => {
      const rows = s.filter((l) => l.includes('|counts'));
      return queryRow([rows[rows.length - 1]!], 'counts')?.[2] === 'STOPPED';
    });

    await t.enter('DESCRIBE QUERY counts;');
    await t.waitForText(/^ {2}\}$/);
    await t.waitForPrompt();
    const lines = await t.transcript();
    const described = lines.slice(lines.lastIndexOf('sluice> DESCRIBE QUERY counts;') + 1);
    expect(described.slice(1, 4)).toEqual(['name: counts', 'status: STOPPED', 'sql:']);
    expect(described.some((l) => /^ {4}"batchId": \d+,$/.test(l))).toBe(true);
    expect(described.some((l) => /^ {8}"operatorName": "\w+",$/.test(l))).toBe(true);
  });

  it('reports a failing background query once, above the prompt', async () => {
    const t = await open();
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-repl-bad-'));
    dirs.push(dir);
    await fsp.writeFile(path.join(dir, 'a.json'), '{"a": 1}\nnot json\n');
    await t.enter(`CREATE SOURCE bad (a INT) WITH (connector = 'file', format = 'json',`);
    await t.enter(`  mode = 'FAILFAST', path = '${dir}');`);
    await t.waitForText('Source bad created');
    await t.enter('CREATE SINK copy WITH (connector = \'memory\') AS SELECT a FROM bad;');
    await t.waitForText(/^error: query copy failed: malformed record in/, 20_000);
    await t.type('SELECT 1 AS x;');
    await t.waitForText(/^sluice> SELECT 1 AS x;$/);
    await t.press('Enter');
    await t.waitForText('(1 row)');
    await t.enter('SHOW QUERIES;');
    await t.waitFor('copy failed', (s) => queryRow(s, 'copy')?.[2] === 'FAILED');
    const screen = await t.screen();
    expect(screen.filter((l) => l.startsWith('error: query copy failed'))).toHaveLength(1);
    for (const line of screen) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('prints what a console sink writes above the prompt, keeping the line being typed', async () => {
    const t = await open();
    await t.enter("CREATE SINK con WITH (connector = 'console', format = 'jsonl', trigger = '200ms')");
    await t.enter('  AS SELECT value FROM m WHERE value % 5 = 0;');
    await t.waitForText(/^Started query con /);
    await t.type("SELECT 'half");
    const screen = await t.waitFor('three batches printed above the prompt', (s) =>
      (s.filter((l) => /^\{"_batch":\d+,"value":\d+\}$/.test(l)).length >= 3 && lastNonEmpty(s) === "sluice> SELECT 'half" ? s : undefined), 20_000);
    const printed = screen.filter((l) => l.startsWith('{"_batch"'));
    expect(printed.slice(0, 3)).toEqual(['{"_batch":0,"value":0}', '{"_batch":1,"value":5}', '{"_batch":2,"value":10}']);
    await t.type(" done' AS t;");
    await t.press('Enter');
    await t.waitForText('|half done|');
    await t.enter('STOP QUERY con;');
    await t.waitForText('Query con stopped');
  });

  it('Ctrl-D stops the running queries and leaves', async () => {
    const t = await open();
    await t.enter("CREATE SINK s WITH (connector = 'memory') AS SELECT value FROM m;");
    await t.waitForText(/^Started query s /);
    await t.waitForPrompt();
    await t.press('C-d');
    await t.waitForText('Stopping 1 query…');
    await t.waitForText('[exited 0]');
  });
});
