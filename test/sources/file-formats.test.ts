import { describe, expect, it } from 'vitest';
import { batchToRows } from '../../src/execution/batch.js';
import { ConnectorOptions } from '../../src/sources/source-options.js';
import { createFileFormatReader } from '../../src/sources/formats/file-format.js';
import { parseTimestampFast } from '../../src/sources/formats/timestamp-fast-path.js';
import {
  BigIntType, BooleanType, DateType, DoubleType, IntType, StringType, TimestampType, arrayType, structField, structType,
} from '../../src/types/data-type.js';
import { field, schema, type Schema } from '../../src/types/schema.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';
import { failure } from '../helpers/sluice-error.js';

function read(format: string, text: string, s: Schema | undefined, options: Record<string, string> = {}) {
  const reader = createFileFormatReader(format, new ConnectorOptions(options, 'file source'), s);
  const { batch, dropped } = reader.read(text, '/data/in/f');
  return { rows: batchToRows(batch), dropped };
}

const ts = (t: string): number => parseTimestamp(t)!;

describe('text format', () => {
  it('one row per line; CRLF, empty lines and a missing final newline', () => {
    expect(read('text', 'a\r\n\nb c\nlast', undefined).rows).toEqual([{ value: 'a' }, { value: '' }, { value: 'b c' }, { value: 'last' }]);
    expect(read('text', '', undefined).rows).toEqual([]);
    expect(read('text', 'x\n', undefined).rows).toEqual([{ value: 'x' }]);
  });

  it('wholetext reads a file as one row; a declared single STRING column is used', () => {
    expect(read('text', 'a\nb\n', undefined, { wholetext: 'true' }).rows).toEqual([{ value: 'a\nb\n' }]);
    expect(read('text', 'a\n', schema([field('line', StringType)])).rows).toEqual([{ line: 'a' }]);
    expect(failure(() => read('text', '', schema([field('n', IntType)]))).message)
      .toBe('file source: the text format produces a single STRING column (value); declare one STRING column or none');
  });
});

describe('json format', () => {
  const s = schema([field('ts', TimestampType), field('Name', StringType), field('n', BigIntType), field('ok', BooleanType), field('x', DoubleType)]);

  it('reads JSON lines into the schema: keys case-insensitive, missing keys null, unknown keys ignored', () => {
    const text = [
      '{"ts":"2026-03-01T09:01:00.000Z","name":"a","n":1,"ok":true,"x":1.5,"extra":[1]}',
      '',
      '  ',
      '{"NAME":"b","ts":"2026-03-01 09:02:00"}',
      '{"Name":{"nested":1},"n":null,"x":"NaN"}',
    ].join('\n');
    expect(read('json', text, s).rows).toEqual([
      { ts: ts('2026-03-01T09:01:00Z'), Name: 'a', n: 1, ok: true, x: 1.5 },
      { ts: ts('2026-03-01T09:02:00Z'), Name: 'b', n: null, ok: null, x: null },
      { ts: null, Name: '{"nested":1}', n: null, ok: null, x: NaN },
    ]);
  });

  it('reads nested structs and arrays', () => {
    const nested = schema([field('p', structType([structField('a', IntType), structField('tags', arrayType(StringType))]))]);
    expect(read('json', '{"p":{"A":1,"tags":["x","y"]}}\n', nested).rows).toEqual([{ p: { a: 1, tags: ['x', 'y'] } }]);
  });

  const bad = '{"n":1}\nnot json\n{"n":"two"}\n[1,2]\n{"n":3}\n';
  const withCorrupt = schema([field('n', BigIntType), field('_corrupt_record', StringType)]);

  it('PERMISSIVE: malformed records give nulls and their raw text in _corrupt_record', () => {
    expect(read('json', bad, withCorrupt).rows).toEqual([
      { n: 1, _corrupt_record: null },
      { n: null, _corrupt_record: 'not json' },
      { n: null, _corrupt_record: '{"n":"two"}' },
      { n: null, _corrupt_record: '[1,2]' },
      { n: 3, _corrupt_record: null },
    ]);
    expect(read('json', bad, schema([field('n', BigIntType)])).rows).toEqual([{ n: 1 }, { n: null }, { n: null }, { n: null }, { n: 3 }]);
    const named = schema([field('n', BigIntType), field('bad', StringType)]);
    expect(read('json', 'x\n', named, { columnNameOfCorruptRecord: 'bad' }).rows).toEqual([{ n: null, bad: 'x' }]);
  });

  it('DROPMALFORMED drops and counts; FAILFAST names file and line', () => {
    expect(read('json', bad, withCorrupt, { mode: 'DROPMALFORMED' })).toEqual({
      rows: [{ n: 1, _corrupt_record: null }, { n: 3, _corrupt_record: null }], dropped: 3,
    });
    const err = failure(() => read('json', bad, withCorrupt, { mode: 'failfast' }));
    expect(err.code).toBe('MALFORMED_RECORD');
    expect(err.message).toMatch(/^malformed record in \/data\/in\/f at line 2: not valid JSON/);
    const err3 = failure(() => read('json', '{"n":1}\n\n{"n":"two"}\n', withCorrupt, { mode: 'FAILFAST' }));
    expect(err3.message).toBe('malformed record in /data/in/f at line 3: "two" cannot be read as BIGINT for column n ' +
      '(mode FAILFAST; use PERMISSIVE or DROPMALFORMED to read past it)');
  });

  it('refuses a missing schema, a bad mode and a non-string corrupt column', () => {
    expect(failure(() => read('json', '', undefined)).message).toContain('the json format needs the columns declared');
    expect(failure(() => read('json', '', withCorrupt, { mode: 'lenient' })).message)
      .toBe('file source: option \'mode\' must be one of PERMISSIVE, DROPMALFORMED, FAILFAST, got "lenient"');
    expect(failure(() => read('json', '', schema([field('_corrupt_record', IntType)]))).message)
      .toBe("file source: the corrupt-record column '_corrupt_record' must be of type STRING");
  });
});

