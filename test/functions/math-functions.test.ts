import { describe, expect, it } from 'vitest';
import { BigIntType, DoubleType, IntType, StringType, decimalType, typeToString } from '../../src/types/data-type.js';
import { call, col, dbl, dec, int, long, str, value } from './function-harness.js';

describe('math functions (values checked against Spark 4, non-ANSI)', () => {
  it('round rounds half up, bround half to even', () => {
    expect(value('round', dec('2.5'))).toBe(3);
    expect(value('round', dec('-2.5'))).toBe(-3);
    expect(value('bround', dec('2.5'))).toBe(2);
    expect(value('bround', dec('-2.5'))).toBe(-2);
    expect(value('round', dbl(2.675), int(2))).toBe(2.68);
    expect(value('round', dbl(2.5))).toBe(3);
    expect(value('round', dbl(-2.5))).toBe(-3);
    expect(value('round', dec('1234.5678'), int(2))).toBe(1234.57);
    expect(value('round', dec('1234.5678'), int(-2))).toBe(1200);
    expect(value('round', int(15), int(-1))).toBe(20);
    expect(value('round', int(-15), int(-1))).toBe(-20);
    expect(value('round', long(25), int(-1))).toBe(30);
    expect(value('bround', long(25), int(-1))).toBe(20);
    expect(value('round', str('2.5'))).toBe(3);
    expect(value('bround', dec('2.345'), int(2))).toBe(2.34);
    expect(value('round', dbl(NaN))).toBeNaN();
    expect(value('round', dbl(1e300), int(2))).toBe(1e300);
    expect(value('round', dbl(0.1234567890123456789), int(18))).toBe(0.12345678901234568);
    expect(value('round', dbl(1.005), int(2))).toBe(1.01);
    expect(value('round', dbl(-0.4))).toBe(0);
    expect(call('round', dec('2.5')).type).toEqual(decimalType(2, 0));
  });

  it('rounds a column with NULLs', () => {
    const r = call('round', col(DoubleType, [1.25, null, -1.25, 2.345]), int(1));
    expect(r.values).toEqual([1.3, null, -1.3, 2.3]);
  });

  it('floor and ceil', () => {
    expect(call('floor', dbl(2.5))).toEqual({ type: BigIntType, values: [2] });
    expect(value('floor', dec('-2.5'))).toBe(-3);
    expect(typeToString(call('floor', dec('-2.5')).type)).toBe('DECIMAL(2,0)');
    expect(value('ceil', dec('2.1'))).toBe(3);
    expect(value('ceil', int(3))).toBe(3);
    expect(value('ceiling', str('1.2'))).toBe(2);
    expect(value('floor', dbl(NaN))).toBe(0);
    expect(value('floor', dbl(-Infinity))).toBe(-9223372036854775808);
    expect(value('floor', dbl(1e20))).toBe(9223372036854775807);
    expect(value('ceil', dbl(3.14159), int(2))).toBe(3.15);
    expect(value('floor', dec('3.14159'), int(2))).toBe(3.14);
    expect(value('ceil', int(12345), int(-2))).toBe(12400);
    expect(value('floor', dbl(-0.5))).toBe(-1);
    expect(call('ceil', col(DoubleType, [null, -0.5, 0.5])).values).toEqual([null, 0, 1]);
  });

  it('abs keeps the type and wraps INT like Java', () => {
    expect(call('abs', int(-3))).toEqual({ type: IntType, values: [3] });
    expect(call('abs', str('-3.5'))).toEqual({ type: DoubleType, values: [3.5] });
    expect(value('abs', int(-2147483648))).toBe(-2147483648);
    expect(value('abs', dec('-1.50'))).toBe(1.5);
    expect(call('abs', col(IntType, [null, -1])).values).toEqual([null, 1]);
  });

  it('sqrt, exp, logarithms and powers', () => {
    expect(value('sqrt', int(4))).toBe(2);
    expect(value('sqrt', int(-1))).toBeNaN();
    expect(value('ln', int(0))).toBeNull();
    expect(value('ln', int(-1))).toBeNull();
    expect(value('log', int(10), int(100))).toBe(2);
    expect(value('log', int(100))).toBe(4.605170185988092);
    expect(value('log', int(0), int(5))).toBeNull();
    expect(value('log', int(1), int(5))).toBe(Infinity);
    expect(value('log10', int(1000))).toBe(3);
    expect(value('log2', int(8))).toBe(3);
    expect(value('pow', int(2), int(10))).toBe(1024);
    expect(value('power', int(-8), dbl(1 / 3))).toBeNaN();
    expect(value('exp', int(0))).toBe(1);
    expect(value('log1p', int(-1))).toBeNull();
    expect(value('cbrt', int(27))).toBe(3);
    expect(value('pi')).toBe(Math.PI);
    expect(call('sqrt', col(IntType, [null, 9])).values).toEqual([null, 3]);
  });

  it('mod and pmod: NULL for a zero divisor, exact for decimals', () => {
    expect(value('mod', int(7), int(3))).toBe(1);
    expect(value('mod', int(-7), int(3))).toBe(-1);
    expect(value('mod', dec('7.5'), int(2))).toBe(1.5);
    expect(value('mod', int(7), int(0))).toBeNull();
    expect(value('mod', dbl(7), int(0))).toBeNull();
    expect(value('pmod', int(-7), int(3))).toBe(2);
    expect(value('pmod', int(7), int(-3))).toBe(1);
    expect(value('pmod', dbl(-7.5), int(2))).toBe(0.5);
    expect(value('mod', long(5), int(2))).toBe(1);
    expect(value('mod', dbl(1.5), int(2))).toBe(1.5);
    expect(value('mod', dec('0.3'), dec('0.1'))).toBe(0);
    expect(call('mod', col(IntType, [7, null, 8]), col(IntType, [2, 2, null])).values).toEqual([1, null, null]);
  });

  it('sign', () => {
    expect(call('sign', int(-5))).toEqual({ type: DoubleType, values: [-1] });
    expect(value('signum', dec('0.0'))).toBe(0);
    expect(value('sign', str('3'))).toBe(1);
  });

  it('greatest and least skip NULLs; NaN is the largest double', () => {
    expect(value('greatest', int(1), int(null), int(3))).toBe(3);
    expect(call('greatest', int(1), dec('2.5'), long(2))).toEqual({ type: decimalType(21, 1), values: [2.5] });
    expect(value('least', str('b'), str('a'), str(null))).toBe('a');
    expect(value('greatest', int(null), int(null))).toBeNull();
    expect(value('greatest', dbl(NaN), dbl(1))).toBeNaN();
    expect(value('least', dbl(NaN), dbl(1))).toBe(1);
    expect(value('greatest', str('\uffff'), str('😀'))).toBe('😀');
    const r = call('least', col(IntType, [3, null, 5, null]), col(IntType, [1, 2, null, null]));
    expect(r.values).toEqual([1, 2, 5, null]);
    expect(call('greatest', col(StringType, ['a', null]), col(StringType, ['b', null])).values).toEqual(['b', null]);
  });

  it('trigonometry', () => {
    expect(value('degrees', dbl(Math.PI))).toBe(180);
    expect(value('radians', int(180))).toBe(Math.PI);
    expect(value('atan2', int(0), int(1))).toBe(0);
    expect(value('cos', int(0))).toBe(1);
  });
});
