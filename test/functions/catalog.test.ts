import { describe, expect, it } from 'vitest';
import { lookupScalarImpl } from '../../src/execution/functions/scalar-registry.js';
import { canCast } from '../../src/planner/functions/cast-rules.js';
import { resolveFromJson } from '../../src/planner/functions/from-json-schema.js';
import { lookupScalarFunction, resolveScalarCall, scalarFunctionNames } from '../../src/planner/functions/scalar-catalog.js';
import { structFieldNames } from '../../src/planner/functions/struct-field-names.js';
import {
  BigIntType, BinaryType, BooleanType, DateType, DoubleType, IntType, IntervalType, NullType, StringType,
  TimestampType, arrayType, decimalType, mapType, structField, structType, typeToString,
} from '../../src/types/data-type.js';

const returnType = (name: string, ...types: Parameters<typeof typeToString>[0][]): string => {
  const r = lookupScalarFunction(name)!.resolve(types);
  if (!r.ok) throw new Error(r.error);
  return typeToString(r.returnType);
};

describe('scalar catalog', () => {
  it('has an implementation for every function and alias', () => {
    const missing = scalarFunctionNames().filter((n) => {
      const sig = lookupScalarFunction(n)!;
      return lookupScalarImpl(sig.impl ?? sig.name) === undefined || lookupScalarImpl(n) === undefined;
    });
    expect(missing).toEqual([]);
    expect(scalarFunctionNames().length).toBeGreaterThan(150);
  });

  it('looks names up case-insensitively and maps aliases to their implementation', () => {
    expect(lookupScalarFunction('SUBSTR')!.impl).toBe('substring');
    expect(lookupScalarFunction('Upper')!.name).toBe('upper');
    expect(lookupScalarFunction('ceiling')!.impl).toBe('ceil');
    expect(lookupScalarFunction('no_such_function')).toBeUndefined();
    expect(lookupScalarFunction('current_timestamp')!.deterministic).toBe(false);
    expect(lookupScalarFunction('rand')!.deterministic).toBe(false);
    expect(lookupScalarFunction('upper')!.deterministic).toBe(true);
  });

  it("returns Spark's result types", () => {
    expect(returnType('round', DoubleType)).toBe('DOUBLE');
    expect(returnType('round', IntType, IntType)).toBe('INT');
    expect(returnType('round', decimalType(2, 1))).toBe('DECIMAL(2,0)');
    expect(returnType('floor', DoubleType)).toBe('BIGINT');
    expect(returnType('ceil', IntType)).toBe('BIGINT');
    expect(returnType('ceil', decimalType(5, 1))).toBe('DECIMAL(5,0)');
    expect(returnType('floor', decimalType(2, 1))).toBe('DECIMAL(2,0)');
    expect(returnType('abs', StringType)).toBe('DOUBLE');
    expect(returnType('abs', decimalType(3, 2))).toBe('DECIMAL(3,2)');
    expect(returnType('length', StringType)).toBe('INT');
    for (const f of ['sqrt', 'exp', 'ln', 'log10', 'log2']) expect(returnType(f, IntType)).toBe('DOUBLE');
    expect(returnType('pow', IntType, IntType)).toBe('DOUBLE');
    expect(returnType('log', IntType, IntType)).toBe('DOUBLE');
    expect(returnType('sign', IntType)).toBe('DOUBLE');
    expect(returnType('mod', IntType, IntType)).toBe('INT');
    expect(returnType('mod', BigIntType, IntType)).toBe('BIGINT');
    expect(returnType('mod', decimalType(2, 1), IntType)).toBe('DECIMAL(2,1)');
    expect(returnType('mod', decimalType(5, 2), decimalType(4, 1))).toBe('DECIMAL(5,2)');
    expect(returnType('greatest', IntType, decimalType(2, 1), BigIntType)).toBe('DECIMAL(21,1)');
    expect(returnType('year', TimestampType)).toBe('INT');
    expect(returnType('hour', StringType)).toBe('INT');
    expect(returnType('unix_timestamp', StringType)).toBe('BIGINT');
    expect(returnType('unix_timestamp')).toBe('BIGINT');
    expect(returnType('hash', IntType, StringType)).toBe('INT');
    expect(returnType('md5', StringType)).toBe('STRING');
    expect(returnType('crc32', StringType)).toBe('BIGINT');
    expect(returnType('size', arrayType(IntType))).toBe('INT');
    expect(returnType('split', StringType, StringType)).toBe('ARRAY<STRING>');
    expect(returnType('element_at', arrayType(DateType), IntType)).toBe('DATE');
    expect(returnType('element_at', mapType(StringType, DoubleType), StringType)).toBe('DOUBLE');
    expect(returnType('map_keys', mapType(StringType, DoubleType))).toBe('ARRAY<STRING>');
    expect(returnType('array', IntType, decimalType(2, 1), NullType)).toBe('ARRAY<DECIMAL(11,1)>');
    expect(returnType('array', IntType, StringType)).toBe('ARRAY<STRING>');
    expect(returnType('map', IntType, StringType, IntType, StringType)).toBe('MAP<INT, STRING>');
    expect(returnType('to_json', structType([structField('a', IntType)]))).toBe('STRING');
    expect(returnType('get_json_object', StringType, StringType)).toBe('STRING');
    expect(returnType('current_timestamp')).toBe('TIMESTAMP');
    expect(returnType('current_date')).toBe('DATE');
    expect(returnType('to_timestamp', StringType)).toBe('TIMESTAMP');
    expect(returnType('to_timestamp', StringType, StringType)).toBe('TIMESTAMP');
    expect(returnType('to_date', StringType, StringType)).toBe('DATE');
    expect(returnType('from_unixtime', BigIntType)).toBe('STRING');
    expect(returnType('date_trunc', StringType, TimestampType)).toBe('TIMESTAMP');
    expect(returnType('date_trunc', StringType, DateType)).toBe('TIMESTAMP');
    expect(returnType('trunc', DateType, StringType)).toBe('DATE');
    expect(returnType('date_add', DateType, IntType)).toBe('DATE');
    expect(returnType('datediff', DateType, DateType)).toBe('INT');
    expect(returnType('timestamp_add_interval', TimestampType, IntervalType)).toBe('TIMESTAMP');
    expect(returnType('timestamp_add_interval', DateType, IntervalType)).toBe('TIMESTAMP');
    expect(returnType('coalesce', IntType, StringType)).toBe('STRING');
    expect(returnType('coalesce', NullType, IntType, decimalType(2, 1))).toBe('DECIMAL(11,1)');
    expect(returnType('nullif', IntType, decimalType(2, 1))).toBe('INT');
    expect(returnType('if', BooleanType, StringType, IntType)).toBe('STRING');
    expect(returnType('nvl2', IntType, IntType, BigIntType)).toBe('BIGINT');
    expect(returnType('isnan', DoubleType)).toBe('BOOLEAN');
    expect(returnType('struct', IntType, StringType)).toBe('STRUCT<col1: INT, col2: STRING>');
    expect(returnType('length', BinaryType)).toBe('INT');
  });

  it('coerces arguments implicitly as Spark does', () => {
    const r = lookupScalarFunction('concat')!.resolve([IntType, StringType]);
    expect(r.ok && r.argTypes).toEqual([StringType, StringType]);
    const s = lookupScalarFunction('substring')!.resolve([StringType, DoubleType, BigIntType]);
    expect(s.ok && s.argTypes).toEqual([StringType, IntType, IntType]);
    const y = lookupScalarFunction('year')!.resolve([StringType]);
    expect(y.ok && y.argTypes).toEqual([DateType]);
    const f = lookupScalarFunction('floor')!.resolve([IntType]);
    expect(f.ok && f.argTypes).toEqual([BigIntType]);
    const c = lookupScalarFunction('array_contains')!.resolve([arrayType(IntType), decimalType(2, 1)]);
    expect(c.ok && c.argTypes).toEqual([arrayType(decimalType(11, 1)), decimalType(11, 1)]);
  });

  it('explains calls that do not type-check', () => {
    const err = (name: string, ...types: Parameters<typeof typeToString>[0][]): string => {
      const r = lookupScalarFunction(name)!.resolve(types);
      return r.ok ? 'ok' : r.error;
    };
    expect(err('abs', BooleanType)).toBe('abs: argument 1 must be a number, but it is BOOLEAN');
    expect(err('substring', StringType)).toBe('substring expects 2 to 3 arguments, but got 1');
    expect(err('greatest', IntType, StringType)).toMatch(/common type/);
    expect(err('greatest', IntType)).toBe('greatest expects at least 2 arguments, but got 1');
    expect(err('upper', arrayType(IntType))).toBe('upper: argument 1 must be STRING, but it is ARRAY<INT>');
    expect(err('hash', mapType(IntType, IntType))).toMatch(/cannot be hashed/);
    expect(err('size', IntType)).toBe('size: argument 1 must be an ARRAY or a MAP, but it is INT');
    expect(err('array_contains', arrayType(IntType), NullType)).toMatch(/untyped NULL/);
    expect(err('named_struct', StringType, IntType)).toMatch(/constant strings/);
    expect(err('from_json', StringType, StringType)).toMatch(/constant string/);
  });

  it('types calls whose result depends on constants and names', () => {
    const ns = resolveScalarCall('named_struct', [{ type: StringType, value: 'a' }, { type: IntType }, { type: StringType, value: 'b' }, { type: StringType }]);
    expect(ns?.ok && typeToString(ns.returnType)).toBe('STRUCT<a: INT, b: STRING>');
    const st = resolveScalarCall('struct', [{ type: IntType, name: 'x' }, { type: StringType }]);
    expect(st?.ok && typeToString(st.returnType)).toBe('STRUCT<x: INT, col2: STRING>');
    const rd = resolveScalarCall('round', [{ type: decimalType(8, 4) }, { type: IntType, value: 2 }]);
    expect(rd?.ok && typeToString(rd.returnType)).toBe('DECIMAL(7,2)');
    const rn = resolveScalarCall('round', [{ type: decimalType(8, 4) }, { type: IntType, value: -2 }]);
    expect(rn?.ok && typeToString(rn.returnType)).toBe('DECIMAL(5,0)');
    const br = resolveScalarCall('bround', [{ type: decimalType(4, 3) }, { type: IntType, value: 2 }]);
    expect(br?.ok && typeToString(br.returnType)).toBe('DECIMAL(4,2)');
    const cd = resolveScalarCall('ceil', [{ type: DoubleType }, { type: IntType, value: 2 }]);
    expect(cd?.ok && typeToString(cd.returnType)).toBe('DECIMAL(18,2)');
    const fd = resolveScalarCall('floor', [{ type: decimalType(6, 5) }, { type: IntType, value: 2 }]);
    expect(fd?.ok && typeToString(fd.returnType)).toBe('DECIMAL(4,2)');
    const ci = resolveScalarCall('ceil', [{ type: IntType }, { type: IntType, value: -2 }]);
    expect(ci?.ok && typeToString(ci.returnType)).toBe('DECIMAL(11,0)');
    const nonConst = resolveScalarCall('round', [{ type: decimalType(8, 4) }, { type: IntType }]);
    expect(nonConst?.ok).toBe(false);
    const fj = resolveScalarCall('from_json', [{ type: StringType }, { type: StringType, value: 'a INT, b ARRAY<STRING>' }]);
    expect(fj?.ok && typeToString(fj.returnType)).toBe('STRUCT<a: INT, b: ARRAY<STRING>>');
    const bad = resolveScalarCall('from_json', [{ type: StringType }, { type: StringType, value: 'a INTEGRAL' }]);
    expect(bad?.ok === false && bad.error).toMatch(/cannot parse the schema/);
    const dateDays = resolveScalarCall('timestamp_add_interval', [{ type: DateType }, { type: IntervalType, value: { months: 0, days: 1, micros: 0 } }]);
    expect(dateDays?.ok && typeToString(dateDays.returnType)).toBe('DATE');
    const dateHours = resolveScalarCall('timestamp_add_interval', [{ type: DateType }, { type: IntervalType, value: { months: 0, days: 0, micros: 3.6e9 } }]);
    expect(dateHours?.ok && typeToString(dateHours.returnType)).toBe('TIMESTAMP');
    expect(resolveScalarCall('nope', [])).toBeUndefined();
  });

  it('names struct fields like Spark', () => {
    expect(structFieldNames(['a', undefined, 'c', undefined])).toEqual(['a', 'col2', 'c', 'col4']);
  });

  it("reads from_json schemas in DDL, type and JSON forms", () => {
    expect(typeToString(resolveFromJson('a INT, `b c` STRING, d DECIMAL(10, 2)'))).toBe('STRUCT<a: INT, b c: STRING, d: DECIMAL(10,2)>');
    expect(typeToString(resolveFromJson('ARRAY<INT>'))).toBe('ARRAY<INT>');
    expect(typeToString(resolveFromJson('map<string,int>'))).toBe('MAP<STRING, INT>');
    expect(typeToString(resolveFromJson('struct<a:int,b:struct<c:string>>'))).toBe('STRUCT<a: INT, b: STRUCT<c: STRING>>');
    expect(typeToString(resolveFromJson('a STRUCT<b: ARRAY<INT>>'))).toBe('STRUCT<a: STRUCT<b: ARRAY<INT>>>');
    expect(typeToString(resolveFromJson(JSON.stringify({
      type: 'struct', fields: [{ name: 'a', type: 'long', nullable: true, metadata: {} },
        { name: 'b', type: { type: 'array', elementType: 'string', containsNull: true }, nullable: true, metadata: {} }],
    })))).toBe('STRUCT<a: BIGINT, b: ARRAY<STRING>>');
    expect(() => resolveFromJson('a INTEGRAL')).toThrow(/cannot parse the schema/);
    expect(() => resolveFromJson('{"type":')).toThrow(/not valid JSON/);
  });
});

