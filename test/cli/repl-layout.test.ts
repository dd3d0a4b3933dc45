/**
 * The REPL's screen layout, without a terminal: fitting text and tables to a width, the status line, the live
 * aggregation table, and errors laid out around their caret.
 */
import { describe, expect, it } from 'vitest';
import { batchFromRows } from '../../src/execution/batch.js';
import type { StreamingQueryProgress } from '../../src/execution/progress.js';
import { BigIntType, StringType } from '../../src/types/data-type.js';
import { field, schema } from '../../src/types/schema.js';
import { formatError, parseError } from '../../src/types/errors.js';
import { fitErrorText } from '../../src/cli/repl-error-text.js';
import { LiveTable } from '../../src/cli/repl-live-table.js';
import { statusLine } from '../../src/cli/repl-status-line.js';
import { columnWidths, formatFittedTable, shrinkToFit, tableColumns } from '../../src/cli/repl-table-layout.js';
import { displayWidth, fitCell, fitText, printable } from '../../src/cli/repl-text.js';

describe('fitting text', () => {
  it('cuts with an ellipsis, counting wide characters as two columns', () => {
    expect(fitText('abcdefghij', 10)).toBe('abcdefghij');
    expect(fitText('abcdefghijk', 10)).toBe('abcdefghi…');
    expect(fitText('日本語テキスト', 7)).toBe('日本語…');
    expect(displayWidth('日本語…')).toBe(7);
    expect(fitText('abc', 0)).toBe('');
    expect(fitCell('abc', 5, true)).toBe('  abc');
    expect(fitCell('abcdefg', 5, false)).toBe('abcd…');
  });

  it('makes control characters visible, so a value cannot move the cursor', () => {
    expect(printable('a\tb\nc\x1b[2Jd\r')).toBe('a b↵c␛[2Jd');
    expect(printable('plain')).toBe('plain');
  });
});

describe('tables fitted to the terminal', () => {
  const s = schema([field('word', StringType), field('n', BigIntType)]);

  it('uses the natural widths when the table fits', () => {
    const b = batchFromRows(s, [{ word: 'to', n: 2 }, { word: 'question', n: 1 }]);
    expect(formatFittedTable(b, 80)).toBe([
      '+--------+---+',
      '|word    |  n|',
      '+--------+---+',
      '|to      |  2|',
      '|question|  1|',
      '+--------+---+',
      '(2 rows)',
      '',
    ].join('\n'));
  });

  it('shrinks the widest column and cuts its values when the table is too wide', () => {
    const b = batchFromRows(s, [{ word: 'x'.repeat(100), n: 12345 }]);
    const text = formatFittedTable(b, 30);
    expect(text.split('\n').slice(0, 5)).toEqual([
      '+----------------------+-----+',
      '|word                  |    n|',
      '+----------------------+-----+',
      `|${'x'.repeat(21)}…|12345|`,
      '+----------------------+-----+',
    ]);
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });

  it('gives up columns from the widest first, down to three', () => {
    expect(shrinkToFit([10, 40, 20], 50)).toEqual([10, 18, 18]);
    expect(shrinkToFit([3, 3, 3], 5)).toEqual([3, 3, 3]);
    expect(columnWidths(tableColumns(s), [['abc', '1']], 80, [6, 5])).toEqual([6, 5]);
  });
});

