import { describe, expect, it } from 'vitest';
import { batchToArrow } from '../../src/execution/arrow-interop.js';
import { batchToRows } from '../../src/execution/batch.js';
import { ConnectorOptions } from '../../src/sources/source-options.js';
import { createFileFormatReader, parseDataFile } from '../../src/sources/formats/file-format.js';
import { JsonFormatReader } from '../../src/sources/formats/json-format-reader.js';
import { parseTimestampBytes } from '../../src/sources/formats/timestamp-fast-path.js';
import {
  BigIntType, BooleanType, DateType, DoubleType, IntType, StringType, TimestampType, arrayType, structField, structType,
} from '../../src/types/data-type.js';
import { field, schema, type Schema } from '../../src/types/schema.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';
import { failure } from '../helpers/sluice-error.js';

/** Reads `content` as a json file's bytes, the way the file source does (the byte path when the bytes are UTF-8). */
function readBytes(content: string | Buffer, s: Schema, options: Record<string, string> = {}) {
  const reader = createFileFormatReader('json', new ConnectorOptions(options, 'file source'), s);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const { batch, dropped } = parseDataFile(bytes, '/data/in/f.json', reader);
  return { rows: batchToRows(batch), dropped, batch };
}

const ts = (t: string): number => parseTimestamp(t)!;

