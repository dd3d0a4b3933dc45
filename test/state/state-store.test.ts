import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackedBytes, PackedValues, StateStore } from '../../src/state/state-store.js';
import { StateStoreManager, type StateStoreOptions } from '../../src/state/state-store-manager.js';
import { SluiceError } from '../../src/types/errors.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('latin1'));
const bin = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

const dirs: string[] = [];
const managers: StateStoreManager[] = [];

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sluice-state-'));
  dirs.push(d);
  return d;
}

async function open(dir: string, options?: StateStoreOptions): Promise<StateStoreManager> {
  const m = await StateStoreManager.open(dir, options);
  managers.push(m);
  return m;
}

afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Latin1 strings packed into one buffer, as the packed API takes keys and values. */
function pack(items: readonly string[]): PackedBytes {
  const parts = items.map((x) => Buffer.from(x, 'latin1'));
  const offsets = new Int32Array(items.length + 1);
  parts.forEach((b, i) => { offsets[i + 1] = offsets[i]! + b.length; });
  return { bytes: Uint8Array.from(Buffer.concat(parts)), offsets };
}

/** PackedValues as an array per value (undefined = absent). */
function unpack(values: PackedValues): (Uint8Array | undefined)[] {
  return Array.from(values.starts, (start, i) => (start < 0 ? undefined : values.bytes.subarray(start, values.ends[i]!)));
}

/** All entries of a store, in iteration order, as latin1 strings. */
async function entries(store: StateStore): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const [k, v] of store.iterator()) out.push([str(k)!, str(v)!]);
  return out;
}

/** Writes `content` (key → value, or null to remove) as the next version of (op, part) from `version`. */
async function commit(
  m: StateStoreManager, op: number, part: number, version: number, content: Record<string, string | null>,
): Promise<number> {
  const s = await m.getStore(op, part, version);
  for (const [k, v] of Object.entries(content)) {
    if (v === null) s.remove(enc(k));
    else s.put(enc(k), enc(v));
  }
  return s.commit();
}

async function expectError(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SluiceError);
  expect((err as SluiceError).code).toBe(code);
  expect((err as SluiceError).message).toMatch(message);
}

