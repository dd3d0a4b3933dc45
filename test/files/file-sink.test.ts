/**
 * The file sink: SQL and DataFrame surfaces, the manifest (entries, compaction, idempotent re-runs), orphaned files
 * invisible to readers and removed on restart, append-only, and parquet that other engines read with native types.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { rowsOf } from '../../src/api/dataframe.js';
import { batchFromRows } from '../../src/execution/batch.js';
import { createFileSink } from '../../src/sinks/file-sink.js';
import { readSinkManifest } from '../../src/sources/file-sink-manifest.js';
import { IntType, StringType } from '../../src/types/data-type.js';
import { field, schema } from '../../src/types/schema.js';
import { allRows, allSchema, readTable, sortRows, tempDir, writeBatches } from './file-test-helpers.js';

const kv = schema([field('k', StringType), field('v', IntType)]);
const info = { schema: kv, outputMode: 'append' as const, queryId: 'q' };
const session = (): Session => new Session({ out: () => undefined });

function writeJsonFiles(dir: string, files: readonly (readonly Record<string, unknown>[])[]): void {
  files.forEach((rows, i) => writeFileSync(path.join(dir, `in-${i}.json`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
}

/** Part files below `dir` (relative paths), sorted. */
function partFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory() && e.name !== '_sluice_metadata') out.push(...partFiles(dir, p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

describe('file sink through SQL and the DataFrame API', () => {
  it('CREATE SINK … connector = file, partitionBy; CREATE TABLE reads it back', async () => {
    const input = tempDir(), out = tempDir(), ck = tempDir();
    writeJsonFiles(input, [
      [{ dt: '2026-01-01', word: 'a', n: 1 }, { dt: '2026-01-02', word: 'b', n: 2 }],
      [{ dt: '2026-01-01', word: 'c', n: 3 }, { dt: null, word: 'd', n: 4 }],
    ]);
    const s = session();
    await s.execute(`CREATE SOURCE words (dt DATE, word STRING, n INT) WITH (connector = 'file', path = '${input}', format = 'json', maxFilesPerTrigger = 1)`);
    await s.execute(`CREATE SINK out WITH (connector = 'file', path = '${out}', format = 'parquet', partitionBy = 'dt',
      checkpointLocation = '${ck}', trigger = 'available-now') AS SELECT word, n * 10 AS n10, dt FROM words`);
    await s.streams.awaitAll();
    expect(partFiles(out).map((f) => f.replace(/-[0-9a-f-]{36}\./, '-<uuid>.'))).toEqual([
      'dt=2026-01-01/part-00000-<uuid>.snappy.parquet',
      'dt=2026-01-01/part-00001-<uuid>.snappy.parquet',
      'dt=2026-01-02/part-00000-<uuid>.snappy.parquet',
      'dt=__HIVE_DEFAULT_PARTITION__/part-00001-<uuid>.snappy.parquet',
    ]);
    expect(readdirSync(path.join(out, '_sluice_metadata')).sort()).toEqual(['0', '1']);
    await s.execute(`CREATE TABLE written WITH (connector = 'file', path = '${out}', format = 'parquet')`);
    const described = (await s.execute('DESCRIBE written'))[0]!;
    expect(described.kind === 'rows' ? rowsOf(described.batch).map((r) => `${r['col_name']} ${r['data_type']}`) : described)
      .toEqual(['word string', 'n10 int', 'dt date']);
    expect(await s.sql('SELECT word, n10, CAST(dt AS STRING) AS dt FROM written ORDER BY word').collect()).toEqual([
      { word: 'a', n10: 10, dt: '2026-01-01' }, { word: 'b', n10: 20, dt: '2026-01-02' },
      { word: 'c', n10: 30, dt: '2026-01-01' }, { word: 'd', n10: 40, dt: null },
    ]);
  });

  it('writeStream.format(json).partitionBy(…).start(path); session.read loads it', async () => {
    const input = tempDir(), out = tempDir(), ck = tempDir();
    writeJsonFiles(input, [[{ k: 'x', v: 1 }, { k: 'y', v: 2 }, { k: 'x', v: 3 }]]);
    const s = session();
    const q = s.readStream.format('json').schema('k STRING, v INT').load(input)
      .writeStream.format('json').partitionBy('k').option('checkpointLocation', ck).trigger({ availableNow: true }).start(out);
    await q.awaitTermination();
    expect(partFiles(out).map((f) => f.split('/')[0])).toEqual(['k=x', 'k=y']);
    expect(readFileSync(path.join(out, partFiles(out)[0]!), 'utf8')).toBe('{"v":1}\n{"v":3}\n');
    expect(sortRows(await s.read.format('json').load(out).collect())).toEqual([{ k: 'x', v: 1 }, { k: 'x', v: 3 }, { k: 'y', v: 2 }]);
  });

  it('a windowed aggregation with a watermark writes each window once, when it is final (append)', async () => {
    const input = tempDir(), out = tempDir(), ck = tempDir();
    const s = session();
    await s.execute(`CREATE SOURCE ev (ts TIMESTAMP, k STRING, WATERMARK FOR ts AS ts - INTERVAL '5' MINUTES)
      WITH (connector = 'file', path = '${input}', format = 'json', maxFilesPerTrigger = 1)`);
    writeJsonFiles(input, [
      [{ ts: '2026-01-01T10:01:00Z', k: 'a' }, { ts: '2026-01-01T10:02:00Z', k: 'a' }],
      [{ ts: '2026-01-01T10:12:00Z', k: 'b' }],
      [{ ts: '2026-01-01T10:31:00Z', k: 'a' }],
    ]);
    const run = async (): Promise<void> => {
      await s.execute(`CREATE SINK IF NOT EXISTS agg WITH (connector = 'file', path = '${out}', format = 'parquet', checkpointLocation = '${ck}',
        trigger = 'available-now', outputMode = 'append') AS
        SELECT window(ts, '10 minutes').start AS w, k, count(*) AS n FROM ev GROUP BY window(ts, '10 minutes'), k`);
      await s.streams.awaitAll();
    };
    await run();
    const got = await readTable(out, 'parquet');
    expect(sortRows(got.rows).map((r) => ({ ...r, w: new Date((r['w'] as number) / 1000).toISOString() }))).toEqual([
      { w: '2026-01-01T10:00:00.000Z', k: 'a', n: 2 },
      { w: '2026-01-01T10:10:00.000Z', k: 'b', n: 1 },
    ]);
  });

  it('refuses output modes other than append, and unknown partition columns', async () => {
    const sink = createFileSink({ path: tempDir(), format: 'parquet' });
    await expect(sink.addBatch(0, [], { ...info, outputMode: 'complete' })).rejects.toThrow(
      'the file sink writes in append output mode only, not complete: files are never rewritten. Use outputMode append (for an aggregation, with a watermark on its event time)');
    const bad = createFileSink({ path: tempDir(), format: 'parquet', partitionBy: 'nope' });
    await expect(bad.addBatch(0, [], info)).rejects.toThrow("partitionBy column 'nope' is not in the query's output (k, v)");
    expect(() => createFileSink({ path: tempDir(), format: 'orc' })).toThrow('file sink: unknown format "orc"');
    await expect(createFileSink({ path: tempDir(), format: 'csv' }).addBatch(0, [], { ...info, schema: allSchema }))
      .rejects.toThrow('the csv format cannot hold column bytes of type BINARY');
  });
});

describe('the manifest', () => {
  it('records each batch once: a re-run batch id writes nothing and duplicates nothing', async () => {
    const dir = tempDir();
    const sink = createFileSink({ path: dir, format: 'json' });
    const batch = batchFromRows(kv, [{ k: 'a', v: 1 }]);
    await sink.addBatch(0, [batch], info);
    const entry = readFileSync(path.join(dir, '_sluice_metadata', '0'), 'utf8');
    await sink.addBatch(0, [batch], info);
    // A new process (new sink object) re-running batch 0 after a crash that followed the manifest write.
    await createFileSink({ path: dir, format: 'json' }).addBatch(0, [batch], info);
    expect(partFiles(dir)).toHaveLength(1);
    expect(readFileSync(path.join(dir, '_sluice_metadata', '0'), 'utf8')).toBe(entry);
    expect(entry.split('\n')[2]).toMatch(/^\{"path":"part-00000-[0-9a-f-]{36}\.json","size":16,"modificationTime":\d+,"numRows":1\}$/);
    expect((await readTable(dir, 'json')).rows).toEqual([{ k: 'a', v: 1 }]);
  });

  it('part files of a batch that never committed are invisible to readers and removed by the next run', async () => {
    const dir = tempDir();
    await writeBatches(dir, 'parquet', kv, [[{ k: 'a', v: 1 }]]);
    // What a crash in batch 1 leaves: a renamed part file without a manifest entry, and a half-written temp file.
    const committed = partFiles(dir)[0]!;
    writeFileSync(path.join(dir, 'part-00001-11111111-1111-1111-1111-111111111111.snappy.parquet'), readFileSync(path.join(dir, committed)));
    mkdirSync(path.join(dir, 'k=z'));
    writeFileSync(path.join(dir, 'k=z', '.part-00001-22222222-2222-2222-2222-222222222222.snappy.parquet.tmp'), 'PAR1 half');
    expect((await readTable(dir, 'parquet')).rows).toEqual([{ k: 'a', v: 1 }]);
    const stream = await (await import('./file-test-helpers.js')).readStream(dir, tempDir(), 'parquet');
    expect(stream.rows).toEqual([{ k: 'a', v: 1 }]);
    await createFileSink({ path: dir, format: 'parquet' }).addBatch(1, [batchFromRows(kv, [{ k: 'b', v: 2 }])], info);
    expect(partFiles(dir).filter((f) => f.includes('1111') || f.includes('2222'))).toEqual([]);
    expect(sortRows((await readTable(dir, 'parquet')).rows)).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 2 }]);
  });

  it('compacts every 10 batches; readers see every batch', async () => {
    const dir = tempDir();
    const batches = Array.from({ length: 25 }, (_, b) => [{ k: `k${b}`, v: b }]);
    await writeBatches(dir, 'csv', kv, batches);
    expect(readdirSync(path.join(dir, '_sluice_metadata')).sort()).toEqual(['19.compact', '20', '21', '22', '23', '24']);
    const m = await readSinkManifest(dir);
    expect(m.latestBatchId).toBe(24);
    expect(m.files.map((f) => f.batchId)).toEqual(Array.from({ length: 25 }, (_, b) => b));
    expect((await readTable(dir, 'csv')).rows).toHaveLength(25);
    // A writer restarted after compaction continues after the last batch.
    await writeBatches(dir, 'csv', kv, [...batches, [{ k: 'last', v: 25 }]]);
    expect((await readTable(dir, 'csv')).rows).toHaveLength(26);
  });

  it('refuses to record a batch id again with other files (another writer in the same directory)', async () => {
    const dir = tempDir();
    await writeBatches(dir, 'json', kv, [[{ k: 'a', v: 1 }]]);
    const { FileSinkManifestWriter } = await import('../../src/sources/file-sink-manifest.js');
    const w = new FileSinkManifestWriter(dir);
    await w.load();
    await expect(w.add(0, { format: 'json', partitionBy: [], schema: kv }, [])).rejects.toThrow('already records batch 0 with other files');
  });
});

