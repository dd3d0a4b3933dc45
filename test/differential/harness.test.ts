/** The comparator itself: a suite that compared nothing would pass every case. */
import { describe, expect, it } from 'vitest';
import { diffRows, engines, runDuck, runSluice } from './harness.js';

describe('differential harness', () => {
  it('accepts equal multisets in any order and doubles within 1e-9', () => {
    expect(diffRows([[1, 'a'], [2, null]], [[2, null], [1, 'a']], false)).toBeUndefined();
    expect(diffRows([[0.1 + 0.2]], [[0.3]], false)).toBeUndefined();
    expect(diffRows([['NaN', [1, 2]]], [['NaN', [1, 2]]], false)).toBeUndefined();
  });

  it('reports a changed value, a missing row, an extra duplicate and a wrong order', () => {
    expect(diffRows([[1, 'a']], [[1, 'b']], false)).toContain('only in Sluice (1)');
    expect(diffRows([[1]], [[1], [2]], false)).toContain('only in expected (1)');
    expect(diffRows([[1], [1]], [[1]], false)).toContain('Sluice 2 rows, expected 1');
    expect(diffRows([[1], [2]], [[2], [1]], true)).toContain('rows differ from position 0');
    expect(diffRows([[1.0001]], [[1]], false)).toBeDefined();
    expect(diffRows([[null]], [[0]], false)).toBeDefined();
    expect(diffRows([[1, 2]], [[1]], false)).toContain('column count differs');
  });

  it('loads the same tables into both engines', async () => {
    const e = await engines();
    const counts = 'SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM u), (SELECT count(*) FROM dim), (SELECT count(*) FROM e), (SELECT count(*) FROM small), (SELECT count(k) FROM t), (SELECT count(DISTINCT s) FROM t)';
    const sluice = await runSluice(e, counts);
    expect(sluice).toEqual(await runDuck(e, counts));
    expect(sluice[0]!.slice(0, 5)).toEqual([1000, 400, 10, 0, 14]);
  });
});
