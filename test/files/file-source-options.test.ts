/**
 * File source and static-table options beyond the basics: maxBytesPerTrigger, cleanSource, Hive partition
 * directories, files still being written, multiLine json, csv/json schema inference, a sink's output read through
 * its manifest, and a seen-files log that stays small with thousands of files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Offset } from '../../src/execution/source.js';
import { batchToRows } from '../../src/execution/batch.js';
import { createFileSource } from '../../src/sources/file-source.js';
import { StringType, TimestampType } from '../../src/types/data-type.js';
import { field, schema, schemaToString } from '../../src/types/schema.js';
import { readStream, readTable, sortRows, tempDir, ts, writeBatches } from './file-test-helpers.js';

const T0 = Math.floor(Date.now() / 1000) - 10_000;
const textSchema = schema([field('value', StringType)]);

/** Writes a file with a modification time `at` seconds after T0. */
function put(file: string, content: string, at = 0): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, T0 + at, T0 + at);
}

describe('per-trigger limits and cleanup', () => {
  it('maxBytesPerTrigger takes files up to the byte budget, at least one', async () => {
    const dir = tempDir();
    ['aaaa', 'bbbb', 'cccccccccccc', 'dd'].forEach((c, i) => put(path.join(dir, `f${i}.txt`), `${c}\n`, i));
    const r = await readStream(dir, tempDir(), 'text', undefined, { maxBytesPerTrigger: '10' });
    expect(r.batches).toBe(3);
    expect(r.rows.map((x) => x['value'])).toEqual(['aaaa', 'bbbb', 'cccccccccccc', 'dd']);
  });

  it('cleanSource = archive moves processed files under sourceArchiveDir once their batch is committed', async () => {
    const dir = tempDir(), archive = tempDir(), ck = tempDir();
    put(path.join(dir, 'a.txt'), 'a\n', 0);
    put(path.join(dir, 'b.txt'), 'b\n', 1);
    const src = createFileSource({ path: dir, format: 'text', cleanSource: 'archive', sourceArchiveDir: archive, maxFilesPerTrigger: '1' });
    await src.initialize({ metadataPath: ck });
    const first = await src.latestOffset(null);
    expect(batchToRows((await src.getBatch(null, first!))[0]!)).toEqual([{ value: 'a' }]);
    await src.commit(first!);
    expect(existsSync(path.join(dir, 'a.txt'))).toBe(true);
    // The engine asks for the next offset only after the batch's commit log entry: now a.txt may go.
    const second = await src.latestOffset(first);
    expect(existsSync(path.join(dir, 'a.txt'))).toBe(false);
    expect(readFileSync(path.join(archive, dir, 'a.txt'), 'utf8')).toBe('a\n');
    expect(batchToRows((await src.getBatch(first, second!))[0]!)).toEqual([{ value: 'b' }]);
    expect(() => createFileSource({ path: dir, format: 'text', cleanSource: 'archive', sourceArchiveDir: path.join(dir, 'old') }))
      .toThrow('lies inside the source path');
    expect(() => createFileSource({ path: dir, format: 'text', cleanSource: 'archive' })).toThrow("option 'sourceArchiveDir' is required");
  });

  it('cleanSource = delete deletes processed files; never on a file sink output', async () => {
    const dir = tempDir(), ck = tempDir();
    put(path.join(dir, 'a.txt'), 'a\n');
    const src = createFileSource({ path: dir, format: 'text', cleanSource: 'delete' });
    await src.initialize({ metadataPath: ck });
    const end = await src.latestOffset(null);
    await src.getBatch(null, end!);
    await src.commit(end!);
    await src.latestOffset(end);
    expect(readdirSync(dir)).toEqual([]);
    const out = tempDir();
    await writeBatches(out, 'json', textSchema, [[{ value: 'x' }]]);
    expect(() => createFileSource({ path: out, format: 'json', cleanSource: 'delete' })).toThrow('would take files away from the file sink output');
  });
});