describe('interoperability', () => {
  it('DuckDB reads the parquet output with native types', async () => {
    const dir = tempDir();
    await writeBatches(dir, 'parquet', allSchema, [allRows]);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const types = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${dir}/*.parquet')`)).getRows().map((r) => `${r[0]} ${r[1]}`);
    expect(types).toEqual([
      'id INTEGER', 'big BIGINT', 'x DOUBLE', 'price DECIMAL(10,2)', 'name VARCHAR', 'ok BOOLEAN', 'd DATE',
      't TIMESTAMP WITH TIME ZONE', 'bytes BLOB', 'tags VARCHAR[]', 'scores MAP(VARCHAR, INTEGER)',
      'pos STRUCT(lat DOUBLE, "at" TIMESTAMP WITH TIME ZONE, ids BIGINT[])',
    ]);
    const rows = (await c.runAndReadAll(`SELECT id, big, CAST(price AS VARCHAR), CAST(t AS VARCHAR) FROM read_parquet('${dir}/*.parquet') ORDER BY id NULLS LAST`)).getRows();
    expect(rows[0]).toEqual([-2, -5n, '-0.50', '1969-12-31 23:59:59.999+00']);
    expect(rows[1]).toEqual([1, 9007199254740991n, '12.34', '2026-01-01 12:00:00.123456+00']);
    expect(existsSync(path.join(dir, '_sluice_metadata', '0'))).toBe(true);
  });
});