describe('json lines read from bytes', () => {
  const s = schema([
    field('s', StringType), field('i', IntType), field('b', BigIntType), field('d', DoubleType), field('ok', BooleanType),
    field('t', TimestampType), field('_corrupt_record', StringType),
  ]);
  const empty = { s: null, i: null, b: null, d: null, ok: null, t: null, _corrupt_record: null };

  it('decodes escaped strings, unicode escapes and non-ASCII text', () => {
    const text = [
      '{"s":"tab\\there \\"q\\" back\\\\slash \\/ \\b\\f\\n\\r"}',
      '{"s":"\\u00e9\\u00E9 \\ud83d\\ude00"}',
      '{"s":"é ü — 😀"}',
      '{"s":""}',
    ].join('\n');
    expect(readBytes(text, s).rows).toEqual([
      { ...empty, s: 'tab\there "q" back\\slash / \b\f\n\r' },
      { ...empty, s: 'éé 😀' },
      { ...empty, s: 'é ü — 😀' },
      { ...empty, s: '' },
    ]);
  });

  it('reads numbers by JSON grammar: exponents, negative zero, long integers, correctly rounded decimals', () => {
    const text = [
      '{"d":1e3,"b":-12,"i":-2147483648}',
      '{"d":2.5E-3,"b":1234567890123456789,"i":2147483647}',
      '{"d":-0,"b":0,"i":0}',
      '{"d":0.1,"b":9007199254740993}',
      '{"d":3.14159265358979323846,"b":1E2}',
      '{"d":1.7976931348623157e308}',
    ].join('\n');
    expect(readBytes(text, s).rows).toEqual([
      { ...empty, d: 1000, b: -12, i: -2147483648 },
      { ...empty, d: 0.0025, b: 1234567890123456800, i: 2147483647 },
      { ...empty, d: -0, b: 0, i: 0 },
      { ...empty, d: 0.1, b: 9007199254740992 },
      { ...empty, d: 3.141592653589793, b: 100 },
      { ...empty, d: 1.7976931348623157e308 },
    ]);
    expect(Object.is(readBytes('{"d":-0}', s).rows[0]!.d, -0)).toBe(true);
  });

  it('nulls, missing fields, fields out of order, duplicate keys (the last wins) and extra fields of any shape', () => {
    const text = [
      '{"s":null,"i":null,"b":null,"d":null,"ok":null,"t":null}',
      '{"t":"2026-03-01 09:01:00.5","ok":false,"d":1.5,"b":7,"i":6,"s":"z"}',
      '{"extra":{"a":[1,{"b":"}"}],"c":null},"i":1,"more":[true,false,null,-1.5e-3,"x\\u0041"],"S":"case","i":2}',
      '{}',
      '  { "i" : 3 ,\t"s" : "spaced" }  ',
      '{"_corrupt_record":"not read from data","i":4}',
    ].join('\n');
    expect(readBytes(text, s).rows).toEqual([
      empty,
      { ...empty, t: ts('2026-03-01T09:01:00.5Z'), ok: false, d: 1.5, b: 7, i: 6, s: 'z' },
      { ...empty, i: 2, s: 'case' },
      empty,
      { ...empty, i: 3, s: 'spaced' },
      { ...empty, i: 4 },
    ]);
  });

  it('wrong types and broken lines follow the mode: PERMISSIVE, DROPMALFORMED, FAILFAST with file and line', () => {
    const text = [
      '{"i":1}',
      '{"i":1.5}',
      '{"i":2147483648}',
      '{"b":"7"}',
      '{"s":1}',
      '{"t":"yesterday"}',
      '{"ok":"true"}',
      '{"i":2,"other":[1,,2]}',
      '{"i":2,"other":"bad\\x"}',
      '{"i":2,"other":tru}',
      '{"i":01}',
      '{"i":1} trailing',
      '[1,2]',
      '',
      '{"i":9}',
    ].join('\n');
    const { rows, dropped } = readBytes(text, s);
    expect(dropped).toBe(0);
    expect(rows).toEqual([
      { ...empty, i: 1 },
      { ...empty, _corrupt_record: '{"i":1.5}' },
      { ...empty, _corrupt_record: '{"i":2147483648}' },
      { ...empty, _corrupt_record: '{"b":"7"}' },
      { ...empty, s: '1' },
      { ...empty, _corrupt_record: '{"t":"yesterday"}' },
      { ...empty, _corrupt_record: '{"ok":"true"}' },
      { ...empty, _corrupt_record: '{"i":2,"other":[1,,2]}' },
      { ...empty, _corrupt_record: '{"i":2,"other":"bad\\x"}' },
      { ...empty, _corrupt_record: '{"i":2,"other":tru}' },
      { ...empty, _corrupt_record: '{"i":01}' },
      { ...empty, _corrupt_record: '{"i":1} trailing' },
      { ...empty, _corrupt_record: '[1,2]' },
      { ...empty, i: 9 },
    ]);
    const dropping = readBytes(text, s, { mode: 'DROPMALFORMED' });
    expect(dropping.rows).toEqual([{ ...empty, s: null, i: 1 }, { ...empty, s: '1' }, { ...empty, i: 9 }]);
    expect(dropping.dropped).toBe(11);
    expect(failure(() => readBytes(text, s, { mode: 'FAILFAST' })).message).toBe('malformed record in /data/in/f.json at line 2: ' +
      '1.5 cannot be read as INT for column i (mode FAILFAST; use PERMISSIVE or DROPMALFORMED to read past it)');
    expect(failure(() => readBytes('{"i":1}\n\n{"i":2,"other":[1,,2]}\n', s, { mode: 'FAILFAST' })).message)
      .toMatch(/^malformed record in \/data\/in\/f\.json at line 3: not valid JSON/);
  });

  it('a short string in a timestamp column is never read past its closing quote', () => {
    const text = '{"t":"2026-03-01","s":"09:01:00"}\n{"t":"x"}\n{"t":"2026-03-01 09:01:00"}\n{"t":"2026-03-01 09:01:0"}\n{"t":"1"}';
    expect(readBytes(text, s).rows).toEqual([
      { ...empty, t: ts('2026-03-01T00:00:00Z'), s: '09:01:00' },
      { ...empty, _corrupt_record: '{"t":"x"}' },
      { ...empty, t: ts('2026-03-01T09:01:00Z') },
      { ...empty, t: ts('2026-03-01T09:01:00Z') },
      { ...empty, _corrupt_record: '{"t":"1"}' },
    ]);
  });

  it('a byte-order mark, CRLF line ends, blank lines and a last line without a newline', () => {
    const text = '\uFEFF{"i":1}\r\n\r\n \t \n{"i":2,"s":"x"}\r\n{"i":3}';
    expect(readBytes(text, s).rows).toEqual([{ ...empty, i: 1 }, { ...empty, i: 2, s: 'x' }, { ...empty, i: 3 }]);
    expect(readBytes('{"i":1', s).rows).toEqual([{ ...empty, _corrupt_record: '{"i":1' }]);
    expect(readBytes('{"i":1}\r', s).rows).toEqual([{ ...empty, i: 1 }]);
    expect(readBytes('', s).rows).toEqual([]);
    expect(readBytes('\n\n', s).rows).toEqual([]);
  });

  it('a file with invalid UTF-8 is read as text: the lines holding the bad bytes are malformed', () => {
    const bytes = Buffer.concat([Buffer.from('{"s":"ok"}\n{"s":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"s":"é"}\n')]);
    const { rows } = readBytes(bytes, s);
    expect(rows).toEqual([{ ...empty, s: 'ok' }, { ...empty, _corrupt_record: '{"s":"\uFFFD\uFFFD"}' }, { ...empty, s: 'é' }]);
  });

  it('nested columns, dates and structs take JSON.parse for their value', () => {
    const nested = schema([
      field('tags', arrayType(StringType)), field('p', structType([structField('x', IntType)])), field('day', DateType),
      field('_corrupt_record', StringType),
    ]);
    const text = '{"tags":["a","b\\n"],"p":{"X":1},"day":"2026-01-02"}\n{"tags":[1],"p":{"x":1.5}}\n{"tags":[],"p":null,"day":null}\n';
    expect(readBytes('{"tags":[1,true]}', nested).rows).toEqual([{ tags: ['1', 'true'], p: null, day: null, _corrupt_record: null }]);
    expect(readBytes(text, nested).rows).toEqual([
      { tags: ['a', 'b\n'], p: { x: 1 }, day: parseDate('2026-01-02'), _corrupt_record: null },
      { tags: null, p: null, day: null, _corrupt_record: '{"tags":[1],"p":{"x":1.5}}' },
      { tags: [], p: null, day: null, _corrupt_record: null },
    ]);
  });

  it('many rows: columns grow past the first estimate; repeated strings share one value; the Arrow form matches', () => {
    const lines: string[] = [];
    const expected: Record<string, unknown>[] = [];
    for (let n = 0; n < 20000; n++) {
      // Short lines first, so the size estimate made after the first rows is too small.
      const str = n < 5000 ? `k${n % 7}` : n % 3 === 0 ? `long value number ${n} ${'x'.repeat(n % 50)}` : n % 3 === 1 ? `ü${n % 5}` : null;
      lines.push(JSON.stringify({ i: n, s: str, d: n % 4 === 0 ? null : n / 8, ok: n % 2 === 0 }));
      expected.push({ ...empty, i: n, s: str, d: n % 4 === 0 ? null : n / 8, ok: n % 2 === 0 });
    }
    const { rows, batch } = readBytes(lines.join('\n'), s);
    expect(rows).toEqual(expected);
    const table = batchToArrow(batch);
    const fromArrow = table.getChild('s')!.toArray() as (string | null)[];
    expect(fromArrow).toEqual(expected.map((r) => r.s));
    expect(table.getChild('d')!.nullCount).toBe(5000);
  });

  it('agrees with JSON.parse on random lines, in every mode (randomized against the slow path)', () => {
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
    const numbers = ['0', '-0', '1', '-17', '2147483647', '2147483648', '1.5', '0.1', '0.000123', '123456789012345', '1234567890123456789',
      '1e3', '1E-2', '-2.5e+2', '01', '1.', '.5', '+1', '3.14159265358979323846', '9007199254740993', '1.0', '-', '1e', '2e+'];
    const strings = ['"a"', '""', '"é ü"', '"tab\\there"', '"quote\\"s"', '"\\u00e9"', '"\\ud800"', '"bad\\x"', '"\\u12"', '"2026-03-01T09:01:00.000Z"',
      '"2026-03-01 09:01:00"', '"2026-02-30T00:00:00Z"', '"2026-02-29 00:00:00"', '"2026-03-01T09:01:00+02:00"', '"NaN"', '"😀"'];
    const values = [...numbers, ...strings, 'true', 'false', 'null', 'nul', 'tru', '[]', '["x","y"]', '{"x":1}', '{"X":2,"y":[1,{"z":"}"}]}',
      '[1', '{', '[1,,2]', '{"a" 1}', '[1,]'];
    const keys = ['s', 'i', 'b', 'd', 'ok', 't', 'S', 'OK', 'other', 'ü', '_corrupt_record', 'k\\u0065y'];
    const lines: string[] = [];
    for (let n = 0; n < 5000; n++) {
      const parts: string[] = [];
      const count = rnd(7);
      for (let k = 0; k < count; k++) parts.push(`${pick(['', ' '])}"${pick(keys)}"${pick(['', ' '])}:${pick(['', ' '])}${pick(values)}`);
      let line = `{${parts.join(',')}}`;
      if (rnd(20) === 0) line = pick(['[1]', '{"s":"a"} x', '{"s":"a",}', ' {"s" : "a"} ', '{"s":"a"}\r', 'null', '{"s":"a" "i":1}', '', '\t']);
      lines.push(line);
    }
    const text = lines.join('\n');
    const slowRows = (mode: 'PERMISSIVE' | 'DROPMALFORMED') => {
      const r = new JsonFormatReader(s, { mode, corruptColumn: 6 }, false).read(text, '/data/in/f.json');
      return { rows: batchToRows(r.batch), dropped: r.dropped };
    };
    for (const mode of ['PERMISSIVE', 'DROPMALFORMED'] as const) {
      const fast = readBytes(text, s, { mode });
      const slow = slowRows(mode);
      expect(fast.rows).toEqual(slow.rows);
      expect(fast.dropped).toBe(slow.dropped);
    }
    const slowError = failure(() => new JsonFormatReader(s, { mode: 'FAILFAST', corruptColumn: 6 }, false).read(text, '/data/in/f.json'));
    expect(failure(() => readBytes(text, s, { mode: 'FAILFAST' })).message).toBe(slowError.message);
  });
});