describe('StateStore reads and writes', () => {
  it('starts empty at version 0 and commits version 1', async () => {
    const m = await open(await tempDir());
    expect(m.latestVersion(3, 1)).toBe(0);
    const s = await m.getStore(3, 1, 0);
    expect(s.version).toBe(0);
    expect(s.operatorId).toBe(3);
    expect(s.partitionId).toBe(1);
    expect(await s.get(enc('a'))).toBeUndefined();
    expect(await entries(s)).toEqual([]);
    expect(await s.numKeys()).toBe(0);
    s.put(enc('a'), enc('1'));
    s.put(enc('b'), enc('2'));
    expect(await s.commit()).toBe(1);
    expect(m.latestVersion(3, 1)).toBe(1);
    const s1 = await m.getStore(3, 1, 1);
    expect(str(await s1.get(enc('a')))).toBe('1');
    expect(await entries(s1)).toEqual([['a', '1'], ['b', '2']]);
  });

  it('shows its own buffered puts and removes to its reads before commit, and to nobody else', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1', b: '2', c: '3' });
    const s = await m.getStore(0, 0, 1);
    s.put(enc('a'), enc('10'));
    s.remove(enc('b'));
    s.put(enc('d'), enc('4'));
    expect(str(await s.get(enc('a')))).toBe('10');
    expect(await s.get(enc('b'))).toBeUndefined();
    expect((await s.getMany([enc('d'), enc('b'), enc('c'), enc('zz'), enc('a')])).map(str))
      .toEqual(['4', undefined, '3', undefined, '10']);
    expect(await entries(s)).toEqual([['a', '10'], ['c', '3'], ['d', '4']]);
    const other = await m.getStore(0, 0, 1);
    expect(await entries(other)).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
    other.abort();
    expect(await s.commit()).toBe(2);
    const after = await m.getStore(0, 0, 2);
    expect(await entries(after)).toEqual([['a', '10'], ['c', '3'], ['d', '4']]);
  });

  it('keeps the last write to a key within a batch', async () => {
    const m = await open(await tempDir());
    const s = await m.getStore(0, 0, 0);
    s.put(enc('k'), enc('1'));
    s.remove(enc('k'));
    s.put(enc('k'), enc('3'));
    s.put(enc('gone'), enc('x'));
    s.remove(enc('gone'));
    expect([...s.updates()].map(([k, v]) => [str(k), str(v)])).toEqual([['k', '3'], ['gone', undefined]]);
    await s.commit();
    const s1 = await m.getStore(0, 0, 1);
    expect(await entries(s1)).toEqual([['k', '3']]);
    expect(await s1.numKeys()).toBe(1);
  });

  it('iterates in byte order of keys, merging committed state with uncommitted changes', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, {});
    const s = await m.getStore(0, 0, 1);
    for (const k of ['b', 'ab', '\u00ff', 'a', '\u0000', 'a\u0000', '']) s.put(bin(k), bin(`v${k}`));
    await s.commit();
    const s2 = await m.getStore(0, 0, 2);
    expect((await entries(s2)).map(([k]) => k)).toEqual(['', '\u0000', 'a', 'a\u0000', 'ab', 'b', '\u00ff']);
    s2.remove(bin('a'));
    s2.remove(bin(''));
    s2.put(bin('aa'), bin('new'));
    s2.put(bin('b'), bin('changed'));
    s2.put(bin('\u00ff\u00ff'), bin('last'));
    s2.remove(bin('never-there'));
    expect(await entries(s2)).toEqual([
      ['\u0000', 'v\u0000'], ['a\u0000', 'va\u0000'], ['aa', 'new'], ['ab', 'vab'], ['b', 'changed'],
      ['\u00ff', 'v\u00ff'], ['\u00ff\u00ff', 'last'],
    ]);
  });

  it('keeps operators and partitions apart, including neighbouring ids', async () => {
    const m = await open(await tempDir());
    await commit(m, 1, 1, 0, { k: 'op1p1' });
    await commit(m, 1, 2, 0, { k: 'op1p2' });
    await commit(m, 2, 1, 0, { k: 'op2p1' });
    await commit(m, 0xffffffff, 0xffffffff, 0, { k: 'max' });
    expect(await entries(await m.getStore(1, 1, 1))).toEqual([['k', 'op1p1']]);
    expect(await entries(await m.getStore(1, 2, 1))).toEqual([['k', 'op1p2']]);
    expect(await entries(await m.getStore(2, 1, 1))).toEqual([['k', 'op2p1']]);
    expect(await entries(await m.getStore(0xffffffff, 0xffffffff, 1))).toEqual([['k', 'max']]);
    expect(await entries(await m.getStore(1, 0, 0))).toEqual([]);
  });

  it('stores binary keys and values byte-exactly', async () => {
    const m = await open(await tempDir());
    const key = Uint8Array.from([0, 255, 1, 128, 0]);
    const value = new Uint8Array(3000).map((_, i) => (i * 37) & 255);
    const s = await m.getStore(0, 0, 0);
    // A view into a larger buffer: only its own bytes may be stored.
    const framed = new Uint8Array(10);
    framed.set(key, 2);
    s.put(framed.subarray(2, 7), value);
    await s.commit();
    const s1 = await m.getStore(0, 0, 1);
    expect(Array.from((await s1.get(key))!)).toEqual(Array.from(value));
    const [[k]] = await (async () => { const r: [Uint8Array, Uint8Array][] = []; for await (const e of s1.iterator()) r.push(e); return r; })();
    expect(Array.from(k!)).toEqual(Array.from(key));
  });

  it('reports this batch’s updates and metrics', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1', b: '2', c: '3' });
    const s = await m.getStore(0, 0, 1);
    await s.getMany([enc('a'), enc('b'), enc('x')]);
    s.put(enc('a'), enc('11'));
    s.remove(enc('b'));
    s.put(enc('x'), enc('new'));
    s.remove(enc('y'));
    expect(new Map([...s.updates()].map(([k, v]) => [str(k), str(v)])))
      .toEqual(new Map([['a', '11'], ['b', undefined], ['x', 'new'], ['y', undefined]]));
    // 'y' was never read, so before the commit it is not known whether its removal removes anything.
    expect(s.metrics()).toMatchObject({ numKeys: 3, numUpdated: 2, numRemoved: 2 });
    expect(await s.numKeys()).toBe(3);
    expect(s.metrics()).toMatchObject({ numKeys: 3, numUpdated: 2, numRemoved: 1 });
    expect(s.metrics().memoryUsedBytes).toBeGreaterThan(0);
    await s.commit();
    expect(s.metrics()).toMatchObject({ numKeys: 3, numUpdated: 2, numRemoved: 1 });
    expect(await s.numKeys()).toBe(3);
  });

  it('counts keys exactly even when nothing was read first (no cache)', async () => {
    const m = await open(await tempDir(), { cacheBytes: 0 });
    await commit(m, 0, 0, 0, { a: '1', b: '2', c: '3' });
    const s = await m.getStore(0, 0, 1);
    s.put(enc('a'), enc('x'));
    s.put(enc('d'), enc('x'));
    s.remove(enc('b'));
    s.remove(enc('e'));
    expect(await s.numKeys()).toBe(3);
    await s.commit();
    expect(s.metrics()).toMatchObject({ numKeys: 3, numUpdated: 2, numRemoved: 1 });
    const s2 = await m.getStore(0, 0, 2);
    expect(await s2.numKeys()).toBe(3);
    expect(await entries(s2)).toEqual([['a', 'x'], ['c', '3'], ['d', 'x']]);
  });

  it('refuses use after commit or abort, and abort discards the changes', async () => {
    const m = await open(await tempDir());
    const s = await m.getStore(0, 0, 0);
    s.put(enc('a'), enc('1'));
    s.abort();
    expect(() => s.put(enc('b'), enc('2'))).toThrow(/already aborted/);
    await expect(s.get(enc('a'))).rejects.toThrow(/already aborted/);
    await expect(s.commit()).rejects.toThrow(/already aborted/);
    expect(m.latestVersion(0, 0)).toBe(0);
    const s2 = await m.getStore(0, 0, 0);
    expect(await s2.get(enc('a'))).toBeUndefined();
    s2.put(enc('b'), enc('2'));
    await s2.commit();
    expect(() => s2.put(enc('c'), enc('3'))).toThrow(/already committed/);
    await expect(s2.commit()).rejects.toThrow(/already committed/);
    s2.abort();
    expect(await entries(await m.getStore(0, 0, 1))).toEqual([['b', '2']]);
  });
});

describe('StateStore packed API', () => {
  it('reads and writes packed keys and values, seen by the per-key API and across versions', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1', b: '2', c: '3' });
    const s = await m.getStore(0, 0, 1);
    const keys = pack(['c', 'x', 'a', '', 'longer key']);
    expect(unpack(await s.getManyPacked(keys)).map(str)).toEqual(['3', undefined, '1', undefined, undefined]);
    s.putManyPacked(keys, pack(['33', 'xx', '', 'empty key', 'L']));
    s.remove(enc('b'));
    expect((await s.getMany(['a', 'b', 'c', 'x', ''].map(enc))).map(str)).toEqual(['', undefined, '33', 'xx', 'empty key']);
    expect(await s.numKeys()).toBe(5);
    expect(s.metrics()).toMatchObject({ numUpdated: 5, numRemoved: 1 });
    expect(await s.commit()).toBe(2);
    expect(await entries(await m.getStore(0, 0, 2))).toEqual(
      [['', 'empty key'], ['a', ''], ['c', '33'], ['longer key', 'L'], ['x', 'xx']]);
    const back = await m.getStore(0, 0, 1);
    expect(unpack(await back.getManyPacked(pack(['a', 'b', 'x', '']))).map(str)).toEqual(['1', '2', undefined, undefined]);
    back.putManyPacked(pack(['b', 'a', 'b']), pack(['first', 'A', 'second']));
    expect(await back.commit()).toBe(2);
    expect(await entries(await m.getStore(0, 0, 2))).toEqual([['a', 'A'], ['b', 'second'], ['c', '3']]);
  });

  it('answers a read with the batch’s own writes made while the read was under way', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1', b: '2' });
    const s = await m.getStore(0, 0, 1);
    const reading = s.getManyPacked(pack(['a', 'b', 'c']));
    s.put(enc('b'), enc('written'));
    expect(unpack(await reading).map(str)).toEqual(['1', 'written', undefined]);
    expect(await s.numKeys()).toBe(2);
  });

  it('answers repeated keys in one packed read and rejects mismatched packed writes', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { k: 'v' });
    const s = await m.getStore(0, 0, 1);
    expect(unpack(await s.getManyPacked(pack(['k', 'q', 'k']))).map(str)).toEqual(['v', undefined, 'v']);
    expect(() => s.putManyPacked(pack(['a', 'b']), pack(['1']))).toThrow(/2 keys but 1 values/);
    s.putManyPacked(pack(['q']), pack(['new']));
    expect(unpack(await s.getManyPacked(pack(['q', 'k']))).map(str)).toEqual(['new', 'v']);
    await s.commit();
    expect(await entries(await m.getStore(0, 0, 2))).toEqual([['k', 'v'], ['q', 'new']]);
  });
});

