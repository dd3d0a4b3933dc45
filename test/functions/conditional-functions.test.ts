import { describe, expect, it } from 'vitest';
import { lookupScalarImpl } from '../../src/execution/functions/scalar-registry.js';
import { columnFromValues } from '../../src/execution/column.js';
import { BigIntType, DoubleType, IntType, IntervalType, StringType, typeToString } from '../../src/types/data-type.js';
import { bool, call, col, dbl, dec, int, lit, nul, str, ts, value } from './function-harness.js';

describe('null handling and conditionals (values checked against Spark 4)', () => {
  it('coalesce takes the first non-NULL in the wider type', () => {
    expect(value('coalesce', nul(), int(1), int(2))).toBe(1);
    const r = call('coalesce', nul(), int(1), dec('2.5'));
    expect(typeToString(r.type)).toBe('DECIMAL(11,1)');
    expect(r.values).toEqual([1]);
    expect(call('coalesce', int(1), str('2'))).toEqual({ type: StringType, values: ['1'] });
    expect(value('coalesce', nul())).toBeNull();
    const rows = call('coalesce', col(IntType, [null, 2, null]), col(IntType, [1, 3, null]), int(9));
    expect(rows.values).toEqual([1, 2, 9]);
    expect(call('coalesce', col(StringType, [null, 'a']), str('z')).values).toEqual(['z', 'a']);
  });

  it('nullif, nvl, ifnull, nvl2, if', () => {
    expect(value('nullif', int(1), int(1))).toBeNull();
    expect(value('nullif', int(1), int(2))).toBe(1);
    expect(value('nullif', int(1), dec('1.0'))).toBeNull();
    expect(call('nullif', int(1), dec('1.5')).type).toBe(IntType);
    expect(value('nullif', dbl(NaN), dbl(NaN))).toBeNull();
    expect(value('nullif', str('a'), nul())).toBe('a');
    expect(value('nvl', nul(), str('x'))).toBe('x');
    expect(value('ifnull', nul(), int(2))).toBe(2);
    expect(value('nvl2', nul(), int(1), int(2))).toBe(2);
    expect(value('nvl2', int(0), int(1), int(2))).toBe(1);
    expect(value('if', bool(true), int(1), int(2))).toBe(1);
    expect(value('if', bool(null), int(1), int(2))).toBe(2);
    expect(value('if', bool(true), str('a'), int(1))).toBe('a');
    const r = call('if', col({ kind: 'boolean' }, [true, false, null]), col(IntType, [1, 2, 3]), col(IntType, [null, 20, 30]));
    expect(r.values).toEqual([1, 20, 30]);
  });

  it('isnull, isnotnull, isnan, nanvl', () => {
    expect(value('isnull', nul())).toBe(true);
    expect(value('isnotnull', int(1))).toBe(true);
    expect(call('isnull', col(StringType, ['a', null])).values).toEqual([false, true]);
    expect(value('isnan', dbl(NaN))).toBe(true);
    expect(value('isnan', dbl(null))).toBe(false);
    expect(value('nanvl', dbl(NaN), int(123))).toBe(123);
    expect(value('nanvl', dbl(1), int(123))).toBe(1);
    expect(call('nanvl', col(DoubleType, [NaN, null, 2]), dbl(0)).values).toEqual([0, null, 2]);
  });

  it('rand is in [0, 1) and reproducible with a seed; uuid is random', () => {
    const rand = lookupScalarImpl('rand')!;
    const seed = columnFromValues(BigIntType, [42, 42, 42, 42]);
    const a = rand([seed], 4, DoubleType).data as Float64Array, b = rand([seed], 4, DoubleType).data as Float64Array;
    expect(Array.from(a)).toEqual(Array.from(b));
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
    expect(new Set(a).size).toBe(4);
    const u = lookupScalarImpl('uuid')!([], 2, StringType).data as string[];
    expect(u[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(u[0]).not.toBe(u[1]);
  });
});

describe('interval operators', () => {
  const iv = (months: number, days: number, micros: number) => lit({ months, days, micros }, IntervalType);
  it('negates, adds, subtracts, scales and diffs', () => {
    expect(value('interval_negate', iv(1, 2, 3))).toEqual({ months: -1, days: -2, micros: -3 });
    expect(value('interval_add', iv(1, 2, 3), iv(0, 1, 1))).toEqual({ months: 1, days: 3, micros: 4 });
    expect(value('interval_subtract', iv(1, 2, 3), iv(0, 1, 1))).toEqual({ months: 1, days: 1, micros: 2 });
    expect(value('interval_multiply', iv(1, 1, 0), dbl(1.5))).toEqual({ months: 1, days: 16, micros: 12 * 3600e6 });
    expect(value('interval_divide', iv(0, 0, 10), int(4))).toEqual({ months: 0, days: 0, micros: 3 });
    expect(value('interval_divide', iv(0, 0, 10), int(0))).toBeNull();
    expect(value('timestamp_diff_interval', ts('2024-01-02 00:00:00'), ts('2024-01-01 23:00:00'))).toEqual({ months: 0, days: 0, micros: 3600e6 });
    expect(call('interval_negate', col(IntervalType, [null])).values).toEqual([null]);
  });
});
