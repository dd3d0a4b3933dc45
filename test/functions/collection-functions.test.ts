import { describe, expect, it } from 'vitest';
import {
  DoubleType, IntType, StringType, arrayType, mapType, structField, structType, typeToString,
} from '../../src/types/data-type.js';
import { bool, call, col, dbl, dec, int, nul, str, value } from './function-harness.js';

const intArray = (values: (number[] | null)[]) => col(arrayType(IntType), values);
const strMap = (entries: [unknown, unknown][]) => col(mapType(IntType, StringType), [new Map(entries)]);

describe('collection functions (values checked against Spark 4, non-ANSI)', () => {
  it('array builds arrays in the wider element type', () => {
    const r = call('array', int(1), dec('2.5'), nul());
    expect(typeToString(r.type)).toBe('ARRAY<DECIMAL(11,1)>');
    expect(r.values).toEqual([[1, 2.5, null]]);
    expect(call('array').values).toEqual([[]]);
    expect(call('array', col(IntType, [1, null]), int(5)).values).toEqual([[1, 5], [null, 5]]);
  });

  it('size and cardinality: -1 for NULL', () => {
    expect(call('size', intArray([[1, 2, 3], null, []])).values).toEqual([3, -1, 0]);
    expect(value('size', nul())).toBe(-1);
    expect(value('cardinality', strMap([[1, 'a']]))).toBe(1);
  });

  it('element_at: 1-based, negative from the end, NULL out of bounds; maps by key', () => {
    const a = intArray([[1, 2, 3]]);
    expect(value('element_at', a, int(2))).toBe(2);
    expect(value('element_at', a, int(-1))).toBe(3);
    expect(value('element_at', a, int(5))).toBeNull();
    expect(value('element_at', a, int(0))).toBeNull();
    expect(value('element_at', a, int(null))).toBeNull();
    const m = strMap([[1, 'a'], [2, 'b']]);
    expect(value('element_at', m, int(2))).toBe('b');
    expect(value('element_at', m, int(3))).toBeNull();
    expect(value('array_subscript', a, int(0))).toBe(1);
    expect(value('array_subscript', a, int(3))).toBeNull();
    expect(value('array_subscript', a, int(-1))).toBeNull();
  });

  it('array_contains is NULL when not found but the array holds NULL', () => {
    const a = col(arrayType(IntType), [[1, 2, null]]);
    expect(value('array_contains', a, int(3))).toBeNull();
    expect(value('array_contains', a, int(2))).toBe(true);
    expect(value('array_contains', intArray([[1, 2]]), dec('2.0'))).toBe(true);
    expect(value('array_contains', intArray([[1, 2]]), int(5))).toBe(false);
    expect(value('array_contains', col(arrayType(DoubleType), [[NaN]]), dbl(NaN))).toBe(true);
    expect(value('array_contains', intArray([null]), int(1))).toBeNull();
  });

  it('array_distinct and sort_array', () => {
    expect(value('array_distinct', col(arrayType(IntType), [[1, 2, 2, null, null, 1]]))).toEqual([1, 2, null]);
    expect(value('sort_array', col(arrayType(IntType), [[3, null, 1]]))).toEqual([null, 1, 3]);
    expect(value('sort_array', col(arrayType(IntType), [[3, null, 1]]), bool(false))).toEqual([3, 1, null]);
    expect(value('sort_array', col(arrayType(StringType), [['b', 'a', 'B']]))).toEqual(['B', 'a', 'b']);
    expect(value('sort_array', col(arrayType(DoubleType), [[NaN, 1, -0, 0]]))).toEqual([-0, 0, 1, NaN]);
    const structs = col(arrayType(structType([structField('k', IntType)])), [[{ k: 2 }, { k: 1 }, { k: 2 }]]);
    expect(value('array_distinct', structs)).toEqual([{ k: 2 }, { k: 1 }]);
    expect(value('sort_array', structs)).toEqual([{ k: 1 }, { k: 2 }, { k: 2 }]);
  });

  it('struct and named_struct', () => {
    const s = call('struct', int(1), str('a'));
    expect(typeToString(s.type)).toBe('STRUCT<col1: INT, col2: STRING>');
    expect(s.values).toEqual([{ col1: 1, col2: 'a' }]);
    const named = call('struct', col(IntType, [1, null], 'id'), str('x'));
    expect(typeToString(named.type)).toBe('STRUCT<id: INT, col2: STRING>');
    expect(named.values).toEqual([{ id: 1, col2: 'x' }, { id: null, col2: 'x' }]);
    const ns = call('named_struct', str('x'), int(1), str('y'), str('a'));
    expect(typeToString(ns.type)).toBe('STRUCT<x: INT, y: STRING>');
    expect(ns.values).toEqual([{ x: 1, y: 'a' }]);
  });

  it('map, map_keys, map_values', () => {
    const m = call('map', int(1), str('a'), int(2), str('b'));
    expect(typeToString(m.type)).toBe('MAP<INT, STRING>');
    expect([...(m.values[0] as Map<unknown, unknown>)]).toEqual([[1, 'a'], [2, 'b']]);
    expect([...(value('map', int(1), str('a'), int(1), str('b')) as Map<unknown, unknown>)]).toEqual([[1, 'b']]);
    expect(value('map', int(null), str('a'))).toBeNull();
    expect(value('map_keys', strMap([[1, 'a'], [2, 'b']]))).toEqual([1, 2]);
    expect(value('map_values', strMap([[1, 'a'], [2, null]]))).toEqual(['a', null]);
    expect(call('map_keys', col(mapType(IntType, StringType), [null])).values).toEqual([null]);
    expect(typeToString(call('map').type)).toBe('MAP<VOID, VOID>');
  });
});