describe('StateStore packed batches (read, then write the same packed keys)', () => {
  /** Sorted [key, value] pairs of a model. */
  const sortedModel = (model: Map<string, string>): [string, string][] =>
    [...model.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')));

  it.each([{ cacheBytes: 2048 }, {}])('commits packed batches across versions with removals, rolls back and '
    + 're-runs after them, and reopens (options %o)', async (options) => {
    const dir = await tempDir();
    let m = await open(dir, { ...options, retainedVersions: 10 });
    const models: Map<string, string>[] = [new Map()];
    let v = 0;
    // Version v touches keys k(v*40) .. k(v*40 + 199): some new, most of them existing; from version 2 on it also
    // removes three keys with single-key calls after the packed write, one of them absent.
    for (let batch = 0; batch < 6; batch++) {
      const model = new Map(models[v]);
      const s = await m.getStore(0, 0, v);
      const names = Array.from({ length: 200 }, (_, i) => `k${String(batch * 40 + i).padStart(4, '0')}`);
      const keys = pack(names);
      expect(unpack(await s.getManyPacked(keys)).map(str)).toEqual(names.map((k) => model.get(k)));
      const values = names.map((k) => `${model.get(k) ?? ''}|${batch}`);
      s.putManyPacked(keys, pack(values));
      names.forEach((k, i) => model.set(k, values[i]!));
      expect(await s.numKeys()).toBe(model.size);
      expect(s.metrics()).toMatchObject({ numKeys: model.size, numUpdated: 200, numRemoved: 0 });
      if (batch >= 2) {
        for (const k of [names[0]!, names[199]!, 'absent']) {
          s.remove(enc(k));
          model.delete(k);
        }
        expect(await s.numKeys()).toBe(model.size);
      }
      v = await s.commit();
      expect(v).toBe(batch + 1);
      expect(s.metrics().numKeys).toBe(model.size);
      models[v] = model;
      expect(await entries(await m.getStore(0, 0, v))).toEqual(sortedModel(model));
    }
    expect(models[6]!.size).toBe(395);
    expect(models[6]!.get('k0100')).toBe('|0|1|2');
    expect(models[6]!.get('k0279')).toBe('|3|4|5');
    // Every version is loadable with its exact content.
    for (let old = 0; old <= 6; old++) expect(await entries(await m.getStore(0, 0, old))).toEqual(sortedModel(models[old]!));
    // A re-run of batch 3 from version 3, packed (the store has a rollback overlay), replaces versions 4..6; a
    // packed batch on top of it then sees the re-run's values.
    const rerun = await m.getStore(0, 0, 3);
    const rerunKeys = pack(['k0100', 'k0279', 'k0080', 'new', 'k0000']);
    expect(unpack(await rerun.getManyPacked(rerunKeys)).map(str)).toEqual(['|0|1|2', undefined, undefined, undefined, '|0']);
    rerun.putManyPacked(rerunKeys, pack(['R', 'R', 'R', 'R', 'R']));
    expect(await rerun.commit()).toBe(4);
    const four = new Map(models[3]);
    for (const k of ['k0100', 'k0279', 'k0080', 'new', 'k0000']) four.set(k, 'R');
    expect(await entries(await m.getStore(0, 0, 4))).toEqual(sortedModel(four));
    expect(m.latestVersion(0, 0)).toBe(4);
    const top = await m.getStore(0, 0, 4);
    const topKeys = pack(['k0100', 'k0160', 'k0239', 'k0280', 'k0000']);
    expect(unpack(await top.getManyPacked(topKeys)).map(str)).toEqual(['R', '|0|1|2', '|1|2', undefined, 'R']);
    top.putManyPacked(topKeys, pack(['a', 'b', 'c', 'd', 'e']));
    expect(await top.commit()).toBe(5);
    const five = new Map(four);
    [['k0100', 'a'], ['k0160', 'b'], ['k0239', 'c'], ['k0280', 'd'], ['k0000', 'e']].forEach(([k, x]) => five.set(k!, x!));
    await m.close();
    m = await open(dir, options);
    expect(await entries(await m.getStore(0, 0, 5))).toEqual(sortedModel(five));
    expect(await entries(await m.getStore(0, 0, 4))).toEqual(sortedModel(four));
    expect(await entries(await m.getStore(0, 0, 3))).toEqual(sortedModel(models[3]!));
  });

  it('mixes a packed read and write with single-key calls in one batch', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1', b: '2', c: '3', d: '4' });
    // Read packed, read one key singly, write packed, write and remove singly.
    const s = await m.getStore(0, 0, 1);
    const keys = pack(['d', 'a', 'x']);
    expect(unpack(await s.getManyPacked(keys)).map(str)).toEqual(['4', '1', undefined]);
    expect(str(await s.get(enc('b')))).toBe('2');
    s.putManyPacked(keys, pack(['D', 'A', 'X']));
    s.put(enc('e'), enc('E'));
    s.remove(enc('c'));
    expect(await s.numKeys()).toBe(5);
    expect(await s.commit()).toBe(2);
    expect(await entries(await m.getStore(0, 0, 2))).toEqual(
      [['a', 'A'], ['b', '2'], ['d', 'D'], ['e', 'E'], ['x', 'X']]);
    // Read and write packed, then read singly and packed again, list the updates, and commit.
    const t = await m.getStore(0, 0, 2);
    const tKeys = pack(['x', 'b', 'y']);
    expect(unpack(await t.getManyPacked(tKeys)).map(str)).toEqual(['X', '2', undefined]);
    t.putManyPacked(tKeys, pack(['X2', 'B2', 'Y2']));
    expect(await t.numKeys()).toBe(6);
    expect(str(await t.get(enc('y')))).toBe('Y2');
    expect(unpack(await t.getManyPacked(pack(['b', 'a']))).map(str)).toEqual(['B2', 'A']);
    t.remove(enc('x'));
    expect([...t.updates()].map(([k, x]) => [str(k), str(x)])).toEqual([['x', undefined], ['b', 'B2'], ['y', 'Y2']]);
    expect(t.metrics()).toMatchObject({ numKeys: 5, numUpdated: 2, numRemoved: 1 });
    expect(await t.commit()).toBe(3);
    expect(await entries(await m.getStore(0, 0, 3))).toEqual([['a', 'A'], ['b', 'B2'], ['d', 'D'], ['e', 'E'], ['y', 'Y2']]);
    // A packed read and write committed as is still lists its updates afterwards.
    const u = await m.getStore(0, 0, 3);
    const uKeys = pack(['e', 'z']);
    await u.getManyPacked(uKeys);
    u.putManyPacked(uKeys, pack(['E3', 'Z3']));
    expect(await u.commit()).toBe(4);
    expect(u.metrics()).toMatchObject({ numKeys: 6, numUpdated: 2, numRemoved: 0 });
    expect([...u.updates()].map(([k, x]) => [str(k), str(x)])).toEqual([['e', 'E3'], ['z', 'Z3']]);
    // A packed read without a write commits the same content; one that is aborted leaves nothing.
    const r = await m.getStore(0, 0, 4);
    expect(unpack(await r.getManyPacked(pack(['z', 'q']))).map(str)).toEqual(['Z3', undefined]);
    expect(await r.numKeys()).toBe(6);
    expect(await r.commit()).toBe(5);
    const aborted = await m.getStore(0, 0, 5);
    const abortedKeys = pack(['a', 'b']);
    await aborted.getManyPacked(abortedKeys);
    aborted.putManyPacked(abortedKeys, pack(['lost', 'lost']));
    aborted.abort();
    expect(await entries(await m.getStore(0, 0, 5))).toEqual(
      [['a', 'A'], ['b', 'B2'], ['d', 'D'], ['e', 'E3'], ['y', 'Y2'], ['z', 'Z3']]);
  });

  it('commits packed batches of several partitions together, each touching every key of its pages', async () => {
    const m = await open(await tempDir(), { cacheBytes: 64 * 1024 });
    const n = 20_000;
    const parts = [0, 1].map((p) => {
      const bytes = new Uint8Array(n * 9);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < n; i++) {
        bytes[i * 9] = 1;
        view.setFloat64(i * 9 + 1, 2 * i + p, true);
      }
      return { bytes, offsets: Int32Array.from({ length: n + 1 }, (_, i) => i * 9) };
    });
    for (let v = 0; v < 3; v++) {
      const stores = await Promise.all(parts.map((_, p) => m.getStore(0, p, v)));
      const olds = await Promise.all(parts.map((keys, p) => stores[p]!.getManyPacked(keys)));
      parts.forEach((keys, p) => {
        const old = olds[p]!;
        const values = new Uint8Array(n * 8);
        const view = new DataView(values.buffer);
        for (let i = 0; i < n; i++) {
          const before = old.starts[i]! < 0 ? 0 : new DataView(old.bytes.buffer, old.bytes.byteOffset).getFloat64(old.starts[i]!, true);
          view.setFloat64(i * 8, before + 2 * i + p, true);
        }
        stores[p]!.putManyPacked(keys, { bytes: values, offsets: Int32Array.from({ length: n + 1 }, (_, i) => i * 8) });
      });
      expect(await m.commitAll(stores)).toBe(v + 1);
    }
    for (const p of [0, 1]) {
      const s = await m.getStore(0, p, 3);
      expect(await s.numKeys()).toBe(n);
      const got = unpack(await s.getManyPacked(parts[p]!));
      for (const i of [0, 1, 777, n - 1]) expect(new DataView(got[i]!.buffer, got[i]!.byteOffset).getFloat64(0, true)).toBe(3 * (2 * i + p));
      const two = await m.getStore(0, p, 2);
      const got2 = await two.get(parts[p]!.bytes.subarray(9 * 777, 9 * 778));
      expect(new DataView(got2!.buffer, got2!.byteOffset).getFloat64(0, true)).toBe(2 * (2 * 777 + p));
    }
  });
});

