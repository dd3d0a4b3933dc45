import { describe, expect, it } from 'vitest';
import {
  BinaryType, IntType, StringType, arrayType, decimalType, structField, structType,
} from '../../src/types/data-type.js';
import { bool, call, col, date, dbl, dec, int, lit, long, nul, str, ts, value } from './function-harness.js';

describe('hash (Spark reference values from pyspark 4, seed 42)', () => {
  it('hashes scalars over Spark\'s binary forms', () => {
    expect(value('hash', int(1))).toBe(-559580957);
    expect(value('hash', str('abc'))).toBe(1322437556);
    expect(value('hash', str('a'))).toBe(1485273170);
    expect(value('hash', long(1))).toBe(-1712319331);
    expect(value('hash', dbl(1.5))).toBe(1290763749);
    expect(value('hash', nul())).toBe(42);
    expect(value('hash', int(null))).toBe(42);
    expect(value('hash', int(1), str('a'))).toBe(-936062819);
    expect(value('hash', bool(true))).toBe(-559580957);
    expect(value('hash', dec('1.5'))).toBe(-18083236);
    expect(value('hash', lit(1.5, decimalType(30, 2)))).toBe(-339019914);
    expect(value('hash', lit(123.45, decimalType(20, 2)))).toBe(589679666);
    expect(value('hash', lit(-1.5, decimalType(30, 2)))).toBe(-690534446);
    expect(value('hash', lit(-150, decimalType(25, 0)))).toBe(-690534446);
    expect(value('hash', lit(0, decimalType(25, 0)))).toBe(-783713497);
    expect(value('hash', date('2020-01-01'))).toBe(-725858435);
    expect(value('hash', ts('2020-01-01 00:00:00'))).toBe(-1486022740);
    expect(value('hash', dbl(-0))).toBe(-1670924195);
    expect(value('hash', dbl(NaN))).toBe(-1281358385);
    expect(value('hash', str(''))).toBe(142593372);
    expect(value('hash', str('héllo wörld'))).toBe(-281075962);
    expect(value('hash', int(1), int(2), int(3))).toBe(-912918097);
    expect(value('hash', col(BinaryType, [new Uint8Array([1, 2, 3])]))).toBe(-246362483);
  });

  it('hashes arrays and structs element by element, skipping NULLs', () => {
    expect(value('hash', col(arrayType(IntType), [[1, 2]]))).toBe(-222940379);
    expect(value('hash', col(arrayType(StringType), [['a', null, 'b']]))).toBe(190734147);
    const t = structType([structField('a', IntType), structField('b', StringType)]);
    expect(value('hash', col(t, [{ a: 1, b: 'x' }]))).toBe(-1305545736);
  });

  it('hashes columns with NULLs', () => {
    expect(call('hash', col(IntType, [1, null]), col(StringType, [null, 'a'])).values).toEqual([-559580957, 1485273170]);
  });
});

describe('digests', () => {
  it('md5, sha1, sha2, crc32', () => {
    expect(value('md5', str('Spark'))).toBe('8cde774d6f7333752ed72cacddb05126');
    expect(value('sha1', str('Spark'))).toBe('85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c');
    expect(value('sha', str('Spark'))).toBe('85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c');
    expect(value('sha2', str('Spark'), int(256))).toBe('529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b');
    expect(value('sha2', str('Spark'), int(0))).toBe('529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b');
    expect(value('sha2', str('Spark'), int(224))).toBe('dbeab94971678d36af2195851c0f7485775a2a7c60073d62fc04549c');
    expect(value('sha2', str('Spark'), int(100))).toBeNull();
    expect(value('crc32', str('Spark'))).toBe(1557323817);
    expect(value('md5', str(null))).toBeNull();
    expect(value('md5', col(BinaryType, [new TextEncoder().encode('Spark')]))).toBe('8cde774d6f7333752ed72cacddb05126');
  });
});
