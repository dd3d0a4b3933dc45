/**
 * Live queries in a real terminal (tmux): an aggregation redrawn in place with its counts growing and the
 * changed row marked, Ctrl-C back to the prompt, appended rows ended by LIMIT, and long values cut — in an
 * 80×24 terminal and a wide one.
 *
 * `rate-micro-batch` with one row per batch makes the counts exact: after batch b the stream holds values
 * 0..b, so group k of `value % 3` has ⌊(b − k) / 3⌋ + 1 rows, and only group b % 3 changed in batch b.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, lastNonEmpty, ReplTerminal } from './repl-terminal.js';

interface TableRow { readonly marked: boolean; readonly cells: string[] }
interface Status { readonly batch: number; readonly inRate: number; readonly state: string; readonly watermark: string; readonly line: string }

/** The rows of a live table (`*|  0|  4|`), header first. */
function tableRows(screen: readonly string[]): TableRow[] {
  return screen.filter((l) => /^[ *]\|.*\|$/.test(l)).map((l) => ({ marked: l[0] === '*', cells: l.slice(2, -1).split('|').map((c) => c.trim()) }));
}

function status(screen: readonly string[]): Status | undefined {
  for (const line of screen) {
    const m = /^(?:\w[\w ]* \| )?batch (\d+) \| in ([\d.,]+)(?: rows)?\/s \| (?:processed|proc) [\d.,]+(?: rows)?\/s \| state ([^|]+) \| watermark (\S+)/.exec(line);
    if (m) return { batch: Number(m[1]), inRate: Number(m[2]!.replace(/,/g, '')), state: m[3]!.replace(/ rows?$/, '').trim(), watermark: m[4]!, line };
  }
  return undefined;
}

/** The screen of `value % 3` counts when table and status agree on the batch: [batch, counts by k, marked ks]. */
function consistentCounts(screen: readonly string[]): { batch: number; counts: number[]; marked: number[] } | undefined {
  const s = status(screen);
  const rows = tableRows(screen);
  if (!s || s.batch < 3 || rows.length !== 4 || rows[0]!.cells.join(',') !== 'k,n') return undefined;
  const counts = [0, 1, 2].map((k) => Number(rows.find((r) => r.cells[0] === String(k))?.cells[1] ?? NaN));
  const expected = [0, 1, 2].map((k) => Math.floor((s.batch - k) / 3) + 1);
  if (counts.join() !== expected.join()) return undefined;
  return { batch: s.batch, counts, marked: rows.slice(1).filter((r) => r.marked).map((r) => Number(r.cells[0])) };
}

