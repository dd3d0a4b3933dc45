/**
 * Bad input, each case under each mode: PERMISSIVE (nulls plus _corrupt_record), DROPMALFORMED (dropped and
 * counted), FAILFAST (an error naming the file and line, or the file and what is wrong for binary formats). None
 * may crash the engine: a query that fails stops with its exception and a checkpoint a fixed input continues from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { IntType, StringType } from '../../src/types/data-type.js';
import { SluiceError } from '../../src/types/errors.js';
import { field, schema, type Schema } from '../../src/types/schema.js';
import { readStream, readTable, tempDir, writeBatches } from './file-test-helpers.js';

const withCorrupt = schema([field('k', StringType), field('v', IntType), field('_corrupt_record', StringType)]);
const kv = schema([field('k', StringType), field('v', IntType)]);

type Content = string | Buffer | ((dir: string) => Promise<void>);

interface Case {
  readonly name: string;
  readonly format: string;
  readonly files: Record<string, Content>;
  readonly options?: Record<string, string>;
  readonly permissive: Record<string, unknown>[];
  readonly dropped: { rows: Record<string, unknown>[]; count: number };
  readonly failfast: RegExp;
  readonly schema?: Schema;
}

/** Valid parquet/arrow bytes for rows of `s`, made by the sink. */
async function columnarBytes(format: string, s: Schema, rows: Record<string, unknown>[]): Promise<Buffer> {
  const dir = tempDir();
  await writeBatches(dir, format, s, [rows]);
  const { readdirSync } = await import('node:fs');
  return readFileSync(path.join(dir, readdirSync(dir).find((f) => f.startsWith('part-'))!));
}

const good = { k: 'a', v: 1, _corrupt_record: null };