describe('canCast', () => {
  it("follows Spark's non-ANSI cast rules", () => {
    expect(canCast(IntType, StringType)).toBe(true);
    expect(canCast(arrayType(IntType), StringType)).toBe(true);
    expect(canCast(StringType, TimestampType)).toBe(true);
    expect(canCast(DateType, IntType)).toBe(true);
    expect(canCast(IntType, DateType)).toBe(false);
    expect(canCast(BooleanType, DateType)).toBe(false);
    expect(canCast(TimestampType, DateType)).toBe(true);
    expect(canCast(DoubleType, TimestampType)).toBe(true);
    expect(canCast(BooleanType, TimestampType)).toBe(true);
    expect(canCast(IntType, BinaryType)).toBe(true);
    expect(canCast(DoubleType, BinaryType)).toBe(false);
    expect(canCast(BinaryType, IntType)).toBe(false);
    expect(canCast(StringType, IntervalType)).toBe(true);
    expect(canCast(arrayType(StringType), arrayType(IntType))).toBe(true);
    expect(canCast(arrayType(DoubleType), arrayType(BinaryType))).toBe(false);
    expect(canCast(mapType(StringType, StringType), mapType(StringType, IntType))).toBe(true);
    expect(canCast(structType([structField('a', StringType)]), structType([structField('x', IntType)]))).toBe(true);
    expect(canCast(structType([structField('a', StringType)]), structType([structField('x', IntType), structField('y', IntType)]))).toBe(false);
    expect(canCast(NullType, mapType(IntType, IntType))).toBe(true);
    expect(canCast(IntType, arrayType(IntType))).toBe(false);
  });
});