describe('json lines read from text', () => {
  it('a malformed value under a key without a column makes the line malformed, as JSON.parse says', () => {
    const s = schema([field('s', StringType), field('_corrupt_record', StringType)]);
    const reader = createFileFormatReader('json', new ConnectorOptions({}, 'file source'), s);
    const lines = ['{"s":"a","other":"bad\\x"}', '{"s":"a","other":[1,,2]}', '{"s":"a","other":tru}', '{"s":"a","other":{"x":[1,{"y":"\\u00e9"}]}}'];
    expect(batchToRows(reader.read(lines.join('\n'), 'f').batch)).toEqual([
      { s: null, _corrupt_record: lines[0] },
      { s: null, _corrupt_record: lines[1] },
      { s: null, _corrupt_record: lines[2] },
      { s: 'a', _corrupt_record: null },
    ]);
  });
});

describe('timestamp fast path over bytes', () => {
  it('agrees with parseTimestamp on what it accepts and declines the rest', () => {
    const bytes = (t: string) => Buffer.from(`"${t}"`, 'utf8');
    const accepted = ['2026-03-01T09:01:00.000Z', '2026-03-01 09:01:00', '2024-02-29T23:59:59.123456789', '1969-12-31T23:59:59.5Z',
      '0001-01-01 00:00:00', '2026-12-31 23:59:59.1234567', '2000-02-29 12:00:00.000001'];
    for (const t of accepted) expect(parseTimestampBytes(bytes(t), 1, t.length + 1)).toBe(parseTimestamp(t));
    expect(parseTimestampBytes(bytes('2026-03-01 09:01:00.999999999'), 1, 30)).toBe(ts('2026-03-01T09:01:00.999999Z'));
    for (const t of ['2026-02-30 00:00:00', '2023-02-29 00:00:00', '2026-03-01T24:00:00', '2026-03-01T09:01', '2026-03-01T09:01:00+01:00',
      '2026-03-01T09:01:00.Z', ' 2026-03-01 09:01:00', '2026-13-01 00:00:00', '2026-03-01 09:60:00', '2026-03-01 09:01:00.1234567890',
      '2026-03-0a 09:01:00', '2026/03/01 09:01:00']) {
      expect(parseTimestampBytes(bytes(t), 1, t.length + 1)).toBeUndefined();
    }
  });
});