const cases: Case[] = [
  {
    name: 'truncated json (the writer stopped mid-line)', format: 'json',
    files: { 'a.json': '{"k":"a","v":1}\n{"k":"b","v":' },
    permissive: [good, { k: null, v: null, _corrupt_record: '{"k":"b","v":' }],
    dropped: { rows: [good], count: 1 },
    failfast: /^malformed record in .*a\.json at line 2: not valid JSON/,
  },
  {
    name: 'wrong types in json', format: 'json',
    files: { 'a.json': '{"k":"a","v":1}\n{"k":"b","v":"seven"}\n{"k":3,"v":2.5}\n' },
    permissive: [good, { k: null, v: null, _corrupt_record: '{"k":"b","v":"seven"}' }, { k: null, v: null, _corrupt_record: '{"k":3,"v":2.5}' }],
    dropped: { rows: [good], count: 2 },
    failfast: /^malformed record in .*a\.json at line 2: "seven" cannot be read as INT for column v/,
  },
  {
    name: 'invalid UTF-8 in json', format: 'json',
    files: { 'a.json': Buffer.concat([Buffer.from('{"k":"a","v":1}\n{"k":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","v":2}\n')]) },
    permissive: [good, { k: null, v: null, _corrupt_record: '{"k":"\uFFFD(","v":2}' }],
    dropped: { rows: [good], count: 1 },
    failfast: /^malformed record in .*a\.json at line 2: the line is not valid UTF-8/,
  },
  {
    name: 'broken quoting in csv', format: 'csv',
    files: { 'a.csv': 'a,1\n"b"x,2\n"c,3\n' },
    permissive: [good, { k: null, v: null, _corrupt_record: '"b"x,2' }, { k: null, v: null, _corrupt_record: '"c,3\n' }],
    dropped: { rows: [good], count: 2 },
    failfast: /^malformed record in .*a\.csv at line 2: unexpected character "x" after a closing quote/,
  },
  {
    name: 'wrong types and a truncated last record in csv', format: 'csv',
    files: { 'a.csv': 'a,1\nb,seven\nc' },
    permissive: [good, { k: null, v: null, _corrupt_record: 'b,seven' }, { k: null, v: null, _corrupt_record: 'c' }],
    dropped: { rows: [good], count: 2 },
    failfast: /^malformed record in .*a\.csv at line 2: "seven" cannot be read as INT for column v/,
  },
  {
    name: 'invalid UTF-8 in csv', format: 'csv',
    files: { 'a.csv': Buffer.concat([Buffer.from('a,1\nb'), Buffer.from([0xff]), Buffer.from(',2\n')]) },
    permissive: [good, { k: null, v: null, _corrupt_record: 'b\uFFFD,2' }],
    dropped: { rows: [good], count: 1 },
    failfast: /^malformed record in .*a\.csv at line 2: the record is not valid UTF-8/,
  },
  {
    name: 'invalid UTF-8 in text', format: 'text', schema: schema([field('value', StringType)]),
    files: { 'a.txt': Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xe2, 0x82]), Buffer.from('\n')]) },
    permissive: [{ value: 'ok' }, { value: 'bad \uFFFD' }],
    dropped: { rows: [{ value: 'ok' }], count: 1 },
    failfast: /^malformed record in .*a\.txt at line 2: the line is not valid UTF-8/,
  },
  {
    name: 'a truncated parquet file', format: 'parquet',
    files: { 'a.parquet': async (dir) => { const b = await columnarBytes('parquet', kv, [{ k: 'a', v: 1 }]); writeFileSync(path.join(dir, 'a.parquet'), b.subarray(0, b.length - 9)); } },
    permissive: [{ k: null, v: null, _corrupt_record: 'CORRUPT' }],
    dropped: { rows: [], count: 1 },
    failfast: /^malformed file .*a\.parquet: not a readable parquet file \(.*\)/,
  },
  {
    name: 'a parquet file with another schema', format: 'parquet',
    files: {
      'a.parquet': async (dir) => writeFileSync(path.join(dir, 'a.parquet'), await columnarBytes('parquet', kv, [{ k: 'a', v: 1 }])),
      'b.parquet': async (dir) => writeFileSync(path.join(dir, 'b.parquet'),
        await columnarBytes('parquet', schema([field('k', StringType), field('v', StringType)]), [{ k: 'b', v: 'two' }, { k: 'c', v: 'three' }])),
    },
    permissive: [good, { k: 'b', v: null, _corrupt_record: 'column v is STRING in the file but INT was declared' },
      { k: 'c', v: null, _corrupt_record: 'column v is STRING in the file but INT was declared' }],
    dropped: { rows: [good], count: 2 },
    failfast: /^malformed file .*b\.parquet: column v is STRING in the file but INT was declared/,
  },
  {
    name: 'a truncated Arrow file', format: 'arrow',
    files: { 'a.arrow': async (dir) => { const b = await columnarBytes('arrow', kv, [{ k: 'a', v: 1 }]); writeFileSync(path.join(dir, 'a.arrow'), b.subarray(0, 100)); } },
    permissive: [{ k: null, v: null, _corrupt_record: 'CORRUPT' }],
    dropped: { rows: [], count: 1 },
    failfast: /^malformed file .*a\.arrow: not a readable arrow file/,
  },
  ...['json', 'csv', 'parquet', 'arrow'].map((format): Case => ({
    name: `an empty ${format} file`, format,
    files: { [`empty.${format}`]: '', [`good.${format}`]: format === 'csv' ? 'a,1\n' : format === 'json' ? '{"k":"a","v":1}\n' : async (dir) =>
      writeFileSync(path.join(dir, `good.${format}`), await columnarBytes(format, kv, [{ k: 'a', v: 1 }])) },
    permissive: [good], dropped: { rows: [good], count: 0 }, failfast: /^$/,
  })),
];