describe('partition directories', () => {
  it('dt=…/country=… become typed columns; declared columns are filled from the path', async () => {
    const dir = tempDir();
    put(path.join(dir, 'dt=2026-01-01', 'country=DE', 'a.json'), '{"n":1}\n', 0);
    put(path.join(dir, 'dt=2026-01-02', 'country=US%2FCA', 'b.json'), '{"n":2}\n', 1);
    put(path.join(dir, 'dt=2026-01-02', 'country=__HIVE_DEFAULT_PARTITION__', 'c.json'), '{"n":3}\n', 2);
    const t = await readTable(dir, 'json');
    expect(schemaToString(t.schema)).toBe('n BIGINT, dt DATE, country STRING');
    const declared = schema([field('dt', StringType), field('n', StringType), field('country', StringType)]);
    const s = await readStream(dir, tempDir(), 'json', declared);
    expect(s.rows).toEqual([
      { dt: '2026-01-01', n: '1', country: 'DE' }, { dt: '2026-01-02', n: '2', country: 'US/CA' }, { dt: '2026-01-02', n: '3', country: null },
    ]);
  });

  it('csv files under partition directories hold only the data columns', async () => {
    const dir = tempDir();
    put(path.join(dir, 'k=7', 'a.csv'), 'x,1\n');
    const declared = schema([field('name', StringType), field('v', StringType), field('k', StringType)]);
    expect((await readStream(dir, tempDir(), 'csv', declared)).rows).toEqual([{ name: 'x', v: '1', k: '7' }]);
  });
});

describe('files being written', () => {
  it('a file modified within fileSettleTime is waited for, and left for later while it keeps growing', async () => {
    const dir = tempDir(), ck = tempDir();
    const file = path.join(dir, 'growing.txt');
    writeFileSync(file, 'partial');
    const src = createFileSource({ path: dir, format: 'text', fileSettleTime: '300ms' });
    await src.initialize({ metadataPath: ck });
    const grow = setInterval(() => writeFileSync(file, readFileSync(file, 'utf8') + 'x'), 50);
    const start = Date.now();
    try {
      expect(await src.latestOffset(null)).toBeNull();
      expect(Date.now() - start).toBeGreaterThanOrEqual(250);
    } finally {
      clearInterval(grow);
    }
    writeFileSync(file, 'done\n');
    expect(await src.latestOffset(null)).toEqual({ logOffset: 0 });
    expect(batchToRows((await src.getBatch(null, { logOffset: 0 }))[0]!)).toEqual([{ value: 'done' }]);
  });
});