describe('csv format', () => {
  const s = schema([field('id', IntType), field('name', StringType), field('price', DoubleType), field('day', DateType), field('ok', BooleanType)]);

  it('reads by position with types, header and nulls', () => {
    const text = 'id,name,price,day,ok\n1,apple,1.5,2026-01-02,true\n2,,-3e2,,FALSE\r\n\n3,"",NaN,2026-01-03,\n';
    expect(read('csv', text, s, { header: 'true' }).rows).toEqual([
      { id: 1, name: 'apple', price: 1.5, day: parseDate('2026-01-02'), ok: true },
      { id: 2, name: null, price: -300, day: null, ok: false },
      { id: 3, name: '', price: NaN, day: parseDate('2026-01-03'), ok: null },
    ]);
  });

  it('quoted fields hold delimiters, newlines, doubled and escaped quotes', () => {
    const two = schema([field('a', StringType), field('b', StringType)]);
    const text = '"x,y","line1\nline2"\n"say ""hi""","back\\"slash"\nplain,"end"';
    expect(read('csv', text, two).rows).toEqual([
      { a: 'x,y', b: 'line1\nline2' },
      { a: 'say "hi"', b: 'back"slash' },
      { a: 'plain', b: 'end' },
    ]);
  });

  it('sep, quote, escape and nullValue options', () => {
    const two = schema([field('a', StringType), field('b', IntType)]);
    expect(read('csv', "'p;q';NA\nNA;4\n'NA';5\n", two, { sep: ';', quote: "'", nullValue: 'NA' }).rows)
      .toEqual([{ a: 'p;q', b: null }, { a: null, b: 4 }, { a: null, b: 5 }]);
    expect(read('csv', 'a\tb\n', schema([field('x', StringType), field('y', StringType)]), { delimiter: '\\t' }).rows)
      .toEqual([{ x: 'a', y: 'b' }]);
  });

  const two = schema([field('a', IntType), field('b', StringType), field('_corrupt_record', StringType)]);
  const bad = '1,x\n2\n"3,y\nthree,z\n4,"q"r\n5,w\n6,"open\n';

  it('PERMISSIVE keeps malformed records as nulls with their raw text', () => {
    expect(read('csv', bad, two).rows).toEqual([
      { a: 1, b: 'x', _corrupt_record: null },
      { a: null, b: null, _corrupt_record: '2' },
      { a: null, b: null, _corrupt_record: '"3,y\nthree,z\n4,"q"r' },
      { a: 5, b: 'w', _corrupt_record: null },
      { a: null, b: null, _corrupt_record: '6,"open\n' },
    ]);
  });

  it('DROPMALFORMED counts; FAILFAST names the line where the record starts', () => {
    expect(read('csv', bad, two, { mode: 'DROPMALFORMED' }).dropped).toBe(3);
    expect(failure(() => read('csv', bad, two, { mode: 'FAILFAST' })).message)
      .toMatch(/^malformed record in \/data\/in\/f at line 2: expected 2 field\(s\), found 1/);
    expect(failure(() => read('csv', '1,x\n"a\nb",c\nzz,q\n', two, { mode: 'FAILFAST' })).message)
      .toMatch(/^malformed record in \/data\/in\/f at line 2: "a\\nb" cannot be read as INT for column a/);
    expect(failure(() => read('csv', '1,x\n1,x\n1,x\n1,x,\n', two, { mode: 'FAILFAST' })).message)
      .toMatch(/at line 4: expected 2 field\(s\), found 3/);
  });

  it('refuses types CSV cannot hold', () => {
    expect(failure(() => read('csv', '', schema([field('a', arrayType(IntType))]))).message)
      .toBe('file source: the csv format cannot hold column a of type ARRAY<INT>');
  });
});

