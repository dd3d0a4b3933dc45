import { describe, expect, it } from 'vitest';
import { columnFromValues } from '../../src/execution/column.js';
import { lookupScalarImpl } from '../../src/execution/functions/scalar-registry.js';
import { BinaryType, IntType, StringType, arrayType } from '../../src/types/data-type.js';
import { bool, call, col, date, dbl, dec, int, long, nul, str, value } from './function-harness.js';

describe('string functions (values checked against Spark 4, non-ANSI)', () => {
  it('concat and concat_ws', () => {
    expect(value('concat', int(1), str('a'))).toBe('1a');
    expect(value('concat', str('a'), str(null))).toBeNull();
    expect(value('concat')).toBe('');
    expect(value('concat', str('a'), str('b'), str('c'))).toBe('abc');
    expect(value('concat', col(arrayType(IntType), [[1, 2]]), col(arrayType(IntType), [[3]]))).toEqual([1, 2, 3]);
    expect(value('concat_ws', str(','), str('a'), str(null), str('b'))).toBe('a,b');
    expect(value('concat_ws', str(','), col(arrayType(StringType), [['a', 'b']]), str('c'), str(null),
      col(arrayType(StringType), [[null, 'd']]))).toBe('a,b,c,d');
    expect(value('concat_ws', str(null), str('a'))).toBeNull();
    expect(value('concat_ws', str(','))).toBe('');
    expect(value('concat_ws', str('-'), int(1), int(2))).toBe('1-2');
    expect(call('concat', col(StringType, ['a', null, 'c']), col(StringType, ['x', 'y', null])).values).toEqual(['ax', null, null]);
  });

  it('length counts code points; binary counts bytes', () => {
    expect(value('length', str('😀a'))).toBe(2);
    expect(value('length', str(''))).toBe(0);
    expect(value('length', col(BinaryType, [new Uint8Array([1, 2])]))).toBe(2);
    expect(value('char_length', str('abc'))).toBe(3);
    expect(value('length', int(12))).toBe(2);
    expect(value('octet_length', str('é'))).toBe(2);
    expect(value('concat', str('a'), dbl(1.5), bool(true), date('2024-01-01'))).toBe('a1.5true2024-01-01');
    expect(call('character_length', col(StringType, [null, 'ab'])).values).toEqual([null, 2]);
  });

  it('upper and lower', () => {
    expect(value('upper', str('straße'))).toBe('STRASSE');
    expect(value('lower', str('ÀB'))).toBe('àb');
    expect(value('ucase', str('a'))).toBe('A');
    expect(value('lcase', str('A'))).toBe('a');
    expect(call('upper', col(StringType, [null, 'x'])).values).toEqual([null, 'X']);
  });

  it('substring with 0, negative and out-of-range positions', () => {
    expect(value('substring', str('Spark SQL'), int(-3))).toBe('SQL');
    expect(value('substring', str('Spark SQL'), int(5), int(1))).toBe('k');
    expect(value('substring', str('Spark SQL'), int(0), int(2))).toBe('Sp');
    expect(value('substring', str('abc'), int(-5), int(3))).toBe('a');
    expect(value('substring', str('abc'), int(2), int(-1))).toBe('');
    expect(value('substring', str('😀bc'), int(1), int(1))).toBe('😀');
    expect(value('substr', str('abc'), int(10))).toBe('');
    expect(value('substring', str('abc'), int(null))).toBeNull();
    expect(value('left', str('abc'), int(2))).toBe('ab');
    expect(value('left', str('abc'), int(-1))).toBe('');
    expect(value('right', str('abc'), int(2))).toBe('bc');
    expect(value('right', str('abc'), int(0))).toBe('');
    expect(value('right', str('abc'), int(10))).toBe('abc');
    expect(value('right', str('a😀c'), int(2))).toBe('😀c');
  });

  it('trim family: spaces only by default; two-argument forms', () => {
    expect(value('trim', str('  a b  '))).toBe('a b');
    expect(value('trim', str('\ta\t'))).toBe('\ta\t');
    expect(value('ltrim', str('  a  '))).toBe('a  ');
    expect(value('rtrim', str('  a  '))).toBe('  a');
    expect(value('trim', str('xa'), str('xaxbx'))).toBe('b');
    expect(value('trim', str('xaxbx'), str('xa'))).toBe('');
    expect(value('ltrim', str('xa'), str('xaxbx'))).toBe('bx');
    expect(value('btrim', str('xaxbx'), str('xa'))).toBe('b');
    expect(value('btrim', str('  x  '))).toBe('x');
  });

  it('replace, instr, locate', () => {
    expect(value('replace', str('ABCabc'), str('abc'), str('DEF'))).toBe('ABCDEF');
    expect(value('replace', str('ABCabc'), str('abc'))).toBe('ABC');
    expect(value('replace', str('abc'), str(''), str('x'))).toBe('abc');
    expect(value('replace', str('a$b'), str('$'), str('$$'))).toBe('a$$b');
    expect(value('instr', str('SparkSQL'), str('SQL'))).toBe(6);
    expect(value('instr', str('abc'), str(''))).toBe(1);
    expect(value('instr', str('😀abc'), str('a'))).toBe(2);
    expect(value('instr', str('abc'), str('z'))).toBe(0);
    expect(value('locate', str('bar'), str('foobarbar'))).toBe(4);
    expect(value('locate', str('bar'), str('foobarbar'), int(5))).toBe(7);
    expect(value('locate', str('bar'), str('foobarbar'), int(0))).toBe(0);
    expect(value('locate', str(''), str('abc'), int(2))).toBe(1);
    expect(value('locate', str('bar'), str('foobarbar'), int(null))).toBe(0);
    expect(value('locate', str(null), str('foobarbar'))).toBeNull();
    expect(value('position', str('b'), str('😀b'))).toBe(2);
  });

  it('lpad and rpad', () => {
    expect(value('lpad', str('hi'), int(5), str('??'))).toBe('???hi');
    expect(value('lpad', str('hi'), int(1), str('??'))).toBe('h');
    expect(value('lpad', str('hi'), int(5))).toBe('   hi');
    expect(value('lpad', str('hi'), int(5), str(''))).toBe('hi');
    expect(value('lpad', str('hi'), int(-1), str('x'))).toBe('');
    expect(value('rpad', str('hi'), int(5), str('ab'))).toBe('hiaba');
    expect(value('rpad', str('😀'), int(3), str('é😀'))).toBe('😀é😀');
    expect(call('lpad', col(StringType, ['a', null]), int(3), str('0')).values).toEqual(['00a', null]);
  });

  it('reverse, repeat, initcap, ascii, chr', () => {
    expect(value('reverse', str('abc😀'))).toBe('😀cba');
    expect(value('reverse', col(arrayType(IntType), [[1, 2, 3]]))).toEqual([3, 2, 1]);
    expect(value('repeat', str('ab'), int(3))).toBe('ababab');
    expect(value('repeat', str('ab'), int(-1))).toBe('');
    expect(value('initcap', str('hELLO wORLD-foo  bar'))).toBe('Hello World-foo  Bar');
    expect(value('initcap', str(''))).toBe('');
    expect(value('ascii', str('abc'))).toBe(97);
    expect(value('ascii', str(''))).toBe(0);
    expect(value('ascii', str('😀'))).toBe(128512);
    expect(value('chr', int(65))).toBe('A');
    expect(value('chr', int(321))).toBe('A');
    expect(value('chr', int(-1))).toBe('');
    expect(value('chr', int(256))).toBe('\u0000');
    expect(value('char', long(97))).toBe('a');
  });

  it('format_string follows java.util.Formatter', () => {
    expect(value('format_string', str('Hello %s %d'), str('x'), int(5))).toBe('Hello x 5');
    expect(value('format_string', str('%.2f|%5s|%-5s|%05d|%x|%%|%b'), dbl(3.14159), str('ab'), str('ab'), int(42), int(255), bool(true)))
      .toBe('3.14|   ab|ab   |00042|ff|%|true');
    expect(value('printf', str('%s and %s'), str('a'), nul())).toBe('a and null');
    expect(value('format_string', str('%,d'), long(1234567))).toBe('1,234,567');
    expect(value('format_string', str('%x'), int(-1))).toBe('ffffffff');
    expect(value('format_string', str('%.1f'), dbl(0.05))).toBe('0.1');
    expect(value('format_string', str('%e'), dbl(12345.678))).toBe('1.234568e+04');
    expect(value('format_string', str('%2$s-%1$s'), str('a'), str('b'))).toBe('b-a');
    expect(value('format_string', str('%d'), str('x'))).toBeNull();
    expect(value('format_string', str('%10.3f|%-8d|%+d|%(d|% d'), dbl(3.14159), int(42), int(5), int(-5), int(7)))
      .toBe('     3.142|42      |+5|(5)| 7');
    expect(value('format_string', str('%g'), dbl(0.0001234))).toBe('0.000123400');
    expect(value('format_string', str('%s|%s|%S|%c'), dbl(1.5), dec('1.50'), str('abc'), int(65))).toBe('1.5|1.50|ABC|A');
    expect(value('format_string', str('%s'), date('2024-01-01'))).toBe('19723');
    expect(value('format_string', str(null), str('x'))).toBeNull();
  });

  it('startswith, endswith, contains, translate, substring_index', () => {
    expect(value('startswith', str('Spark'), str('Sp'))).toBe(true);
    expect(value('startswith', str('Spark'), str(''))).toBe(true);
    expect(value('endswith', str('Spark'), str('rk'))).toBe(true);
    expect(value('contains', str('Spark'), str('ar'))).toBe(true);
    expect(value('contains', str('Spark'), str(null))).toBeNull();
    expect(call('contains', col(StringType, ['ab', 'cd', null]), str('b')).values).toEqual([true, false, null]);
    expect(value('translate', str('AaBbCc'), str('abc'), str('123'))).toBe('A1B2C3');
    expect(value('translate', str('abcabc'), str('aab'), str('xy'))).toBe('xcxc');
    expect(value('translate', str('abc'), str('abc'), str(''))).toBe('');
    expect(value('substring_index', str('www.apache.org'), str('.'), int(2))).toBe('www.apache');
    expect(value('substring_index', str('www.apache.org'), str('.'), int(-2))).toBe('apache.org');
    expect(value('substring_index', str('www.apache.org'), str('.'), int(5))).toBe('www.apache.org');
    expect(value('substring_index', str('a'), str('.'), int(0))).toBe('');
  });

  it('upper over a million strings is fast', () => {
    const n = 1_000_000;
    const words = Array.from({ length: n }, (_, i) => (i % 100 === 0 ? null : `word${i % 1000}`));
    const c = columnFromValues(StringType, words);
    const upper = lookupScalarImpl('upper')!, substring = lookupScalarImpl('substring')!, concat = lookupScalarImpl('concat')!;
    const ones = columnFromValues(IntType, new Array(n).fill(1)), threes = columnFromValues(IntType, new Array(n).fill(3));
    const t0 = performance.now();
    const u = upper([c], n, StringType);
    const s = substring([c, ones, threes], n, StringType);
    const cc = concat([c, c], n, StringType);
    const elapsed = performance.now() - t0;
    expect((u.data as string[])[1]).toBe('WORD1');
    expect((s.data as string[])[1]).toBe('wor');
    expect((cc.data as string[])[1]).toBe('word1word1');
    expect((u.data as unknown[])[0]).toBeNull();
    expect(elapsed).toBeLessThan(1500);
  });
});