describe('the status line', () => {
  const progress = (over: Partial<StreamingQueryProgress>): StreamingQueryProgress => ({
    id: 'q', runId: 'r', name: null, timestamp: '2026-01-01T00:00:00.000Z', batchId: 12, numInputRows: 50,
    inputRowsPerSecond: 99.5, processedRowsPerSecond: 4310.4,
    durationMs: { latestOffset: 0, walCommit: 0, getBatch: 0, addBatch: 0, commitOffsets: 0, triggerExecution: 0 },
    eventTime: {}, stateOperators: [], sources: [], sink: { description: 's', numOutputRows: 0 }, ...over,
  });

  it('shows batch, rates, state rows and watermark', () => {
    const p = progress({
      eventTime: { watermark: '2026-01-01T12:00:00.000Z' },
      stateOperators: [{ operatorName: 'agg', numRowsTotal: 3, numRowsUpdated: 1, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 }],
    });
    expect(statusLine(p)).toBe('batch 12 | in 99.5 rows/s | processed 4,310 rows/s | state 3 rows | watermark 2026-01-01 12:00:00 | Ctrl-C stops');
    expect(statusLine(p, {}, 79)).toBe('batch 12 | in 99.5/s | proc 4,310/s | state 3 | watermark 2026-01-01 12:00:00');
    expect(statusLine(p, { ended: 'stopped' }, 200)).toBe('stopped | batch 12 | in 99.5 rows/s | processed 4,310 rows/s | state 3 rows | watermark 2026-01-01 12:00:00');
    expect(statusLine(p, { ended: 'limit reached', rowsShown: 5, rowLimit: 5 }, 79)).toBe(
      'limit reached | batch 12 | in 99.5/s | proc 4,310/s | state 3 | watermark 2026…');
  });

  it('says when nothing ran yet, and counts rows against a LIMIT', () => {
    expect(statusLine(null)).toBe('starting, waiting for the first batch | Ctrl-C stops');
    expect(statusLine(progress({}), { rowsShown: 3, rowLimit: 5 })).toBe(
      'batch 12 | in 99.5 rows/s | processed 4,310 rows/s | state - | watermark - | 3 of 5 rows | Ctrl-C stops');
    expect(displayWidth(statusLine(progress({}), { rowsShown: 3, rowLimit: 5 }, 40))).toBeLessThanOrEqual(40);
  });
});

describe('the live aggregation table', () => {
  it('update mode: changed groups replace their rows, in order of first appearance, and are marked', () => {
    const t = new LiveTable([0], 'update');
    t.apply(0, [['a', '1'], ['b', '1']]);
    t.apply(1, [['a', '2'], ['c', '1']]);
    expect(t.visible(10)).toEqual({
      rows: [{ cells: ['a', '2'], changed: true }, { cells: ['b', '1'], changed: false }, { cells: ['c', '1'], changed: true }],
      hidden: 0, hiddenChanged: 0,
    });
    expect(t.changed).toBe(2);
  });

  it('shows the most recently changed rows when the screen is short, still in table order', () => {
    const t = new LiveTable([0], 'update');
    t.apply(0, [['a', '1'], ['b', '1'], ['c', '1'], ['d', '1']]);
    t.apply(1, [['b', '2'], ['d', '2']]);
    t.apply(2, [['c', '2']]);
    expect(t.visible(2)).toEqual({
      rows: [{ cells: ['b', '2'], changed: false }, { cells: ['c', '2'], changed: true }],
      hidden: 2, hiddenChanged: 0,
    });
  });

  it('complete mode: each batch replaces the table in its order; unchanged rows are not marked', () => {
    const t = new LiveTable([0], 'complete');
    t.apply(0, [['a', '3'], ['b', '1']]);
    t.apply(1, [['b', '4'], ['a', '3']]);
    expect(t.visible(1)).toEqual({ rows: [{ cells: ['b', '4'], changed: true }], hidden: 1, hiddenChanged: 0 });
  });

  it('a global aggregate (no group columns) is one row', () => {
    const t = new LiveTable([], 'update');
    t.apply(0, [['5']]);
    t.apply(1, [['9']]);
    expect(t.visible(5).rows).toEqual([{ cells: ['9'], changed: true }]);
  });
});

describe('errors on a terminal', () => {
  it('wraps the message at spaces and keeps the caret under the token of a long line', () => {
    const sql = `SELECT ${Array.from({ length: 30 }, (_, i) => `c${i}`).join(', ')} FORM t`;
    const at = sql.indexOf('FORM');
    const err = parseError("Syntax error at or near 'FORM'", { line: 1, column: at + 1, offset: at, length: 4 });
    const text = fitErrorText(`error: ${formatError(err, sql)}`, 60);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`error: Syntax error at or near 'FORM' (line 1, column ${at + 1})`);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    const src = lines[1]!;
    const caret = lines[2]!;
    expect(src.startsWith('   1 | …')).toBe(true);
    expect(src.slice(caret.indexOf('^'), caret.indexOf('^') + 4)).toBe('FORM');
    expect(caret).toMatch(/^ {5}\| +\^{4}$/);
  });

  it('leaves a short error as formatError made it', () => {
    const err = parseError('bad', { line: 1, column: 8, offset: 7, length: 3 });
    const text = `error: ${formatError(err, 'SELECT xyz')}`;
    expect(fitErrorText(text, 80)).toBe(text);
  });
});