describe('StateStore versions', () => {
  it('loads every retained version with its exact content', async () => {
    const m = await open(await tempDir());
    const history: Record<string, string | null>[] = [
      { a: '1', b: '1' },
      { b: '2', c: '2' },
      { a: null, d: '3' },
      { b: null, c: null, d: null },
      { a: '5', e: '5' },
    ];
    const expected: [string, string][][] = [[]];
    const model = new Map<string, string>();
    let v = 0;
    for (const batch of history) {
      v = await commit(m, 0, 0, v, batch);
      for (const [k, val] of Object.entries(batch)) {
        if (val === null) model.delete(k);
        else model.set(k, val);
      }
      expected.push([...model.entries()].sort());
    }
    expect(v).toBe(5);
    for (let version = 0; version <= 5; version++) {
      const s = await m.getStore(0, 0, version);
      expect(await entries(s)).toEqual(expected[version]);
      expect(await s.numKeys()).toBe(expected[version]!.length);
      expect((await s.getMany(['a', 'b', 'c', 'd', 'e'].map(enc))).map(str))
        .toEqual(['a', 'b', 'c', 'd', 'e'].map((k) => expected[version]!.find(([key]) => key === k)?.[1]));
      s.abort();
    }
    // Loading old versions changed nothing.
    expect(m.latestVersion(0, 0)).toBe(5);
    expect(await entries(await m.getStore(0, 0, 5))).toEqual(expected[5]);
  });

  it('re-running a batch replaces the versions above the one it starts from', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1', b: '1' });
    await commit(m, 0, 0, 1, { a: '2', c: '2' });
    await commit(m, 0, 0, 2, { b: null, d: '3' });
    expect(m.latestVersion(0, 0)).toBe(3);
    // The engine died after committing version 2 and 3; batch 1 runs again with different results.
    const again = await m.getStore(0, 0, 1);
    expect(await entries(again)).toEqual([['a', '1'], ['b', '1']]);
    again.put(enc('b'), enc('rerun'));
    again.put(enc('e'), enc('rerun'));
    again.remove(enc('a'));
    again.put(enc('a'), enc('1'));
    expect(await entries(again)).toEqual([['a', '1'], ['b', 'rerun'], ['e', 'rerun']]);
    expect(await again.numKeys()).toBe(3);
    expect(await again.commit()).toBe(2);
    expect(m.latestVersion(0, 0)).toBe(2);
    expect(await entries(await m.getStore(0, 0, 2))).toEqual([['a', '1'], ['b', 'rerun'], ['e', 'rerun']]);
    expect(await entries(await m.getStore(0, 0, 1))).toEqual([['a', '1'], ['b', '1']]);
    expect(await entries(await m.getStore(0, 0, 0))).toEqual([]);
    await expectError(m.getStore(0, 0, 3), 'CHECKPOINT_ERROR', /version 3 .* never committed .* newest committed version is 2/);
    // And the history continues from the new version 2.
    await commit(m, 0, 0, 2, { f: '3' });
    expect(await entries(await m.getStore(0, 0, 3)))
      .toEqual([['a', '1'], ['b', 'rerun'], ['e', 'rerun'], ['f', '3']]);
    expect(await entries(await m.getStore(0, 0, 2))).toEqual([['a', '1'], ['b', 'rerun'], ['e', 'rerun']]);
  });

  it('a re-run that removes a key absent at its start undoes the discarded run’s write of it', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: '1' });
    await commit(m, 0, 0, 1, { b: 'discarded', a: null });
    const again = await m.getStore(0, 0, 1);
    again.remove(enc('b'));
    again.remove(enc('a'));
    again.put(enc('c'), enc('rerun'));
    await again.commit();
    const s = await m.getStore(0, 0, 2);
    expect(await entries(s)).toEqual([['c', 'rerun']]);
    expect(await s.numKeys()).toBe(1);
    expect((await s.getMany([enc('a'), enc('b')])).map(str)).toEqual([undefined, undefined]);
  });

  it('re-runs from several versions back, and the replacement survives a reopen', async () => {
    const dir = await tempDir();
    let m = await open(dir);
    let v = 0;
    for (let i = 0; i < 6; i++) v = await commit(m, 0, 0, v, { [`k${i}`]: `${i}`, k0: `${i}` });
    const s = await m.getStore(0, 0, 2);
    expect(await entries(s)).toEqual([['k0', '1'], ['k1', '1']]);
    expect(await s.numKeys()).toBe(2);
    s.remove(enc('k1'));
    s.put(enc('z'), enc('z'));
    expect(await s.commit()).toBe(3);
    await m.close();
    m = await open(dir);
    expect(m.latestVersion(0, 0)).toBe(3);
    const s3 = await m.getStore(0, 0, 3);
    expect(await entries(s3)).toEqual([['k0', '1'], ['z', 'z']]);
    expect(await s3.numKeys()).toBe(2);
    expect(await entries(await m.getStore(0, 0, 2))).toEqual([['k0', '1'], ['k1', '1']]);
    await expectError(m.getStore(0, 0, 4), 'CHECKPOINT_ERROR', /never committed/);
  });

  it('serves the right values from the cache after a rollback replaced cached keys', async () => {
    const m = await open(await tempDir());
    await commit(m, 0, 0, 0, { a: 'v1', b: 'v1' });
    await commit(m, 0, 0, 1, { a: 'v2', b: null, c: 'v2' });
    // Fill the cache with version 2's values.
    const latest = await m.getStore(0, 0, 2);
    expect((await latest.getMany(['a', 'b', 'c'].map(enc))).map(str)).toEqual(['v2', undefined, 'v2']);
    latest.abort();
    const rerun = await m.getStore(0, 0, 1);
    expect((await rerun.getMany(['a', 'b', 'c'].map(enc))).map(str)).toEqual(['v1', 'v1', undefined]);
    rerun.put(enc('d'), enc('r'));
    await rerun.commit();
    const after = await m.getStore(0, 0, 2);
    expect((await after.getMany(['a', 'b', 'c', 'd'].map(enc))).map(str)).toEqual(['v1', 'v1', undefined, 'r']);
    expect(str(await after.get(enc('c')))).toBeUndefined();
    expect(await after.numKeys()).toBe(3);
  });

  it('leaves the committed values cached when a cold read races the commit', async () => {
    const m = await open(await tempDir());
    const keys = Array.from({ length: 4000 }, (_, i) => enc(`k${i}`));
    let s = await m.getStore(0, 0, 0);
    // (Below SPLIT_READ_KEYS, so the reader's multi-get is one LevelDB request the commit can overtake.)
    for (const k of keys) s.put(k, enc('old'));
    await s.commit();
    await m.close();
    const m2 = await open(m.dir);
    const reader = await m2.getStore(0, 0, 1);
    const writer = await m2.getStore(0, 0, 1);
    const changed = keys[keys.length - 1]!;
    writer.put(changed, enc('new'));
    // The reader's multi-get is in flight while the commit writes and caches the new value; the old value it
    // brings back must not overwrite it in the cache.
    const [read] = await Promise.all([reader.getMany(keys), writer.commit()]);
    expect(['old', 'new']).toContain(str(read[read.length - 1]));
    s = await m2.getStore(0, 0, 2);
    expect(str(await s.get(changed))).toBe('new');
    expect(str((await s.getMany(keys))[keys.length - 1])).toBe('new');
  });

  it('reports unavailable versions with a clear error', async () => {
    const m = await open(await tempDir());
    await expectError(m.getStore(0, 0, 1), 'CHECKPOINT_ERROR',
      /cannot load state version 1 of operator 0, partition 0: it was never committed/);
    await expect(m.getStore(0, 0, -1)).rejects.toThrow(/non-negative integer/);
    await expect(m.getStore(0, 0, 1.5)).rejects.toThrow(/non-negative integer/);
    await expect(m.getStore(-1, 0, 0)).rejects.toThrow(/operatorId must be an integer/);
    await expect(m.getStore(0, 2 ** 32, 0)).rejects.toThrow(/partitionId must be an integer/);
  });
});

