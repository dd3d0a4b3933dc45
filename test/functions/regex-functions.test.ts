import { describe, expect, it } from 'vitest';
import { StringType } from '../../src/types/data-type.js';
import { call, col, int, str, value } from './function-harness.js';

describe('LIKE, RLIKE and regex functions (values checked against Spark 4)', () => {
  it('like: _ and % wildcards, escapes, whole-string match', () => {
    expect(value('like', str('abc'), str('a%'))).toBe(true);
    expect(value('like', str('abc'), str('a_c'))).toBe(true);
    expect(value('like', str('a%c'), str('a\\%c'))).toBe(true);
    expect(value('like', str('abc'), str('a\\%c'))).toBe(false);
    expect(value('like', str('a\nb'), str('a_b'))).toBe(true);
    expect(value('like', str('abc'), str('ABC'))).toBe(false);
    expect(value('like', str('%'), str('%'))).toBe(true);
    expect(value('like', str('a_c'), str('a/_c'), str('/'))).toBe(true);
    expect(value('like', str('abc'), str('a/_c'), str('/'))).toBe(false);
    expect(value('like', str('😀'), str('_'))).toBe(true);
    expect(value('like', str('abc'), str('%b%'))).toBe(true);
    expect(value('like', str('abc'), str('%c'))).toBe(true);
    expect(value('like', str('abcabc'), str('a%b%c'))).toBe(true);
    expect(value('like', str('ac'), str('a%b%c'))).toBe(false);
    expect(value('like', str('aXbYc'), str('a%b%c'))).toBe(true);
    expect(value('like', str('ab'), str('a%%b'))).toBe(true);
    expect(value('like', str('a.c'), str('a.c'))).toBe(true);
    expect(value('like', str('abc'), str('a.c'))).toBe(false);
    expect(value('like', str('a(b'), str('a(%'))).toBe(true);
    expect(value('like', str('abc'), str('a\\'))).toBeNull();
    expect(value('like', str('abc'), str('a\\bc'))).toBeNull();
    expect(value('like', str(null), str('a%'))).toBeNull();
    expect(value('ilike', str('ABC'), str('a%'))).toBe(true);
    const r = call('like', col(StringType, ['apple', 'banana', null, 'avocado']), str('a%'));
    expect(r.values).toEqual([true, false, null, true]);
    const perRow = call('like', col(StringType, ['ab', 'ab', 'ab']), col(StringType, ['a_', 'b%', null]));
    expect(perRow.values).toEqual([true, false, null]);
  });

  it('rlike / regexp_like find a match anywhere', () => {
    expect(value('regexp_like', str('Spark'), str('ar'))).toBe(true);
    expect(value('rlike', str('Spark'), str('^S.*k$'))).toBe(true);
    expect(value('rlike', str('Spark'), str('(?i)^s'))).toBe(true);
    expect(value('rlike', str('Spark'), str('^s'))).toBe(false);
    expect(value('rlike', str('a+b'), str('\\Qa+b\\E'))).toBe(true);
    expect(value('rlike', str('x'), str('('))).toBeNull();
    expect(value('regexp', str('x'), str('a*+'))).toBeNull();
  });

  it('split keeps empty pieces, honours the limit', () => {
    expect(value('split', str('a,b,,c'), str(','))).toEqual(['a', 'b', '', 'c']);
    expect(value('split', str('a,b,,c,,'), str(','))).toEqual(['a', 'b', '', 'c', '', '']);
    expect(value('split', str('abc'), str(''))).toEqual(['a', 'b', 'c']);
    expect(value('split', str('a1b2c3'), str('[0-9]'), int(2))).toEqual(['a', 'b2c3']);
    expect(value('split', str('a1b2c3'), str('[0-9]'))).toEqual(['a', 'b', 'c', '']);
    expect(value('split', str('a,b,c'), str(','), int(0))).toEqual(['a', 'b', 'c']);
    expect(value('split', str(''), str(','))).toEqual(['']);
    expect(value('split', str(',a'), str(','))).toEqual(['', 'a']);
    expect(value('split', str('a|b'), str('\\|'))).toEqual(['a', 'b']);
    expect(value('split', str('a  b c'), str('\\s+'))).toEqual(['a', 'b', 'c']);
    expect(value('split', str('abc'), str('(?=b)'))).toEqual(['a', 'bc']);
    expect(value('split', str(null), str(','))).toBeNull();
  });

  it('regexp_extract and regexp_extract_all', () => {
    expect(value('regexp_extract', str('100-200'), str('(\\d+)-(\\d+)'), int(1))).toBe('100');
    expect(value('regexp_extract', str('100-200'), str('(\\d+)-(\\d+)'))).toBe('100');
    expect(value('regexp_extract', str('foo'), str('(\\d+)'), int(1))).toBe('');
    expect(value('regexp_extract', str('100-200'), str('(\\d+)-(\\d+)'), int(0))).toBe('100-200');
    expect(value('regexp_extract', str('a'), str('(a)|(b)'), int(2))).toBe('');
    expect(value('regexp_extract', str('a'), str('(a)'), int(3))).toBeNull();
    expect(value('regexp_extract_all', str('100-200, 300-400'), str('(\\d+)-(\\d+)'), int(2))).toEqual(['200', '400']);
    expect(call('regexp_extract', col(StringType, ['x1', null, 'y22']), str('\\d+'), int(0)).values).toEqual(['1', null, '22']);
  });

  it('regexp_replace with Java replacement syntax and a start position', () => {
    expect(value('regexp_replace', str('100-200'), str('(\\d+)'), str('num'))).toBe('num-num');
    expect(value('regexp_replace', str('100-200'), str('(\\d+)-(\\d+)'), str('$2-$1'))).toBe('200-100');
    expect(value('regexp_replace', str('abc'), str('b'), str('\\$'))).toBe('a$c');
    expect(value('regexp_replace', str('aaa'), str('a'), str('b'), int(2))).toBe('abb');
    expect(value('regexp_replace', str('a-b'), str('(?<x>\\w)'), str('[${x}]'))).toBe('[a]-[b]');
    expect(value('regexp_replace', str('abc'), str('['), str('x'))).toBeNull();
  });
});