describe('timestamp fast path', () => {
  it('agrees with parseTimestamp on what it accepts and declines the rest', () => {
    const accepted = ['2026-03-01T09:01:00.000Z', '2026-03-01 09:01:00', '2024-02-29T23:59:59.123456789', '1969-12-31T23:59:59.5Z', '0001-01-01 00:00:00'];
    for (const t of accepted) expect(parseTimestampFast(t)).toBe(parseTimestamp(t));
    for (const t of ['2026-02-30 00:00:00', '2026-03-01T24:00:00', '2026-03-01T09:01', '2026-03-01T09:01:00+01:00', '2026-03-01T09:01:00.Z', ' 2026-03-01 09:01:00']) {
      expect(parseTimestampFast(t)).toBeUndefined();
    }
  });
});

describe('format selection', () => {
  it('names the supported formats', () => {
    expect(failure(() => read('orc', '', undefined)).message).toBe('file source: unknown format "orc"; supported: json, csv, text, parquet, arrow');
  });
});

describe('json fast path', () => {
  it('reads every line exactly as JSON.parse does (randomized against the slow path)', async () => {
    const { JsonFormatReader } = await import('../../src/sources/formats/json-format-reader.js');
    const s = schema([
      field('s', StringType), field('i', IntType), field('b', BigIntType), field('d', DoubleType), field('ok', BooleanType),
      field('t', TimestampType), field('tags', arrayType(StringType)), field('p', structType([structField('x', IntType)])),
      field('_corrupt_record', StringType),
    ]);
    const policy = { mode: 'PERMISSIVE' as const, corruptColumn: 8 };
    let seed = 42;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
    const numbers = ['0', '-0', '1', '-17', '2147483647', '2147483648', '1.5', '0.1', '0.000123', '123456789012345', '1234567890123456789',
      '1e3', '1E-2', '-2.5e+2', '01', '1.', '.5', '+1', '3.14159265358979323846', '9007199254740993', '1.0', '0.30000000000000004', '-'];
    const strings = ['"a"', '""', '"é ü"', '"tab\\there"', '"quote\\"s"', '"\\u00e9"', '"bad\\x"', '"2026-03-01T09:01:00.000Z"',
      '"2026-03-01 09:01:00"', '"2026-02-30T00:00:00Z"', '"2026-03-01T09:01:00+02:00"', '"NaN"'];
    const values = [...numbers, ...strings, 'true', 'false', 'null', 'nul', '[]', '["x","y"]', '{"x":1}', '{"X":2,"y":[1,{"z":"}"}]}', '[1', '{'];
    const keys = ['s', 'i', 'b', 'd', 'ok', 't', 'tags', 'p', 'S', 'OK', 'other', '_corrupt_record', 'k\\u0065y'];
    const lines: string[] = [];
    for (let n = 0; n < 4000; n++) {
      const parts: string[] = [];
      const count = rnd(6);
      for (let k = 0; k < count; k++) parts.push(`${pick(['', ' '])}"${pick(keys)}"${pick(['', ' '])}:${pick(['', ' '])}${pick(values)}`);
      let line = `{${parts.join(',')}}`;
      if (rnd(20) === 0) line = pick(['[1]', '{"s":"a"} x', '{"s":"a",}', ' {"s" : "a"} ', '{"s":"a"}\r', 'null', '{"s":"a" "i":1}']);
      lines.push(line);
    }
    const text = lines.join('\n');
    const fast = new JsonFormatReader(s, policy, true).read(text, 'f');
    const slow = new JsonFormatReader(s, policy, false).read(text, 'f');
    expect(batchToRows(fast.batch)).toEqual(batchToRows(slow.batch));
    expect(fast.batch.numRows).toBe(slow.batch.numRows);
  });
});
