import { it } from 'vitest';
import { columnFromValues } from '../../src/execution/column.js';
import { lookupScalarImpl } from '../../src/execution/functions/scalar-registry.js';
import { BooleanType, IntType, StringType } from '../../src/types/data-type.js';
import { castColumn } from '../../src/execution/cast.js';

it('perf', () => {
  const n = 1_000_000;
  const words = Array.from({ length: n }, (_, i) => (i % 100 === 0 ? null : `word${i % 1000}`));
  const c = columnFromValues(StringType, words);
  const ones = columnFromValues(IntType, new Array(n).fill(1)), threes = columnFromValues(IntType, new Array(n).fill(3));
  const pat = columnFromValues(StringType, new Array(n).fill('%rd5%'));
  const pat2 = columnFromValues(StringType, new Array(n).fill('w_rd5%'));
  const comma = columnFromValues(StringType, new Array(n).fill('r'));
  const nums = columnFromValues(StringType, Array.from({ length: n }, (_, i) => String(i)));
  const time = (label: string, f: () => unknown) => {
    f();
    const t0 = performance.now(); f(); console.log(label, (performance.now() - t0).toFixed(1), 'ms');
  };
  time('upper', () => lookupScalarImpl('upper')!([c], n, StringType));
  time('substring', () => lookupScalarImpl('substring')!([c, ones, threes], n, StringType));
  time('concat', () => lookupScalarImpl('concat')!([c, c], n, StringType));
  time('length', () => lookupScalarImpl('length')!([c], n, IntType));
  time('like %x%', () => lookupScalarImpl('like')!([c, pat], n, BooleanType));
  time('like w_', () => lookupScalarImpl('like')!([c, pat2], n, BooleanType));
  time('split', () => lookupScalarImpl('split')!([c, comma], n, StringType));
  time('trim', () => lookupScalarImpl('trim')!([c], n, StringType));
  time('hash', () => lookupScalarImpl('hash')!([c], n, IntType));
  time('cast str->int', () => castColumn(nums, IntType));
  time('cast int->str', () => castColumn(ones, StringType));
  time('lpad', () => lookupScalarImpl('lpad')!([c, threes], n, StringType));
});