async function makeInput(c: Case): Promise<string> {
  const dir = tempDir();
  for (const [name, content] of Object.entries(c.files)) {
    if (typeof content === 'function') await content(dir);
    else writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** PERMISSIVE rows with a corrupt-record column compared loosely where its text is an error message. */
function normalized(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => (typeof r['_corrupt_record'] === 'string' && /not a readable/.test(r['_corrupt_record'] as string) ? { ...r, _corrupt_record: 'CORRUPT' } : r));
}

describe.each(cases)('$name', (c) => {
  const s = c.schema ?? withCorrupt;

  it('PERMISSIVE keeps every record, malformed ones as nulls plus _corrupt_record', async () => {
    const dir = await makeInput(c);
    expect(normalized((await readStream(dir, tempDir(), c.format, s, c.options)).rows)).toEqual(c.permissive);
    expect(normalized((await readTable(dir, c.format, s, c.options)).rows)).toEqual(c.permissive);
  });

  it('DROPMALFORMED drops and counts', async () => {
    const dir = await makeInput(c);
    const r = await readStream(dir, tempDir(), c.format, s, { ...c.options, mode: 'DROPMALFORMED' });
    expect(r.rows).toEqual(c.dropped.rows.map((x) => (s === withCorrupt ? x : x)));
    expect(r.dropped).toBe(c.dropped.count);
  });

  it('FAILFAST stops naming the file and where', async () => {
    const dir = await makeInput(c);
    const run = readStream(dir, tempDir(), c.format, s, { ...c.options, mode: 'FAILFAST' });
    if (c.failfast.source === '^$') {
      expect((await run).rows).toEqual(c.dropped.rows);
      return;
    }
    const err = await run.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SluiceError);
    expect((err as SluiceError).code).toBe('MALFORMED_RECORD');
    expect((err as SluiceError).message).toMatch(c.failfast);
  });
});

describe('in a running query', () => {
  it('thousands of tiny files with malformed ones among them: dropped counts in progress; FAILFAST stops the query, a fixed input continues', async () => {
    const input = tempDir(), out = tempDir(), ck = tempDir(), ck2 = tempDir();
    const N = 2000;
    for (let i = 0; i < N; i++) {
      writeFileSync(path.join(input, `f${String(i).padStart(4, '0')}.json`), i % 100 === 99 ? `{"k":"x${i}","v":oops}\n` : `{"k":"x${i}","v":${i}}\n`);
    }
    const s = new Session({ out: () => undefined });
    await s.execute(`CREATE SOURCE tiny (k STRING, v INT) WITH (connector = 'file', path = '${input}', format = 'json', mode = 'DROPMALFORMED', maxFilesPerTrigger = 500)`);
    const q = s.sql('SELECT k, v FROM tiny').writeStream.format('json').option('checkpointLocation', ck).trigger({ availableNow: true }).start(out);
    await q.awaitTermination();
    const dropped = q.recentProgress.reduce((n, p) => n + (p.sources[0]!.numMalformedRowsDropped ?? 0), 0);
    expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([495, 495, 495, 495]);
    expect(dropped).toBe(20);
    expect((await readTable(out, 'json')).rows).toHaveLength(N - 20);

    await s.execute(`CREATE OR REPLACE SOURCE strict (k STRING, v INT) WITH (connector = 'file', path = '${input}', format = 'json', mode = 'FAILFAST', maxFilesPerTrigger = 500)`);
    const out2 = tempDir();
    const failing = s.sql('SELECT k, v FROM strict').writeStream.format('parquet').option('checkpointLocation', ck2).trigger({ availableNow: true }).start(out2);
    await expect(failing.awaitTermination()).rejects.toThrow(/malformed record in .*f0099\.json at line 1: not valid JSON/);
    expect(failing.isActive).toBe(false);
    expect((await readTable(out2, 'parquet', kv)).rows).toEqual([]);
    // Fix the bad files; the restarted query re-runs the failed batch and finishes: every row exactly once.
    for (let i = 99; i < N; i += 100) writeFileSync(path.join(input, `f${String(i).padStart(4, '0')}.json`), `{"k":"x${i}","v":${i}}\n`);
    const again = s.sql('SELECT k, v FROM strict').writeStream.format('parquet').option('checkpointLocation', ck2).trigger({ availableNow: true }).start(out2);
    await again.awaitTermination();
    const rows = (await readTable(out2, 'parquet')).rows;
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r['k'])).size).toBe(N);
  });
});
