import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchFromRows, batchToRows, type Batch } from '../../src/execution/batch.js';
import type { SinkBatchInfo } from '../../src/execution/sink.js';
import { createConsoleSink } from '../../src/sinks/console-sink.js';
import { createForeachBatchSink } from '../../src/sinks/foreach-batch-sink.js';
import { createMemorySink } from '../../src/sinks/memory-sink.js';
import { javaDoubleString, showValue } from '../../src/sinks/show-table-formatter.js';
import {
  BigIntType, BinaryType, BooleanType, DateType, DoubleType, StringType, TimestampType, WindowStructType, arrayType,
  decimalType, mapType,
} from '../../src/types/data-type.js';
import { field, schema } from '../../src/types/schema.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';

const ts = (t: string): number => parseTimestamp(t)!;
const counts = schema([field('word', StringType), field('n', BigIntType)]);
const info = (s = counts, outputMode: SinkBatchInfo['outputMode'] = 'append'): SinkBatchInfo => ({ schema: s, outputMode, queryId: 'q' });

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => { text += c.toString('utf8'); });
  return { out, text: () => text };
}

describe('console sink', () => {
  it('table: Spark\'s batch header and show() table', async () => {
    const { out, text } = capture();
    const sink = createConsoleSink({}, out);
    await sink.addBatch(0, [batchFromRows(counts, [{ word: 'to', n: 2 }, { word: 'question', n: 1 }])], info());
    await sink.addBatch(1, [], info());
    expect(text()).toBe([
      '-------------------------------------------',
      'Batch: 0',
      '-------------------------------------------',
      '+--------+---+',
      '|    word|  n|',
      '+--------+---+',
      '|      to|  2|',
      '|question|  1|',
      '+--------+---+',
      '',
      '-------------------------------------------',
      'Batch: 1',
      '-------------------------------------------',
      '+----+---+',
      '|word|  n|',
      '+----+---+',
      '+----+---+',
      '',
      '',
    ].join('\n'));
  });

  it('table: numRows, truncation and left alignment without it', async () => {
    const long = 'abcdefghijklmnopqrstuvwxyz';
    const rowsIn = [{ word: long, n: 1 }, { word: 'b', n: null }, { word: 'c', n: 3 }];
    const cut = capture();
    await createConsoleSink({ numRows: '2' }, cut.out).addBatch(3, [batchFromRows(counts, rowsIn)], info());
    expect(cut.text().split('\n').slice(3)).toEqual([
      '+--------------------+----+',
      '|                word|   n|',
      '+--------------------+----+',
      '|abcdefghijklmnopq...|   1|',
      '|                   b|null|',
      '+--------------------+----+',
      'only showing top 2 rows',
      '',
      '',
    ]);
    const full = capture();
    await createConsoleSink({ truncate: 'false', numRows: '1' }, full.out).addBatch(0, [batchFromRows(counts, rowsIn)], info());
    expect(full.text().split('\n').slice(3, 9)).toEqual([
      `+${'-'.repeat(26)}+---+`,
      `|word${' '.repeat(22)}|n  |`,
      `+${'-'.repeat(26)}+---+`,
      `|${long}|1  |`,
      `+${'-'.repeat(26)}+---+`,
      'only showing top 1 row',
    ]);
  });

  it('jsonl: one object per row, "_batch" first, values as in DESIGN.md §7', async () => {
    const s = schema([
      field('w', WindowStructType), field('word', StringType), field('n', BigIntType), field('avg', DoubleType),
      field('ok', BooleanType), field('d', DateType), field('tags', arrayType(StringType)), field('nothing', StringType),
    ]);
    const { out, text } = capture();
    const sink = createConsoleSink({ FORMAT: 'jsonl' }, out);
    const rowsIn = [{
      w: { start: ts('2026-03-01T09:00:00Z'), end: ts('2026-03-01T09:05:00Z') }, word: 'say "hi"', n: 2, avg: 1.5,
      ok: true, d: parseDate('2026-03-01'), tags: ['a'], nothing: null,
    }];
    await sink.addBatch(2, [batchFromRows(s, rowsIn), batchFromRows(s, [{ ...rowsIn[0]!, n: 3, avg: NaN }])], info(s));
    await sink.addBatch(3, [], info(s));
    expect(text()).toBe(
      '{"_batch":2,"w":{"start":"2026-03-01T09:00:00.000Z","end":"2026-03-01T09:05:00.000Z"},"word":"say \\"hi\\"","n":2,' +
      '"avg":1.5,"ok":true,"d":"2026-03-01","tags":["a"],"nothing":null}\n' +
      '{"_batch":2,"w":{"start":"2026-03-01T09:00:00.000Z","end":"2026-03-01T09:05:00.000Z"},"word":"say \\"hi\\"","n":3,' +
      '"avg":"NaN","ok":true,"d":"2026-03-01","tags":["a"],"nothing":null}\n');
    // A batch id printed already is not printed again by the same sink.
    await sink.addBatch(2, [batchFromRows(s, rowsIn)], info(s));
    expect(text().split('\n').length).toBe(3);
  });

  it('refuses unknown options values', () => {
    expect(() => createConsoleSink({ format: 'xml' })).toThrow("console sink: option 'format' must be table or jsonl, got \"xml\"");
    expect(() => createConsoleSink({ numRows: '-1' })).toThrow("option 'numRows' must be a non-negative integer");
  });
});