describe('StateStore large values and early exits', () => {
  it('rolls back a version whose undo record spans several chunks', async () => {
    const m = await open(await tempDir());
    const big = (tag: string, i: number): Uint8Array => {
      const v = new Uint8Array(100_000);
      v.fill(i);
      v.set(enc(tag), 0);
      return v;
    };
    let s = await m.getStore(0, 0, 0);
    for (let i = 0; i < 40; i++) s.put(enc(`k${i}`), big('one', i));
    await s.commit();
    s = await m.getStore(0, 0, 1);
    for (let i = 0; i < 40; i++) s.put(enc(`k${i}`), big('two', i));
    for (let i = 40; i < 60; i++) s.put(enc(`k${i}`), big('two', i));
    await s.commit();
    const back = await m.getStore(0, 0, 1);
    expect(await back.numKeys()).toBe(40);
    const values = await back.getMany(Array.from({ length: 60 }, (_, i) => enc(`k${i}`)));
    for (let i = 0; i < 60; i++) {
      if (i < 40) expect(Buffer.from(values[i]!).equals(Buffer.from(big('one', i)))).toBe(true);
      else expect(values[i]).toBeUndefined();
    }
    back.put(enc('k0'), enc('small'));
    expect(await back.commit()).toBe(2);
    const after = await m.getStore(0, 0, 2);
    expect(await after.numKeys()).toBe(40);
    expect(str(await after.get(enc('k0')))).toBe('small');
    expect(Buffer.from((await after.get(enc('k39')))!).equals(Buffer.from(big('one', 39)))).toBe(true);
    expect(await after.get(enc('k45'))).toBeUndefined();
  });

  it('lets a caller stop iterating early', async () => {
    const m = await open(await tempDir());
    const s = await m.getStore(0, 0, 0);
    for (let i = 0; i < 10_000; i++) s.put(enc(`k${String(i).padStart(5, '0')}`), enc('v'));
    await s.commit();
    const s1 = await m.getStore(0, 0, 1);
    const seen: string[] = [];
    for await (const [k] of s1.iterator()) {
      seen.push(str(k)!);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['k00000', 'k00001', 'k00002']);
    s1.remove(enc('k00000'));
    expect(await s1.commit()).toBe(2);
    expect(await (await m.getStore(0, 0, 2)).numKeys()).toBe(9_999);
  });
});

