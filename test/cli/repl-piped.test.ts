/**
 * The REPL with stdin not a terminal (`echo "SELECT 1 AS one;" | sluice`): plain output without prompts or
 * escape codes, tables for rows, errors on stderr with their caret, every statement run, and an exit status
 * that says whether any failed. Runs the real CLI as a child process.
 */
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, sluiceBin } from './repl-terminal.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sluice args…` with `input` on stdin; `whileRunning` may act on the process (e.g. send SIGINT). */
function sluice(input: string, args: readonly string[] = [],
  whileRunning?: (out: () => string, signal: (s: NodeJS.Signals) => void) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [sluiceBin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
    whileRunning?.(() => stdout, (s) => child.kill(s)).catch(reject);
  });
}

async function until(what: string, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('piped input', () => {
  const dirs: string[] = [];
  beforeAll(() => assertBuilt());
  afterEach(async () => {
    for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
  });

  it('prints a plain table for a query, and exits 0', async () => {
    const r = await sluice('SELECT 1 AS one;\n');
    expect(r).toEqual({ code: 0, stdout: '+---+\n|one|\n+---+\n|1  |\n+---+\n', stderr: '' });
  });

  it('runs every statement, reports errors with a caret on stderr, and exits 1 when one failed', async () => {
    const r = await sluice([
      "CREATE TABLE t (word STRING, n INT); INSERT INTO t VALUES ('to', 2), ('be', 1);",
      'SELECT word,',
      '  FROM t;',
      'SELECT word, n FROM t ORDER BY n',
    ].join('\n'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      'Table t created',
      'Inserted 2 rows into t',
      '+----+---+',
      '|word|n  |',
      '+----+---+',
      '|be  |1  |',
      '|to  |2  |',
      '+----+---+',
      '',
    ].join('\n'));
    expect(r.stderr).toBe([
      "error: Syntax error at or near 'FROM': expected an expression (line 2, column 3)",
      '   2 |   FROM t;',
      '     |   ^^^^',
      '',
    ].join('\n'));
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('runs live queries until their LIMIT: rows appended, aggregations batch by batch', async () => {
    const r = await sluice([
      "SET sluice.repl.trigger = '100 milliseconds';",
      "CREATE SOURCE m WITH (connector = 'rate-micro-batch', rowsPerBatch = 2);",
      'SELECT value, value * 10 AS tens FROM m LIMIT 3;',
      'SELECT value % 2 AS k, count(*) AS n FROM m GROUP BY value % 2 EMIT CHANGES LIMIT 4;',
    ].join('\n'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'sluice.repl.trigger = 100 milliseconds',
      'Source m created',
      '+-----+----+',
      '|value|tens|',
      '+-----+----+',
      '|    0|   0|',
      '|    1|  10|',
      '|    2|  20|',
      '+-----+----+',
      'Batch: 0',
    ]);
    // Two groups per batch: after batch 1 the LIMIT of four rows is reached.
    const batches = r.stdout.slice(r.stdout.indexOf('Batch: 0')).split(/(?=Batch: )/);
    expect(batches).toHaveLength(2);
    expect(batches[0]!.split('\n').slice(4, 6).sort()).toEqual(['|  0|  1|', '|  1|  1|']);
    expect(batches[1]!.split('\n').slice(4, 6).sort()).toEqual(['|  0|  2|', '|  1|  2|']);
  });

  it('SIGINT stops a live query and goes on with the next statement', async () => {
    const r = await sluice([
      "CREATE SOURCE m WITH (connector = 'rate-micro-batch', rowsPerBatch = 1);",
      'SELECT value FROM m;',
      "SELECT 'after' AS next;",
    ].join('\n'), [], async (out, signal) => {
      await until('live rows', () => out().includes('|    1|'));
      signal('SIGINT');
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\|    1\|\n(?:\|\s+\d+\|\n)*\+-----\+\n\+-----\+\n\|next \|\n\+-----\+\n\|after\|\n\+-----\+\n$/);
  });

  it('runs an init script first; a last statement without ; runs at the end of input; \\quit stops reading', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-repl-piped-'));
    dirs.push(dir);
    const init = path.join(dir, 'init.sql');
    await fsp.writeFile(init, 'CREATE VIEW v AS SELECT 7 AS seven;\n');
    const r = await sluice('SELECT seven FROM v', ['-f', init]);
    expect(r).toEqual({ code: 0, stdout: 'View v created\n+-----+\n|seven|\n+-----+\n|7    |\n+-----+\n', stderr: '' });

    const q = await sluice('SELECT 1 AS a;\n\\quit\nSELECT 2 AS b;\n');
    expect(q).toEqual({ code: 0, stdout: '+---+\n|a  |\n+---+\n|1  |\n+---+\n', stderr: '' });

    const bad = await sluice('\\nonsense\nSELECT 1 AS a;\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: Unknown command \\nonsense; \\help lists the commands\n');
  });

  it('reports an init script error at the line of the file', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-repl-piped-'));
    dirs.push(dir);
    const init = path.join(dir, 'init.sql');
    await fsp.writeFile(init, '-- setup\nSELECT 1 AS ok;\n\nSELECT nope\n  FROM (SELECT 1 AS one);\n');
    const r = await sluice('', ['-f', init]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe([
      `error: ${init}: Column 'nope' does not exist. Did you mean 'one'? (line 4, column 8)`,
      '   4 | SELECT nope',
      '     |        ^^^^',
      '',
    ].join('\n'));
  });
});