describe('show() value text', () => {
  it('prints values as Spark casts them', () => {
    expect(showValue(ts('2026-01-01T12:00:00.5Z'), TimestampType)).toBe('2026-01-01 12:00:00.5');
    expect(showValue({ start: ts('2026-01-01T12:00:00Z'), end: ts('2026-01-01T12:05:00Z') }, WindowStructType))
      .toBe('{2026-01-01 12:00:00, 2026-01-01 12:05:00}');
    expect(showValue(new Map([['a', 1]]), mapType(StringType, BigIntType))).toBe('{a -> 1}');
    expect(showValue([1, null], arrayType(BigIntType))).toBe('[1, null]');
    expect(showValue(new Uint8Array([10, 255]), BinaryType)).toBe('[0A FF]');
    expect(showValue(1.5, decimalType(10, 2))).toBe('1.50');
    expect([1, 0.5, 1e7, 1.5e-4, 123456.789, -2, NaN, -Infinity].map(javaDoubleString))
      .toEqual(['1.0', '0.5', '1.0E7', '1.5E-4', '123456.789', '-2.0', 'NaN', '-Infinity']);
  });
});

describe('memory sink', () => {
  const b = (...words: string[]): Batch => batchFromRows(counts, words.map((word, i) => ({ word, n: i })));

  it('append accumulates; a batch id already added is ignored', async () => {
    const sink = createMemorySink({ queryName: 'out' });
    await sink.addBatch(0, [b('a')], info());
    await sink.addBatch(1, [b('b'), b('c')], info());
    await sink.addBatch(1, [b('zzz')], info());
    expect(sink.rows()).toEqual([{ word: 'a', n: 0 }, { word: 'b', n: 0 }, { word: 'c', n: 0 }]);
    expect(sink.batches().map((x) => x.batchId)).toEqual([0, 1]);
    expect(sink.latestBatchId).toBe(1);
    expect(batchToRows(sink.toBatch()).length).toBe(3);
    expect(sink.description).toBe('MemorySink[out]');
  });

  it('complete replaces the table each batch', async () => {
    const sink = createMemorySink();
    await sink.addBatch(0, [b('a')], info(counts, 'complete'));
    await sink.addBatch(1, [b('a', 'b')], info(counts, 'complete'));
    expect(sink.batches()).toEqual([{ batchId: 1, rows: [{ word: 'a', n: 0 }, { word: 'b', n: 1 }] }]);
  });
});

describe('foreachBatch sink', () => {
  it('hands the function one batch and the batch id', async () => {
    const got: [number, unknown[]][] = [];
    const sink = createForeachBatchSink(async (batch, id) => { got.push([id, batchToRows(batch)]); });
    await sink.addBatch(4, [batchFromRows(counts, [{ word: 'a', n: 1 }]), batchFromRows(counts, [{ word: 'b', n: 2 }])], info());
    await sink.addBatch(5, [], info());
    expect(got).toEqual([[4, [{ word: 'a', n: 1 }, { word: 'b', n: 2 }]], [5, []]]);
  });
});