describe('StateStoreManager.commitAll', () => {
  it('commits several partitions and operators as one version', async () => {
    const m = await open(await tempDir());
    const stores = [await m.getStore(0, 0, 0), await m.getStore(0, 1, 0), await m.getStore(1, 0, 0)];
    stores.forEach((s, i) => s.put(enc('k'), enc(`s${i}`)));
    expect(await m.commitAll(stores)).toBe(1);
    expect([m.latestVersion(0, 0), m.latestVersion(0, 1), m.latestVersion(1, 0)]).toEqual([1, 1, 1]);
    for (const [i, [op, part]] of [[0, 0], [0, 1], [1, 0]].entries()) {
      expect(await entries(await m.getStore(op!, part!, 1))).toEqual([['k', `s${i}`]]);
    }
  });

  it('refuses mixed versions, two stores of one partition, and foreign stores, committing nothing', async () => {
    const m = await open(await tempDir());
    const other = await open(await tempDir());
    await commit(m, 0, 0, 0, {});
    const a = await m.getStore(0, 0, 1);
    const b = await m.getStore(0, 1, 0);
    await expect(m.commitAll([a, b])).rejects.toThrow(/one version/);
    const a2 = await m.getStore(0, 0, 1);
    await expect(m.commitAll([a, a2])).rejects.toThrow(/two stores of operator 0, partition 0/);
    const foreign = await other.getStore(0, 1, 0);
    await expect(m.commitAll([b, foreign])).rejects.toThrow(/did not open/);
    await expect(m.commitAll([])).rejects.toThrow(/at least one store/);
    expect([m.latestVersion(0, 0), m.latestVersion(0, 1)]).toEqual([1, 0]);
    a.put(enc('still'), enc('usable'));
    expect(await a.commit()).toBe(2);
  });

  it('refuses a second writer of a partition that moved on', async () => {
    const m = await open(await tempDir());
    const first = await m.getStore(0, 0, 0);
    const second = await m.getStore(0, 0, 0);
    const bystander = await m.getStore(0, 1, 0);
    first.put(enc('a'), enc('first'));
    second.put(enc('a'), enc('second'));
    bystander.put(enc('b'), enc('bystander'));
    await first.commit();
    await expect(m.commitAll([bystander, second])).rejects.toThrow(/only one writer per partition/);
    expect(m.latestVersion(0, 1)).toBe(0);
    second.abort();
    expect(await bystander.commit()).toBe(1);
    expect(await entries(await m.getStore(0, 0, 1))).toEqual([['a', 'first']]);
  });
});

