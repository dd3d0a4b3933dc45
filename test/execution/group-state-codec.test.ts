import { describe, expect, it } from 'vitest';
import { makeColumn } from '../../src/execution/column.js';
import { CountAccumulator, SumAccumulator, VarianceAccumulator } from '../../src/execution/aggregates/numeric-accumulators.js';
import { MinMaxAccumulator } from '../../src/execution/aggregates/value-accumulators.js';
import type { Accumulator } from '../../src/execution/aggregates/accumulator.js';
import { decodeStates, encodeStates, GroupStateCodec } from '../../src/execution/stateful/state-value-codec.js';
import { partitionKeys } from '../../src/execution/stateful/partitioned-keys.js';
import { StateKeyCodec } from '../../src/execution/stateful/state-key-codec.js';
import { hashPartition } from '../../src/state/hash-partition.js';

const DOUBLE = { kind: 'double' } as const;

/** count(x), sum(x), var_pop(x) over `values` grouped by `ids`. */
function accumulators(ids: number[], values: number[]): Accumulator[] {
  const accs: Accumulator[] = [new CountAccumulator(), new SumAccumulator(DOUBLE, false), new VarianceAccumulator('var_pop')];
  const groups = Math.max(...ids) + 1;
  for (const a of accs) {
    a.resize(groups);
    a.update(Int32Array.from(ids), [makeColumn(DOUBLE, Float64Array.from(values))], ids.length);
  }
  return accs;
}

/** The found values of `packed` in the shape getManyPacked answers (value k absent when `absent` has k). */
function found(packed: { bytes: Uint8Array; offsets: Int32Array }, absent: number[] = []) {
  const n = packed.offsets.length - 1;
  const starts = new Int32Array(n), ends = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    starts[k] = absent.includes(k) ? -1 : packed.offsets[k]!;
    ends[k] = packed.offsets[k + 1]!;
  }
  return { bytes: packed.bytes, starts, ends };
}

describe('GroupStateCodec', () => {
  it('writes fixed-width states that decodeStates reads back as getState gives them', () => {
    const accs = accumulators([0, 1, 1, 0, 1], [1, 2, 4, 3, 6]);
    const packed = new GroupStateCodec(accs).encodeGroups(Int32Array.from([1, 0]));
    expect(packed.offsets[1]).toBe(5 + 6 * 8);
    const decode = (k: number) => decodeStates(packed.bytes.subarray(packed.offsets[k]!, packed.offsets[k + 1]!));
    expect(decode(0)).toEqual([3, [12, 3], [3, 4, 8]]);
    expect(decode(1)).toEqual([2, [4, 2], [2, 2, 2]]);
  });

  it('merges stored states into the right groups, fixed and generic layouts alike, skipping absent keys', () => {
    const stored = new GroupStateCodec(accumulators([0, 1, 1], [10, 20, 30])).encodeGroups(Int32Array.from([0, 1]));
    // A value written by the generic encoder (as before the fixed layout existed) is still read.
    const generic = encodeStates([1, [5, 1], [1, 5, 0]]);
    const bytes = new Uint8Array(stored.bytes.length + generic.length);
    bytes.set(stored.bytes);
    bytes.set(generic, stored.bytes.length);
    const starts = Int32Array.from([0, stored.offsets[1]!, -1, stored.bytes.length]);
    const ends = Int32Array.from([stored.offsets[1]!, stored.offsets[2]!, 0, bytes.length]);

    const accs = accumulators([0, 1, 2, 3], [1, 1, 1, 1]);
    new GroupStateCodec(accs).mergeFound({ bytes, starts, ends }, Int32Array.from([3, 2, 1, 0]));
    const count = accs[0]!.result(4).data, sum = accs[1]!.result(4).data, variance = accs[2]!.result(4).data;
    expect(Array.from(count)).toEqual([2, 1, 3, 2]);
    expect(Array.from(sum)).toEqual([6, 1, 51, 11]);
    // var_pop of {1, 5}, {1}, {1, 20, 30}, {1, 10}
    expect(variance[0]).toBe(4);
    expect(variance[1]).toBe(0);
    expect(variance[2]).toBeCloseTo(434 / 3, 10);
    expect(variance[3]).toBeCloseTo(20.25, 10);
  });

  it('writes equal bytes for equal states (-0 as 0)', () => {
    const a = accumulators([0, 1], [-0, 0]);
    const p = new GroupStateCodec([a[1]!]).encodeGroups(Int32Array.from([0, 1]));
    expect(Array.from(p.bytes.subarray(0, p.offsets[1]!))).toEqual(Array.from(p.bytes.subarray(p.offsets[1]!, p.offsets[2]!)));
  });

  it('falls back to one encoded array per group when a state is not fixed-width', () => {
    const min = new MinMaxAccumulator(DOUBLE, false);
    const count = new CountAccumulator();
    for (const a of [min, count]) {
      a.resize(2);
      a.update(Int32Array.from([0, 0, 1]), [makeColumn(DOUBLE, Float64Array.from([5, 3, 7]))], 3);
    }
    const codec = new GroupStateCodec([min, count]);
    const packed = codec.encodeGroups(Int32Array.from([0, 1]));
    expect(decodeStates(packed.bytes.subarray(0, packed.offsets[1]!))).toEqual([min.getState(0), 2]);
    const into = [new MinMaxAccumulator(DOUBLE, false), new CountAccumulator()];
    for (const a of into) a.resize(2);
    new GroupStateCodec(into).mergeFound(found(packed, [1]), Int32Array.from([1, 0]));
    expect(Array.from(into[1]!.result(2).data)).toEqual([0, 2]);
    expect(into[0]!.result(2).data[1]).toBe(3);
  });
});

describe('packed state keys', () => {
  it('encodes key columns as encode() does each row and splits them by hash partition in batch order', () => {
    const codec = new StateKeyCodec([{ kind: 'bigint' }, { kind: 'string' }]);
    const keys = [makeColumn({ kind: 'bigint' }, Float64Array.from([1, 2, 3, 4, 5]), Uint8Array.from([0, 0, 1, 0, 0])),
      makeColumn({ kind: 'string' }, ['a', null, 'c', 'd', 'e'])];
    const packed = codec.encodeColumns(keys, 5);
    const rows = [[1, 'a'], [2, null], [null, 'c'], [4, 'd'], [5, 'e']];
    rows.forEach((r, g) => {
      expect(Array.from(packed.bytes.subarray(packed.offsets[g]!, packed.offsets[g + 1]!))).toEqual(Array.from(codec.encode(r)));
    });
    const parts = partitionKeys(packed, 3);
    const seen: number[] = [];
    parts.forEach((part, p) => {
      part.groups.forEach((g, k) => {
        const key = part.keys.bytes.subarray(part.keys.offsets[k]!, part.keys.offsets[k + 1]!);
        expect(Array.from(key)).toEqual(Array.from(codec.encode(rows[g]!)));
        expect(hashPartition(key, 3)).toBe(p);
        if (k > 0) expect(g).toBeGreaterThan(part.groups[k - 1]!);
        seen.push(g);
      });
    });
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
