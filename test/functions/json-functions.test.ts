import { describe, expect, it } from 'vitest';
import {
  BinaryType, DateType, DoubleType, IntType, StringType, TimestampType, arrayType, decimalType, mapType, structField,
  structType,
} from '../../src/types/data-type.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';
import { call, col, str, value } from './function-harness.js';

const fromJson = (json: string | null, schema: string): unknown => value('from_json', str(json), str(schema));
const entries = (m: unknown): unknown[] => [...(m as Map<unknown, unknown>)];

describe('from_json (values checked against Spark 4)', () => {
  it('reads structs, keeping fields that fit when others do not', () => {
    expect(fromJson('{"a":1, "b":"x"}', 'a INT, b STRING')).toEqual({ a: 1, b: 'x' });
    expect(fromJson('{"a":"x", "b":"y"}', 'a INT, b STRING')).toEqual({ a: null, b: 'y' });
    expect(fromJson('not json', 'a INT, b STRING')).toEqual({ a: null, b: null });
    expect(fromJson('{"a":1.5}', 'a INT')).toEqual({ a: null });
    expect(fromJson('{"a":1.5}', 'a DOUBLE')).toEqual({ a: 1.5 });
    expect(fromJson('{"a":"1"}', 'a INT')).toEqual({ a: null });
    expect(fromJson('{"a":1}', 'a STRING')).toEqual({ a: '1' });
    expect(fromJson('{"a":{"x": 1, "y" : [1, 2]}}', 'a STRING')).toEqual({ a: '{"x":1,"y":[1,2]}' });
    expect(fromJson('{"a":1.50}', 'a STRING')).toEqual({ a: '1.5' });
    expect(fromJson('{"a":{"b":[1,2]}}', 'a STRUCT<b: ARRAY<INT>>')).toEqual({ a: { b: [1, 2] } });
    expect(fromJson('{"a":{"b":"x","c":1}}', 'a STRUCT<b: INT, c: INT>')).toEqual({ a: { b: null, c: 1 } });
    expect(fromJson('{"A":1}', 'a INT')).toEqual({ a: null });
    expect(fromJson('{"a":1} trailing', 'a INT')).toEqual({ a: 1 });
    expect(fromJson(' {"a":1} ', 'a INT')).toEqual({ a: 1 });
    expect(fromJson('{"a":1,"a":2}', 'a INT')).toEqual({ a: 2 });
    expect(fromJson("{'a':1}", 'a INT')).toEqual({ a: 1 });
    expect(fromJson('{"a":1,}', 'a INT')).toEqual({ a: null });
    expect(fromJson('{"a": 01}', 'a INT')).toEqual({ a: null });
    expect(fromJson('[1]', 'a INT')).toEqual({ a: null });
    expect(fromJson('', 'a INT')).toBeNull();
    expect(fromJson(null, 'a INT')).toBeNull();
    expect(fromJson('{"a":[1,"x"]}', 'a ARRAY<INT>')).toEqual({ a: null });
    expect(fromJson('{"a":[]}', 'a ARRAY<INT>')).toEqual({ a: [] });
    expect(fromJson('{"a":[null]}', 'a ARRAY<INT>')).toEqual({ a: [null] });
  });

  it('converts scalars as Spark\'s JSON reader does', () => {
    expect(fromJson('{"a":true}', 'a BOOLEAN')).toEqual({ a: true });
    expect(fromJson('{"a":"true"}', 'a BOOLEAN')).toEqual({ a: null });
    expect(fromJson('{"a":12345678901}', 'a INT')).toEqual({ a: null });
    expect(fromJson('{"a":12345678901}', 'a BIGINT')).toEqual({ a: 12345678901 });
    expect(fromJson('{"a":1.0}', 'a BIGINT')).toEqual({ a: null });
    expect(fromJson('{"a":1e2}', 'a INT')).toEqual({ a: null });
    expect(fromJson('{"a":"1.5"}', 'a DOUBLE')).toEqual({ a: null });
    expect((fromJson('{"a":"NaN"}', 'a DOUBLE') as { a: number }).a).toBeNaN();
    expect((fromJson('{"a":NaN}', 'a DOUBLE') as { a: number }).a).toBeNaN();
    expect(fromJson('{"a":Infinity}', 'a DOUBLE')).toEqual({ a: Infinity });
    expect(fromJson('{"a":1.25}', 'a DECIMAL(5,1)')).toEqual({ a: 1.3 });
    expect(fromJson('{"a":"1.5"}', 'a DECIMAL(5,1)')).toEqual({ a: 1.5 });
    expect(fromJson('{"a":12345.5}', 'a DECIMAL(5,1)')).toEqual({ a: null });
    expect(fromJson('{"ts":"2024-02-29T13:14:15.123Z","d":"2024-02-29"}', 'ts TIMESTAMP, d DATE'))
      .toEqual({ ts: parseTimestamp('2024-02-29 13:14:15.123'), d: parseDate('2024-02-29') });
    expect(fromJson('{"a":"2024-02-29 13:14:15"}', 'a TIMESTAMP')).toEqual({ a: parseTimestamp('2024-02-29 13:14:15') });
    expect(fromJson('{"a":1700000000}', 'a TIMESTAMP')).toEqual({ a: 1700000000e6 });
    expect(fromJson('{"a":"x"}', 'a DATE')).toEqual({ a: null });
    expect(fromJson('{"a":1}', 'a DATE')).toEqual({ a: null });
    expect(fromJson('{"a":"\\u0041\\n"}', 'a STRING')).toEqual({ a: 'A\n' });
  });

  it('reads arrays and maps at the top level', () => {
    expect(fromJson('[1,2]', 'ARRAY<INT>')).toEqual([1, 2]);
    expect(fromJson('not json', 'ARRAY<INT>')).toBeNull();
    expect(fromJson('{"a":1}', 'ARRAY<INT>')).toBeNull();
    expect(entries(fromJson('{"x":1,"y":2}', 'MAP<STRING,INT>'))).toEqual([['x', 1], ['y', 2]]);
    expect(entries((fromJson('{"m":{"k":null}}', 'm MAP<STRING,INT>') as { m: unknown }).m)).toEqual([['k', null]]);
  });

  it('reads a column with NULLs', () => {
    const r = call('from_json', col(StringType, ['{"a":1}', null, '{"a":2}']), str('a INT'));
    expect(r.values).toEqual([{ a: 1 }, null, { a: 2 }]);
  });
});