describe('StateStoreManager retention and maintenance', () => {
  it('deletes versions older than the retention and keeps the newest ones loadable', async () => {
    const dir = await tempDir();
    let m = await open(dir, { retainedVersions: 3 });
    let v = 0;
    for (let i = 1; i <= 6; i++) v = await commit(m, 0, 0, v, { [`k${i}`]: `${i}`, count: `${i}` });
    await commit(m, 0, 1, 0, { only: '1' });
    // Before maintenance every version is still there.
    expect(await entries(await m.getStore(0, 0, 1))).toEqual([['count', '1'], ['k1', '1']]);
    await m.maintenance();
    expect(m.oldestVersion(0, 0)).toBe(4);
    expect(m.oldestVersion(0, 1)).toBe(0);
    await expectError(m.getStore(0, 0, 3), 'CHECKPOINT_ERROR',
      /version 3 of operator 0, partition 0: versions older than 4 were removed \(the store keeps the newest 3 versions\)/);
    for (let version = 4; version <= 6; version++) {
      const want: [string, string][] = [['count', `${version}`]];
      for (let i = 1; i <= version; i++) want.push([`k${i}`, `${i}`]);
      expect(await entries(await m.getStore(0, 0, version))).toEqual(want);
    }
    expect(await entries(await m.getStore(0, 1, 0))).toEqual([]);
    await m.close();
    m = await open(dir, { retainedVersions: 3 });
    expect(m.oldestVersion(0, 0)).toBe(4);
    await expectError(m.getStore(0, 0, 2), 'CHECKPOINT_ERROR', /were removed/);
    expect(await entries(await m.getStore(0, 0, 4))).toHaveLength(5);
    // A re-run from the oldest retained version is still possible.
    const rerun = await m.getStore(0, 0, 4);
    rerun.put(enc('count'), enc('rerun'));
    expect(await rerun.commit()).toBe(5);
    expect((await entries(await m.getStore(0, 0, 5)))[0]).toEqual(['count', 'rerun']);
  });

  it('runs maintenance alongside commits without losing or mixing versions', async () => {
    const m = await open(await tempDir(), { retainedVersions: 2 });
    let v = 0;
    const runs: Promise<void>[] = [];
    for (let i = 1; i <= 30; i++) {
      v = await commit(m, 0, i % 3, i <= 3 ? 0 : m.latestVersion(0, i % 3), { [`k${i}`]: `${i}`, last: `${i}` });
      runs.push(m.maintenance());
    }
    await Promise.all(runs);
    await m.maintenance();
    for (let p = 0; p < 3; p++) {
      const latest = m.latestVersion(0, p);
      expect(latest).toBe(10);
      expect(m.oldestVersion(0, p)).toBe(9);
      const s = await m.getStore(0, p, latest);
      const want = Array.from({ length: 10 }, (_, j) => 3 * j + (p === 0 ? 3 : p)).map((i) => [`k${i}`, `${i}`]);
      const got = await entries(s);
      expect(got.filter(([k]) => k !== 'last')).toEqual(want.sort(([a], [b]) => (a! < b! ? -1 : 1)));
      expect(got.find(([k]) => k === 'last')).toEqual(['last', `${p === 0 ? 30 : 27 + p}`]);
      const prev = await m.getStore(0, p, latest - 1);
      expect(await prev.numKeys()).toBe(10);
    }
    expect(v).toBe(10);
  });

  it('physically removes old undo records', async () => {
    const dir = await tempDir();
    const m = await open(dir, { retainedVersions: 2 });
    let v = 0;
    for (let i = 0; i < 10; i++) {
      const s = await m.getStore(0, 0, v);
      for (let k = 0; k < 50; k++) s.put(enc(`k${k}`), enc(`${i}`));
      v = await s.commit();
    }
    await m.maintenance();
    await m.close();
    const db = new Level<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    try {
      const undo = await db.keys({ gte: Buffer.from([3]), lt: Buffer.from([4]) }).all();
      // Versions 9 and 10 stay loadable: version 9 needs the undo record of 10 (header + one chunk).
      expect(undo.map((k) => k.readUInt32BE(13))).toEqual([10, 10]);
    } finally {
      await db.close();
    }
  });
});

describe('StateStore pages', () => {
  const key = (i: number): string => `k${String(i).padStart(6, '0')}`;

  it('keeps a large state in many pages across reopen, and shrinks them when most keys go', async () => {
    const dir = await tempDir();
    let m = await open(dir, { cacheBytes: 64 * 1024 });
    let s = await m.getStore(0, 0, 0);
    s.putManyPacked(pack(Array.from({ length: 50_000 }, (_, i) => key(i))),
      pack(Array.from({ length: 50_000 }, (_, i) => `v${i}`)));
    await s.commit();
    await m.close();
    m = await open(dir, { cacheBytes: 64 * 1024 });
    s = await m.getStore(0, 0, 1);
    expect(await s.numKeys()).toBe(50_000);
    const probe = [0, 1, 4_999, 25_000, 49_999].map(key);
    expect((await s.getMany(probe.map(enc))).map(str)).toEqual(['v0', 'v1', 'v4999', 'v25000', 'v49999']);
    // Remove all but every hundredth key, then read everything back in order.
    for (let i = 0; i < 50_000; i++) if (i % 100 !== 0) s.remove(enc(key(i)));
    await s.commit();
    const left = await entries(await m.getStore(0, 0, 2));
    expect(left).toEqual(Array.from({ length: 500 }, (_, j) => [key(j * 100), `v${j * 100}`]));
    await m.close();
    const db = new Level<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    const pages = await db.keys({ gte: Buffer.from([2]), lt: Buffer.from([3]) }).all();
    await db.close();
    // 500 entries of ~16 bytes fit a few pages; the 1000-odd pages of 50,000 keys were joined or dropped.
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeLessThan(10);
  });

  it('refuses a damaged page with a clear error', async () => {
    const dir = await tempDir();
    const m = await open(dir);
    await commit(m, 3, 1, 0, { a: '1', b: '2' });
    await m.close();
    const db = new Level<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    const [page] = await db.keys({ gte: Buffer.from([2]), lt: Buffer.from([3]) }).all();
    await db.put(page!, Buffer.from([5, 0x61]));
    await db.close();
    const again = await open(dir);
    const s = await again.getStore(3, 1, 1);
    await expectError(s.getMany([enc('a'), enc('b')]), 'CHECKPOINT_ERROR',
      /state store is damaged: operator 3, partition 1: a page is unreadable/);
  });
});

