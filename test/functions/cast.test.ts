import { describe, expect, it } from 'vitest';
import { castColumn } from '../../src/execution/cast.js';
import { columnFromValues, valueAt, type Column } from '../../src/execution/column.js';
import {
  BigIntType, BinaryType, BooleanType, DateType, DoubleType, IntType, IntervalType, NullType, StringType,
  TimestampType, arrayType, decimalType, mapType, structField, structType, type DataType,
} from '../../src/types/data-type.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';

const values = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));
const cast = (type: DataType, input: unknown[], to: DataType): unknown[] => {
  const out = castColumn(columnFromValues(type, input), to);
  expect(out.type).toEqual(to);
  expect(out.length).toBe(input.length);
  return values(out);
};
const one = (type: DataType, input: unknown, to: DataType): unknown => cast(type, [input], to)[0];
const tsText = (s: string): number => parseTimestamp(s)!;

describe('CAST (non-ANSI; values checked against Spark 4)', () => {
  it('fractional → integral truncates, saturates doubles, wraps integers and decimals', () => {
    expect(cast(DoubleType, [-2.7, 2.7, 1e20, -1e20, NaN, null], IntType)).toEqual([-2, 2, 2147483647, -2147483648, 0, null]);
    expect(one(DoubleType, 1e20, BigIntType)).toBe(9223372036854775807);
    expect(one(BigIntType, 3000000000, IntType)).toBe(-1294967296);
    expect(one(decimalType(20, 1), 12345678901.5, IntType)).toBe(-539222987);
    expect(one(decimalType(38, 0), 9999999999, IntType)).toBe(1410065407);
    expect(one(BooleanType, true, IntType)).toBe(1);
    expect(one(IntType, 0, BooleanType)).toBe(false);
  });

  it('string → numbers: trimmed, fractions dropped for integers, invalid → NULL', () => {
    expect(cast(StringType, [' 12 ', '1.9', '1e5', '', '+5', '-0', '1.', '.5', '1.5.3', '2147483648', '1_000', '\t7\n', null], IntType))
      .toEqual([12, 1, null, null, 5, 0, 1, 0, null, null, null, 7, null]);
    expect(one(StringType, '9223372036854775807', BigIntType)).toBe(9223372036854775807);
    expect(one(StringType, '9223372036854775808', BigIntType)).toBeNull();
    expect(cast(StringType, ['1d', 'inf', '-Infinity', 'NaN', ' 1.5e3 ', '0x10', 'abc'], DoubleType))
      .toEqual([1, Infinity, -Infinity, NaN, 1500, null, null]);
    expect(cast(StringType, ['1.5E+3', 'abc', '  1.005 ', '123.456'], decimalType(10, 2))).toEqual([1500, null, 1.01, 123.46]);
  });

  it('string → boolean', () => {
    expect(cast(StringType, ['yes', ' T ', 'true', '1', 'n', 'FALSE', '0', '  ', 'maybe'], BooleanType))
      .toEqual([true, true, true, true, false, false, false, null, null]);
  });

  it('→ decimal rounds half up and is NULL on overflow', () => {
    expect(one(decimalType(4, 1), 123.456, decimalType(4, 1))).toBe(123.456);
    expect(one(decimalType(6, 3), 123.456, decimalType(4, 1))).toBe(123.5);
    expect(one(decimalType(6, 3), 123.456, decimalType(3, 1))).toBeNull();
    expect(one(decimalType(2, 1), -2.5, decimalType(2, 0))).toBe(-3);
    expect(one(DoubleType, 1.005, decimalType(10, 2))).toBe(1.01);
    expect(one(DoubleType, NaN, decimalType(10, 2))).toBeNull();
    expect(one(BooleanType, true, decimalType(3, 1))).toBe(1);
    expect(one(IntType, -5, decimalType(3, 1))).toBe(-5);
    expect(one(IntType, 100, decimalType(3, 1))).toBeNull();
    expect(one(DoubleType, 99.95, decimalType(3, 1))).toBeNull();
    expect(one(TimestampType, tsText('2024-01-01 00:00:00'), decimalType(20, 3))).toBe(1704067200);
  });

  it('→ string in Spark\'s formats', () => {
    expect(cast(DoubleType, [1e10, 1e7, 0.001, 0.0001, 123456.789, 100, -0, 1e-5, 123456789.123, 12345678.9, NaN, -Infinity], StringType))
      .toEqual(['1.0E10', '1.0E7', '0.001', '1.0E-4', '123456.789', '100.0', '-0.0', '1.0E-5', '1.23456789123E8', '1.23456789E7', 'NaN', '-Infinity']);
    expect(one(decimalType(4, 2), 1.5, StringType)).toBe('1.50');
    expect(one(decimalType(10, 10), 0, StringType)).toBe('0E-10');
    expect(one(decimalType(20, 10), 0.00000001, StringType)).toBe('1.00E-8');
    expect(one(decimalType(10, 8), -0.0000001, StringType)).toBe('-1.0E-7');
    expect(one(decimalType(7, 6), 0.000001, StringType)).toBe('0.000001');
    expect(one(decimalType(10, 0), 123456, StringType)).toBe('123456');
    expect(cast(IntType, [1, -2, null], StringType)).toEqual(['1', '-2', null]);
    expect(one(BooleanType, true, StringType)).toBe('true');
    expect(one(TimestampType, tsText('2024-02-29 01:02:03.100'), StringType)).toBe('2024-02-29 01:02:03.1');
    expect(one(TimestampType, tsText('0001-01-01 00:00:00'), StringType)).toBe('0001-01-01 00:00:00');
    expect(one(DateType, parseDate('2024-01-01'), StringType)).toBe('2024-01-01');
    expect(one(BinaryType, new TextEncoder().encode('hello'), StringType)).toBe('hello');
    expect(one(arrayType(IntType), [1, null], StringType)).toBe('[1, null]');
    expect(one(arrayType(IntType), [], StringType)).toBe('[]');
    expect(one(arrayType(DoubleType), [1.5, 2], StringType)).toBe('[1.5, 2.0]');
    expect(one(arrayType(DateType), [parseDate('2024-01-01')], StringType)).toBe('[2024-01-01]');
    expect(one(arrayType(arrayType(IntType)), [[1]], StringType)).toBe('[[1]]');
    const st = structType([structField('a', IntType), structField('b', StringType)]);
    expect(one(st, { a: 1, b: 'x' }, StringType)).toBe('{1, x}');
    const nested = structType([structField('a', structType([structField('b', IntType)]))]);
    expect(one(nested, { a: { b: null } }, StringType)).toBe('{{null}}');
    expect(one(mapType(IntType, StringType), new Map<unknown, unknown>([[1, 'a'], [2, null]]), StringType)).toBe('{1 -> a, 2 -> null}');
  });

  it('timestamps, dates and numbers', () => {
    expect(one(TimestampType, tsText('2020-01-01 00:00:01.5'), BigIntType)).toBe(1577836801);
    expect(one(TimestampType, tsText('2020-01-01 00:00:01.5'), DoubleType)).toBe(1577836801.5);
    expect(one(TimestampType, tsText('1969-12-31 23:59:59.5'), BigIntType)).toBe(-1);
    expect(one(TimestampType, tsText('2024-01-01 00:00:00'), IntType)).toBe(1704067200);
    expect(one(DoubleType, 1.5, TimestampType)).toBe(1_500_000);
    expect(one(decimalType(3, 1), 1.5, TimestampType)).toBe(1_500_000);
    expect(one(BooleanType, true, TimestampType)).toBe(1);
    expect(one(IntType, 1700000000, TimestampType)).toBe(1700000000e6);
    expect(one(DoubleType, Infinity, TimestampType)).toBeNull();
    expect(one(DateType, parseDate('2024-01-01'), IntType)).toBeNull();
    expect(one(DateType, parseDate('2024-01-01'), BooleanType)).toBeNull();
    expect(one(TimestampType, tsText('2024-01-01 00:00:00'), BooleanType)).toBe(true);
    expect(one(DateType, parseDate('2024-01-02'), TimestampType)).toBe(tsText('2024-01-02 00:00:00'));
    expect(one(TimestampType, tsText('1969-12-31 23:00:00'), DateType)).toBe(parseDate('1969-12-31'));
  });

  it('string → date and timestamp accept Spark\'s forms', () => {
    const d = (s: string): string | null => { const v = one(StringType, s, DateType); return v === null ? null : String(v); };
    expect(d('2024-02-29 garbage')).toBe(String(parseDate('2024-02-29')));
    expect(d('2024-02-29T99')).toBe(String(parseDate('2024-02-29')));
    expect(d('999-01-01')).toBeNull();
    expect(d('+2024-01-01')).toBe(String(parseDate('2024-01-01')));
    expect(d(' 2024-1-2 ')).toBe(String(parseDate('2024-01-02')));
    expect(d('2020')).toBe(String(parseDate('2020-01-01')));
    expect(d('2023-02-29')).toBeNull();
    const t = (s: string): unknown => one(StringType, s, TimestampType);
    expect(t('2020-01')).toBe(tsText('2020-01-01 00:00:00'));
    expect(t('2020-1-5 1:2:3')).toBe(tsText('2020-01-05 01:02:03'));
    expect(t('2024-02-29 1:2')).toBe(tsText('2024-02-29 01:02:00'));
    expect(t('2024-02-29 1')).toBe(tsText('2024-02-29 01:00:00'));
    expect(t('2024-02-29T01:02:03.1234567')).toBe(tsText('2024-02-29 01:02:03.123456'));
    expect(t('2024-02-29 01:02:03 UTC')).toBe(tsText('2024-02-29 01:02:03'));
    expect(t('2024-02-29 01:02:03GMT+01:00')).toBe(tsText('2024-02-29 00:02:03'));
    expect(t('2024-02-29 01:02:03+0130')).toBe(tsText('2024-02-28 23:32:03'));
    expect(t('2024-02-29 01:02:03-1')).toBe(tsText('2024-02-29 02:02:03'));
    expect(t('2024-02-29 01:02:03 America/New_York')).toBe(tsText('2024-02-29 06:02:03'));
    expect(t('2024-07-01 01:02:03 America/New_York')).toBe(tsText('2024-07-01 05:02:03'));
    expect(t('2024-02-29 24:00:00')).toBeNull();
    expect(t('2024-02-29 ')).toBe(tsText('2024-02-29 00:00:00'));
    expect(t('2024-02-29T')).toBeNull();
    expect(t('2024-02-29 01:02:03.')).toBe(tsText('2024-02-29 01:02:03'));
    expect(t('2024-02-29 01:02:03 Nowhere/Zone')).toBeNull();
  });

  it('binary, interval and NULL', () => {
    expect(Array.from(one(IntType, 1, BinaryType) as Uint8Array)).toEqual([0, 0, 0, 1]);
    expect(Array.from(one(BigIntType, 12, BinaryType) as Uint8Array)).toEqual([0, 0, 0, 0, 0, 0, 0, 12]);
    expect(Array.from(one(StringType, 'é', BinaryType) as Uint8Array)).toEqual([0xc3, 0xa9]);
    expect(one(StringType, '1 day 2 hours', IntervalType)).toEqual({ months: 0, days: 1, micros: 7200e6 });
    expect(cast(NullType, [null, null], IntType)).toEqual([null, null]);
    expect(cast(NullType, [null], arrayType(IntType))).toEqual([null]);
  });

  it('arrays, maps and structs convert element-wise', () => {
    expect(one(arrayType(StringType), ['1', 'x', null], arrayType(IntType))).toEqual([1, null, null]);
    const m = one(mapType(StringType, StringType), new Map([['a', '1']]), mapType(StringType, IntType)) as Map<string, number>;
    expect([...m]).toEqual([['a', 1]]);
    const to = structType([structField('x', IntType), structField('y', BooleanType)]);
    const from = structType([structField('a', StringType), structField('b', StringType)]);
    expect(one(from, { a: '1', b: 'yes' }, to)).toEqual({ x: 1, y: true });
  });

  it('returns the same column when the type does not change', () => {
    const c = columnFromValues(IntType, [1, 2]);
    expect(castColumn(c, IntType)).toBe(c);
  });
});