describe('to_json', () => {
  it('writes compact JSON, dropping NULL struct fields', () => {
    const t = structType([structField('a', IntType), structField('b', StringType), structField('c', StringType)]);
    expect(value('to_json', col(t, [{ a: 1, b: null, c: 'x' }]))).toBe('{"a":1,"c":"x"}');
    const u = structType([
      structField('d', DoubleType), structField('e', DoubleType), structField('f', decimalType(4, 2)),
      structField('t', TimestampType), structField('dt', DateType),
    ]);
    expect(value('to_json', col(u, [{ d: 1.5, e: 1e10, f: 1.5, t: parseTimestamp('2024-02-29 13:14:15.123456'), dt: parseDate('2024-02-29') }])))
      .toBe('{"d":1.5,"e":1.0E10,"f":1.50,"t":"2024-02-29T13:14:15.123Z","dt":"2024-02-29"}');
    expect(value('to_json', col(arrayType(IntType), [[1, 2]]))).toBe('[1,2]');
    expect(value('to_json', col(arrayType(IntType), [[null, 1]]))).toBe('[null,1]');
    expect(value('to_json', col(mapType(StringType, IntType), [new Map([['a', 1], ['b', null]])]))).toBe('{"a":1,"b":null}');
    const v = structType([structField('s', StringType), structField('n', DoubleType), structField('b', BinaryType)]);
    expect(value('to_json', col(v, [{ s: 'quo"te\n\u0001é/', n: NaN, b: new Uint8Array([1, 2]) }])))
      .toBe('{"s":"quo\\"te\\n\\u0001é/","n":"NaN","b":"AQI="}');
    const nested = structType([structField('a', arrayType(structType([structField('x', IntType)])))]);
    expect(value('to_json', col(nested, [{ a: [{ x: null }] }]))).toBe('{"a":[{}]}');
    expect(call('to_json', col(arrayType(IntType), [null])).values).toEqual([null]);
  });
});

describe('get_json_object (values checked against Spark 4)', () => {
  const get = (json: string | null, path: string): unknown => value('get_json_object', str(json), str(path));
  it('extracts by path', () => {
    expect(get('{"a":{"b":[1,2,{"c":"x"}]}}', '$.a.b[2].c')).toBe('x');
    expect(get('{"a":{"b":[1,2]}}', '$.a.b')).toBe('[1,2]');
    expect(get('{"a":{"b":[1,2]}}', '$.a')).toBe('{"b":[1,2]}');
    expect(get('{"a":1.50}', '$.a')).toBe('1.5');
    expect(get('{"a":1e2}', '$.a')).toBe('100.0');
    expect(get('{"a":-0.0}', '$.a')).toBe('-0.0');
    expect(get('{"a":12345678901234567890}', '$.a')).toBe('12345678901234567890');
    expect(get('{"a":null}', '$.a')).toBeNull();
    expect(get('{"a":true}', '$.a')).toBe('true');
    expect(get('{"a":[{"b":1},{"b":2}]}', '$.a[*].b')).toBe('[1,2]');
    expect(get('{"a":[{"b":1}]}', '$.a[*].b')).toBe('1');
    expect(get('{"a":[{"b":"x"},{"b":"y"}]}', '$.a[*].b')).toBe('["x","y"]');
    expect(get('{"a":[[1,2],[3,4]]}', '$.a[1][0]')).toBe('3');
    expect(get('{"a":[[1,2],[3,4]]}', '$.a[*][0]')).toBe('[1,3]');
    expect(get('{"a b":1}', "$['a b']")).toBe('1');
    expect(get('[1,2]', '$[0]')).toBe('1');
    expect(get('"str"', '$')).toBe('str');
    expect(get('{"a":{"x":1 , "y" : [ 1 ,2 ]}}', '$.a')).toBe('{"x":1,"y":[1,2]}');
    expect(get('{"a":"\\u00e9"}', '$.a')).toBe('é');
    expect(get('{"a":{"b":"q\\"x"}}', '$.a')).toBe('{"b":"q\\"x"}');
    expect(get('{"a":1} junk', '$.a')).toBe('1');
  });

  it('is NULL for invalid input, paths and misses', () => {
    expect(get('{"a":1}', 'a')).toBeNull();
    expect(get('bad', '$.a')).toBeNull();
    expect(get('{"a":[1,2,3]}', '$.a[5]')).toBeNull();
    expect(get('{"a":{"b":1}}', '$.*')).toBeNull();
    expect(get('{"a.b":1}', '$.a.b')).toBeNull();
    expect(get('{"a":[1,2]}', '$.a[-1]')).toBeNull();
    expect(get('{"a":[1,2]}', '$.a[0')).toBeNull();
    expect(get('{"a":1}', '$..a')).toBeNull();
    expect(get(null, '$.a')).toBeNull();
  });
});