describe('StateStoreManager open', () => {
  it('persists versions and contents across reopen', async () => {
    const dir = await tempDir();
    let m = await open(dir);
    await commit(m, 7, 3, 0, { a: '1' });
    await commit(m, 7, 3, 1, { b: '2' });
    await m.close();
    m = await open(dir);
    expect(m.latestVersion(7, 3)).toBe(2);
    const s = await m.getStore(7, 3, 2);
    expect(await entries(s)).toEqual([['a', '1'], ['b', '2']]);
    expect(s.metrics().numKeys).toBe(2);
    expect(await entries(await m.getStore(7, 3, 1))).toEqual([['a', '1']]);
  });

  it('refuses a LevelDB database it did not write', async () => {
    const dir = await tempDir();
    const db = new Level<string, string>(dir);
    await db.open();
    await db.put('someone', 'else');
    await db.close();
    await expectError(StateStoreManager.open(dir), 'CHECKPOINT_ERROR', /did not write; refusing to use it/);
  });

  it('refuses a directory another manager has open', async () => {
    const dir = await tempDir();
    await open(dir);
    await expectError(StateStoreManager.open(dir), 'IO_ERROR', /is in use: another process or another open manager holds its lock/);
  });

  it('rejects bad options', async () => {
    const dir = await tempDir();
    await expect(StateStoreManager.open(dir, { retainedVersions: 0 })).rejects.toThrow(/retainedVersions/);
    await expect(StateStoreManager.open(dir, { cacheBytes: -1 })).rejects.toThrow(/cacheBytes/);
  });

  it('refuses work after close', async () => {
    const m = await open(await tempDir());
    const s = await m.getStore(0, 0, 0);
    await m.close();
    await expect(m.getStore(0, 0, 0)).rejects.toThrow(/is closed/);
    s.put(enc('a'), enc('1'));
    await expect(s.commit()).rejects.toThrow(/is closed/);
  });
});

describe('state larger than the cache', () => {
  /** A deterministic pseudo-random sequence (xorshift32). */
  function rng(seed: number): () => number {
    let x = seed;
    return () => {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      return (x >>> 0) / 0x1_0000_0000;
    };
  }

  it.each(['per-key', 'packed'] as const)('matches an in-memory model through updates, removals and re-runs '
    + 'with a tiny cache (%s API)', async (api) => {
    const m = await open(await tempDir(), { cacheBytes: 32 * 1024, retainedVersions: 5 });
    const random = rng(12345);
    const keySpace = 20_000;
    const models: Map<string, string>[] = [new Map()];
    let v = 0;
    for (let batch = 0; batch < 12; batch++) {
      // Every fourth batch is a re-run of the previous one from one version back, with different results.
      const from = batch % 4 === 3 ? v - 1 : v;
      const model = new Map(models[from]);
      const s = await m.getStore(0, 0, from);
      // Even batches read distinct keys (the store's fast path), odd ones repeat some.
      const keys = Array.from({ length: 3000 }, () => `key${Math.floor(random() * keySpace)}`);
      const read = batch % 2 === 0 ? [...new Set(keys)] : keys;
      const got = api === 'packed' ? unpack(await s.getManyPacked(pack(read))) : await s.getMany(read.map(enc));
      read.forEach((k, i) => expect(str(got[i])).toBe(model.get(k)));
      // Writes in order; with the packed API, runs of puts go in one putManyPacked.
      let puts: [string, string][] = [];
      const flush = (): void => {
        if (puts.length > 0) s.putManyPacked(pack(puts.map(([k]) => k)), pack(puts.map(([, x]) => x)));
        puts = [];
      };
      for (const k of keys) {
        if (random() < 0.2) {
          flush();
          s.remove(enc(k));
          model.delete(k);
        } else {
          const val = `${k}@${batch}`;
          if (api === 'packed') puts.push([k, val]);
          else s.put(enc(k), enc(val));
          model.set(k, val);
        }
      }
      flush();
      v = await s.commit();
      expect(v).toBe(from + 1);
      models[v] = model;
      models.length = v + 1;
      const check = await m.getStore(0, 0, v);
      expect(await check.numKeys()).toBe(model.size);
      expect(await entries(check)).toEqual([...model.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const probe = Array.from({ length: 2000 }, () => `key${Math.floor(random() * keySpace)}`);
      expect((await check.getMany(probe.map(enc))).map(str)).toEqual(probe.map((k) => model.get(k)));
      check.abort();
      expect(check.metrics().memoryUsedBytes).toBeLessThanOrEqual(32 * 1024);
    }
    // Older retained versions still hold their exact content.
    for (let old = Math.max(0, v - 4); old < v; old++) {
      const s = await m.getStore(0, 0, old);
      expect(new Map(await entries(s))).toEqual(models[old]);
    }
  });
});

describe('performance', () => {
  it('reads 100k keys with one getMany well under 200 ms once they are cached', async () => {
    const m = await open(await tempDir());
    const n = 100_000;
    const keys = Array.from({ length: n }, (_, i) => {
      const k = new Uint8Array(12);
      new DataView(k.buffer).setFloat64(4, i * 7919);
      return k;
    });
    const s = await m.getStore(0, 0, 0);
    for (let i = 0; i < n; i++) s.put(keys[i]!, keys[(i + 1) % n]!);
    await s.commit();
    const s1 = await m.getStore(0, 0, 1);
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      const values = await s1.getMany(keys);
      best = Math.min(best, performance.now() - start);
      expect(values[17]).toEqual(keys[18]);
    }
    expect(best).toBeLessThan(200);
  });
});
