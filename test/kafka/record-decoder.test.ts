import { describe, expect, it } from 'vitest';
import { batchToRows } from '../../src/execution/batch.js';
import { createRecordDecoder, csvTextToValue, splitCsvLine } from '../../src/sources/record-decoder.js';
import { ConnectorOptions } from '../../src/sources/source-options.js';
import {
  arrayType, BooleanType, DateType, DoubleType, IntType, StringType, TimestampType,
} from '../../src/types/data-type.js';
import { field, schema } from '../../src/types/schema.js';

const where = (i: number): string => `record #${i}`;

describe('record decoder', () => {
  const declared = schema([field('id', IntType), field('ts', TimestampType), field('tags', arrayType(StringType))]);

  it('decodes JSON values into declared columns, matching keys case-insensitively', () => {
    const d = createRecordDecoder('json', declared, new ConnectorOptions({}, 'kafka'));
    const { batch, dropped } = d.decode([
      '{"id": 1, "ts": "2026-01-01T12:00:00Z", "tags": ["a"]}',
      Buffer.from('{"ID": 2, "other": 1}'),
      null,
    ], where);
    expect(dropped).toBe(0);
    expect(batchToRows(batch)).toEqual([
      { id: 1, ts: Date.UTC(2026, 0, 1, 12) * 1000, tags: ['a'] },
      { id: 2, ts: null, tags: null },
      { id: null, ts: null, tags: null },
    ]);
  });

  it('reads every JSON shape the same way, whether the in-place scanner takes it or JSON.parse does', () => {
    const s = schema([field('id', IntType), field('name', StringType), field('ts', TimestampType), field('x', DoubleType),
      field('ok', BooleanType), field('tags', arrayType(StringType))]);
    const d = createRecordDecoder('json', s, new ConnectorOptions({}, 'kafka'));
    const { batch } = d.decode([
      // flat and in declaration order: the scanner's common case
      '{"id":1,"name":"a","ts":"2026-01-01T00:00:01.5Z","x":0.1,"ok":true,"tags":["t"]}',
      // escapes, whitespace, other key order, unknown keys with nested values, a repeated key (the last wins)
      ' { "x" : 1e2 , "junk": {"a": [1, {"b": null}]}, "name": "q\\"\\u00e9\\n", "id": 7, "id": 8 } ',
      // key case differs from the column name; a number for a STRING column keeps its JSON text
      '{"ID": 3, "NAME": 42, "Ts": "2026-01-01 00:00:02", "OK": false}',
      // explicit nulls and an integer-valued double
      '{"id": null, "name": null, "x": 2.0, "tags": null}',
    ], where);
    expect(batchToRows(batch)).toEqual([
      { id: 1, name: 'a', ts: (Date.UTC(2026, 0, 1) + 1500) * 1000, x: 0.1, ok: true, tags: ['t'] },
      { id: 8, name: 'q"é\n', ts: null, x: 100, ok: null, tags: null },
      { id: 3, name: '42', ts: (Date.UTC(2026, 0, 1) + 2000) * 1000, x: null, ok: false, tags: null },
      { id: null, name: null, ts: null, x: 2, ok: null, tags: null },
    ]);
  });

  it('applies the malformed-record modes', () => {
    const withCorrupt = schema([...declared.fields, field('bad', StringType)]);
    const inputs = ['{"id": 1}', '[1]', '{"id": 1.5}', '{'];
    const permissive = createRecordDecoder('json', withCorrupt, new ConnectorOptions({ columnNameOfCorruptRecord: 'bad' }, 'kafka'));
    expect(batchToRows(permissive.decode(inputs, where).batch).map((r) => [r.id, r.bad])).toEqual(
      [[1, null], [null, '[1]'], [null, '{"id": 1.5}'], [null, '{']]);
    const drop = createRecordDecoder('json', declared, new ConnectorOptions({ mode: 'dropmalformed' }, 'kafka'));
    const dropped = drop.decode(inputs, where);
    expect(dropped.dropped).toBe(3);
    expect(dropped.batch.numRows).toBe(1);
    const fail = createRecordDecoder('json', declared, new ConnectorOptions({ mode: 'FAILFAST' }, 'kafka'));
    expect(() => fail.decode(inputs, where)).toThrow(/malformed JSON record at record #1: a record must hold one JSON object: "\[1\]"/);
  });

  it('decodes CSV lines by position with Spark’s quoting and null rules', () => {
    const s = schema([field('n', IntType), field('s', StringType), field('b', BooleanType), field('d', DateType), field('x', DoubleType)]);
    const d = createRecordDecoder('csv', s, new ConnectorOptions({ sep: ';', nullValue: 'NA' }, 'kafka'));
    const { batch } = d.decode(['1;"a;b";true;2026-02-03;1e3', '2;NA;FALSE;NA;NaN\r\n', '3;"say ""hi""";true;2026-02-03;-0.5'], where);
    expect(batchToRows(batch)).toEqual([
      { n: 1, s: 'a;b', b: true, d: 20487, x: 1000 },
      { n: 2, s: null, b: false, d: null, x: NaN },
      { n: 3, s: 'say "hi"', b: true, d: 20487, x: -0.5 },
    ]);
    expect(() => createRecordDecoder('csv', declared, new ConnectorOptions({}, 'kafka'))).toThrow(/CSV cannot hold column 'tags'/);
  });

  it('splits CSV lines and converts fields', () => {
    const syntax = { sep: ',', quote: '"', escape: '\\', nullValue: '' };
    expect(splitCsvLine('a,,"b,c","d\\"e"', syntax)).toEqual(['a', '', 'b,c', 'd"e']);
    expect(splitCsvLine('"open', syntax)).toBeNull();
    expect(splitCsvLine('"x"y', syntax)).toBeNull();
    expect(csvTextToValue(' 42 ', IntType)).toBe(42);
    expect(csvTextToValue('4.2', IntType)).toBeUndefined();
    expect(csvTextToValue('3000000000', IntType)).toBeUndefined();
    expect(csvTextToValue('0x10', DoubleType)).toBeUndefined();
    expect(csvTextToValue('yes', BooleanType)).toBeUndefined();
  });
});