describe('live queries in a terminal', () => {
  let term: ReplTerminal | undefined;
  beforeAll(() => assertBuilt());
  afterEach(async () => {
    await term?.close();
    term = undefined;
  });

  async function open(width = 80, height = 24): Promise<ReplTerminal> {
    term = await ReplTerminal.open({ width, height });
    await term.waitForPrompt(20_000);
    await term.enter("SET sluice.repl.trigger = '200 milliseconds';");
    await term.waitForText('sluice.repl.trigger = 200 milliseconds');
    return term;
  }

  it('redraws a live aggregation in place as its counts grow, marks the changed group, and Ctrl-C returns the prompt', async () => {
    const t = await open();
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=1);");
    await t.waitForText('Source m created');
    await t.enter('SELECT value % 3 AS k, count(*) AS n FROM m GROUP BY value % 3 EMIT CHANGES;');

    const first = await t.waitFor('a consistent table', consistentCounts, 20_000);
    expect(first.marked).toEqual([first.batch % 3]);
    const second = await t.waitFor('the counts to grow', (s) => {
      const c = consistentCounts(s);
      return c && c.batch >= first.batch + 3 ? c : undefined;
    }, 20_000);
    expect(second.counts.reduce((a, b) => a + b)).toBe(second.batch + 1);
    expect(second.counts.reduce((a, b) => a + b)).toBeGreaterThan(first.counts.reduce((a, b) => a + b));
    expect(second.marked).toEqual([second.batch % 3]);

    const screen = await t.screen();
    // Redrawn in place: one header, and the status line right under the table.
    expect(screen.filter((l) => l === ' |  k|  n|')).toHaveLength(1);
    const s = status(screen)!;
    expect([s.state, s.watermark]).toEqual(['3', '-']);
    expect(screen[screen.indexOf(' +---+---+', screen.indexOf(' |  k|  n|') + 2) + 1]).toBe(s.line);

    await t.press('C-c');
    const stopped = await t.waitFor('the prompt after Ctrl-C', (rows) => (lastNonEmpty(rows) === 'sluice>' ? rows : undefined));
    expect(stopped.some((l) => l.startsWith('stopped | batch '))).toBe(true);
    await t.enter('SELECT 1 AS one;');
    await t.waitForText('(1 row)');
    expect(lastNonEmpty(await t.screen())).not.toBe('');
  });

  it('shows the input rate of the rate source and the rows in state', async () => {
    const t = await open();
    await t.enter("CREATE SOURCE r WITH (connector = 'rate', rowsPerSecond = 100);");
    await t.waitForText('Source r created');
    await t.enter('SELECT value % 2 AS parity, count(*) AS n FROM r GROUP BY value % 2;');
    const s = await t.waitFor('a few batches', (rows) => {
      const st = status(rows);
      return st && st.batch >= 4 ? st : undefined;
    }, 20_000);
    // 100 rows per second arrive whatever the trigger interval; allow for a loaded machine.
    expect(s.inRate).toBeGreaterThan(50);
    expect(s.inRate).toBeLessThan(200);
    expect(s.state).toBe('2');
    await t.press('C-c');
    await t.waitForPrompt();
  });

  it('appends the rows of a query without aggregation, and LIMIT ends it by itself', async () => {
    const t = await open();
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=2);");
    await t.waitForText('Source m created');
    await t.enter('SELECT value, value * 10 AS tens FROM m LIMIT 5;');
    await t.waitForText(/^limit reached \| batch \d+ /, 20_000);
    await t.waitForPrompt();
    const screen = await t.screen();
    const start = screen.findIndex((l) => l.startsWith('sluice> SELECT value, value * 10'));
    expect(screen.slice(start + 1, start + 10)).toEqual([
      '+--------+--------+',
      '|   value|    tens|',
      '+--------+--------+',
      '|       0|       0|',
      '|       1|      10|',
      '|       2|      20|',
      '|       3|      30|',
      '|       4|      40|',
      '+--------+--------+',
    ]);
  });

  it('shows the most recently changed groups when they outnumber the rows of the screen', async () => {
    const t = await open();
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=4);");
    await t.waitForText('Source m created');
    await t.enter('SELECT value DIV 2 AS pair, count(*) AS n FROM m GROUP BY value DIV 2;');
    const m = await t.waitForText(/^ {2}… (\d+) more rows$/, 20_000);
    await t.press('C-c');
    const screen = await t.waitFor('the prompt', (rows) => (lastNonEmpty(rows) === 'sluice>' ? rows : undefined));
    // The whole table is on the screen: header, rows, footer and status fit in 24 rows.
    expect(screen.filter((l) => l === ' |pair|  n|')).toHaveLength(1);
    const rows = tableRows(screen).slice(1);
    expect(rows.length).toBeGreaterThan(10);
    expect(Number(m[1])).toBeGreaterThan(0);
    // Groups in order of appearance, the newest last, and the last batch's two groups marked.
    const pairs = rows.map((r) => Number(r.cells[0]));
    expect(pairs).toEqual([...pairs].sort((a, b) => a - b));
    expect(rows.filter((r) => r.marked).map((r) => Number(r.cells[0]))).toEqual(pairs.slice(-2));
    expect(rows.every((r) => r.cells[1] === '2')).toBe(true);
  });

  it('cuts long values with an ellipsis in an 80×24 terminal, in results and live rows', async () => {
    const t = await open(80, 24);
    await t.enter("SELECT repeat('abcdefghij', 20) AS long_text, 1 AS one;");
    await t.waitForText('(1 row)');
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=1);");
    await t.waitForText('Source m created');
    await t.enter("SELECT repeat('x', 99) || value AS s, count(*) AS n FROM m GROUP BY 1;");
    await t.waitForText(/^\*\|x+…\| +1\|$/, 20_000);
    await t.press('C-c');
    const screen = await t.waitFor('the prompt', (rows) => (lastNonEmpty(rows) === 'sluice>' ? rows : undefined));
    expect(screen).toContain(`|${'abcdefghij'.repeat(7)}ab…|  1|`);
    for (const line of screen) expect([...line].length).toBeLessThan(80);
    // Nothing wrapped: every table line is complete.
    for (const line of screen.filter((l) => /^[ *]?[|+]/.test(l))) expect(line).toMatch(/[|+]$/);
  });

  it('uses the width of a wide terminal', async () => {
    const t = await open(200, 50);
    await t.enter("SELECT repeat('abcdefghij', 15) AS long_text, repeat('z', 300) AS longer;");
    await t.waitForText('(1 row)');
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=1);");
    await t.waitForText('Source m created');
    await t.enter('SELECT value % 3 AS k, count(*) AS n FROM m GROUP BY value % 3;');
    await t.waitFor('a consistent table', consistentCounts, 20_000);
    const live = await t.screen();
    expect(live.some((l) => /^batch \d+ \| in [\d.]+ rows\/s \| processed [\d.,]+ rows\/s \| state 3 rows \| watermark - \| Ctrl-C stops$/.test(l))).toBe(true);
    await t.press('C-c');
    const screen = await t.waitFor('the prompt', (rows) => (lastNonEmpty(rows) === 'sluice>' ? rows : undefined));
    // 150 + 300 columns in 199: the widest column gives up columns until both are equal, then both do.
    expect(screen).toContain(`|${'abcdefghij'.repeat(9)}abcdefg…|${'z'.repeat(97)}…|`);
    for (const line of screen) expect([...line].length).toBeLessThan(200);
  });

  it('redraws a live table to the new size when the terminal is resized', async () => {
    const t = await open(120, 24);
    await t.enter("CREATE SOURCE m WITH (connector='rate-micro-batch', rowsPerBatch=1);");
    await t.waitForText('Source m created');
    await t.enter("SELECT value % 3 AS k, repeat('w', 70) AS wide, count(*) AS n FROM m GROUP BY 1, 2;");
    await t.waitForText(`|${'w'.repeat(70)}|`, 20_000);
    await t.resize(60, 20);
    const screen = await t.waitFor('the table at 60 columns', (rows) =>
      (rows.some((l) => /^[ *]\|  0\|w{47}…\| +\d+\|$/.test(l)) && rows.some((l) => /^batch \d+ \| in [\d.]+\/s \| proc /.test(l)) ? rows : undefined));
    expect(screen.filter((l) => l === ` |  k|wide${' '.repeat(44)}|  n|`)).toHaveLength(1);
    for (const line of screen) expect([...line].length).toBeLessThan(60);
    await t.press('C-c');
    await t.waitForPrompt();
  });
});