describe('formats on read', () => {
  it('multiLine json: a document per file, an object or an array of objects', async () => {
    const dir = tempDir();
    put(path.join(dir, 'a.json'), '{\n  "t": "2026-01-01T00:00:00Z",\n  "s": "one"\n}\n', 0);
    put(path.join(dir, 'b.json'), '[\n {"s": "two"},\n {"s": "three",\n  "t": null}\n]', 1);
    const s = schema([field('t', TimestampType), field('s', StringType)]);
    expect((await readStream(dir, tempDir(), 'json', s, { multiLine: 'true' })).rows).toEqual([
      { t: ts('2026-01-01T00:00:00Z'), s: 'one' }, { t: null, s: 'two' }, { t: null, s: 'three' },
    ]);
    expect(schemaToString((await readTable(dir, 'json', undefined, { multiLine: 'true' })).schema)).toBe('s STRING, t STRING');
  });

  it('csv inferSchema (static reads): header names, narrowest types; without it every column is STRING', async () => {
    const dir = tempDir();
    put(path.join(dir, 'a.csv'), 'id,price,when,day,flag,big,note\n1,1.5,2026-01-01 10:00:00,2026-01-01,true,1,x\n');
    put(path.join(dir, 'b.csv'), 'id,price,when,day,flag,big,note\n2,2,2026-01-02T00:00:00Z,2026-01-02,false,99999999999,\n');
    const inferred = await readTable(dir, 'csv', undefined, { header: 'true', inferSchema: 'true' });
    expect(schemaToString(inferred.schema)).toBe('id INT, price DOUBLE, when TIMESTAMP, day DATE, flag BOOLEAN, big BIGINT, note STRING');
    expect(inferred.rows[1]).toEqual({ id: 2, price: 2, when: ts('2026-01-02T00:00:00Z'), day: 20455, flag: false, big: 99999999999, note: null });
    expect(schemaToString((await readTable(dir, 'csv', undefined, { header: 'true' })).schema))
      .toBe('id STRING, price STRING, when STRING, day STRING, flag STRING, big STRING, note STRING');
    expect(schemaToString((await readTable(dir, 'csv')).schema)).toBe('_c0 STRING, _c1 STRING, _c2 STRING, _c3 STRING, _c4 STRING, _c5 STRING, _c6 STRING');
    expect(() => createFileSource({ path: dir, format: 'csv' })).toThrow('the csv format needs the columns declared');
  });

  it('json schema inference for static reads: union of keys, widened types', async () => {
    const dir = tempDir();
    put(path.join(dir, 'a.json'), '{"b":1,"a":"x","n":{"y":true}}\n{"b":2.5,"c":[1,2]}\nnot json\n');
    expect(schemaToString((await readTable(dir, 'json')).schema)).toBe('a STRING, b DOUBLE, c ARRAY<BIGINT>, n STRUCT<y: BOOLEAN>');
  });
});

describe('reading a file sink output', () => {
  it('a file source over a sink directory picks up each newly committed batch, and only those', async () => {
    const out = tempDir(), ck = tempDir();
    await writeBatches(out, 'parquet', textSchema, [[{ value: 'a' }]]);
    const src = createFileSource({ path: out, format: 'parquet' });
    await src.initialize({ metadataPath: ck });
    const first = await src.latestOffset(null);
    expect(batchToRows((await src.getBatch(null, first!))[0]!)).toEqual([{ value: 'a' }]);
    await writeBatches(out, 'parquet', textSchema, [[{ value: 'a' }], [{ value: 'b' }]]);
    writeFileSync(path.join(out, 'part-00002-33333333-3333-3333-3333-333333333333.snappy.parquet'), 'orphan');
    const second = await src.latestOffset(first);
    expect((await src.getBatch(first, second!)).flatMap(batchToRows)).toEqual([{ value: 'b' }]);
  });
});

describe('thousands of tiny files', () => {
  it('reads 3000 one-line files in batches of 500; the seen-files log stays compacted', async () => {
    const dir = tempDir(), ck = tempDir();
    for (let i = 0; i < 3000; i++) put(path.join(dir, `f${String(i).padStart(4, '0')}.json`), `{"value":"${i}"}\n`, i % 7);
    const r = await readStream(dir, ck, 'json', textSchema, { maxFilesPerTrigger: '500', maxFileAge: '1 second' });
    expect(r.batches).toBe(6);
    expect(sortRows(r.rows)).toEqual(sortRows(Array.from({ length: 3000 }, (_, i) => ({ value: String(i) }))));
    expect(readdirSync(ck).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    const more = tempDir();
    for (let i = 0; i < 20; i++) put(path.join(more, `g${i}.json`), `{"value":"${i}"}\n`, i);
    const ck2 = tempDir();
    const again = await readStream(more, ck2, 'json', textSchema, { maxFilesPerTrigger: '1', maxFileAge: '1 second' });
    expect(again.batches).toBe(20);
    // Compacted at entry 9 and 19; files older than the newest minus maxFileAge were left out of the compact file.
    expect(readdirSync(ck2).sort()).toEqual(['19.compact']);
    expect(readFileSync(path.join(ck2, '19.compact'), 'utf8').trim().split('\n').length).toBeLessThan(5);
    expect(statSync(path.join(ck2, '19.compact')).size).toBeLessThan(500);
  });
});
