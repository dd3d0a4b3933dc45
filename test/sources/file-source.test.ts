import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchToRows, type Batch } from '../../src/execution/batch.js';
import type { Offset } from '../../src/execution/source.js';
import { createFileSource, type FileSource } from '../../src/sources/file-source.js';
import { BigIntType, StringType } from '../../src/types/data-type.js';
import { SluiceError } from '../../src/types/errors.js';
import { field, schema } from '../../src/types/schema.js';
import { tempDirFactory } from '../execution/helpers/temp-dirs.js';

const tmp = tempDirFactory('sluice-fs-');
const T0 = Math.floor(Date.now() / 1000) - 10_000;

/** Writes a file atomically (hidden name, then rename) with a chosen modification time (seconds after T0). */
function put(dir: string, name: string, content: string, at: number): void {
  const hidden = path.join(dir, `.${name}.writing`);
  writeFileSync(hidden, content);
  utimesSync(hidden, T0 + at, T0 + at);
  renameSync(hidden, path.join(dir, name));
}

async function open(dir: string, ck: string, options: Record<string, string>, dropped?: number[]): Promise<FileSource> {
  const src = createFileSource({ path: dir, format: 'text', ...options });
  await src.initialize({ metadataPath: ck, onMalformedDropped: (n) => dropped?.push(n) });
  return src;
}

const values = (batches: Batch[]): unknown[] => batches.flatMap((b) => batchToRows(b).map((r) => Object.values(r)[0]));

async function errorOf(p: Promise<unknown>): Promise<SluiceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    return e as SluiceError;
  }
  throw new Error('expected a rejection');
}

/** Takes batches the way the engine does until the source has nothing new; returns each batch's values. */
async function drain(src: FileSource, start: Offset | null = null): Promise<{ batches: unknown[][]; end: Offset | null }> {
  const batches: unknown[][] = [];
  let at = start;
  for (;;) {
    const latest = await src.latestOffset(at);
    if (latest === null || JSON.stringify(latest) === JSON.stringify(at)) return { batches, end: at };
    batches.push(values(await src.getBatch(at, latest)));
    await src.commit(latest);
    at = latest;
  }
}

describe('file source', () => {
  it('takes new files oldest first (then by name), skipping hidden and underscore files', async () => {
    const dir = tmp();
    put(dir, 'b.txt', 'b\n', 1);
    put(dir, 'a.txt', 'a\n', 1);
    put(dir, 'c.txt', 'c\n', 0);
    writeFileSync(path.join(dir, '_SUCCESS'), 'x\n');
    writeFileSync(path.join(dir, '.hidden'), 'x\n');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'd.txt'), 'x\n');
    const src = await open(dir, tmp(), {});
    expect(await src.latestOffset(null)).toEqual({ logOffset: 0 });
    expect(values(await src.getBatch(null, { logOffset: 0 }))).toEqual(['c', 'a', 'b']);
    expect(await src.latestOffset({ logOffset: 0 })).toEqual({ logOffset: 0 });
  });

  it('maxFilesPerTrigger limits each batch; latestFirst takes the newest first', async () => {
    const dir = tmp();
    for (let i = 0; i < 5; i++) put(dir, `f${i}.txt`, `${i}\n`, i);
    expect((await drain(await open(dir, tmp(), { maxFilesPerTrigger: '2' }))).batches).toEqual([['0', '1'], ['2', '3'], ['4']]);
    expect((await drain(await open(dir, tmp(), { maxFilesPerTrigger: '2', latestFirst: 'true' }))).batches)
      .toEqual([['4', '3'], ['2', '1'], ['0']]);
  });

  it('logs the files of an offset before returning it, so a re-run reads exactly the same files', async () => {
    const dir = tmp();
    const ck = tmp();
    put(dir, 'a.txt', 'a\n', 0);
    const src = await open(dir, ck, {});
    const end = await src.latestOffset(null);
    expect(readFileSync(path.join(ck, '0'), 'utf8')).toBe(`v1\n{"path":"${path.join(dir, 'a.txt')}","timestamp":${(T0) * 1000}}\n`);
    put(dir, 'b.txt', 'b\n', 1);
    // "Crash": a new source over the same log re-reads batch (null, 0] — and only a.txt.
    const again = await open(dir, ck, {});
    expect(values(await again.getBatch(null, end!))).toEqual(['a']);
    expect(await again.latestOffset(end)).toEqual({ logOffset: 1 });
    expect(values(await again.getBatch(end, { logOffset: 1 }))).toEqual(['b']);
  });

  it('an entry logged by a run that died before its batch was planned is the next batch', async () => {
    const dir = tmp();
    const ck = tmp();
    put(dir, 'a.txt', 'a\n', 0);
    await (await open(dir, ck, {})).latestOffset(null);
    put(dir, 'b.txt', 'b\n', 1);
    const src = await open(dir, ck, { maxFilesPerTrigger: '1' });
    expect((await drain(src)).batches).toEqual([['a'], ['b']]);
  });

  it('never reads a file twice across restarts, and compacts its log', async () => {
    const dir = tmp();
    const ck = tmp();
    let at: Offset | null = null;
    const seen: unknown[] = [];
    for (let i = 0; i < 23; i++) {
      put(dir, `f${String(i).padStart(2, '0')}.txt`, `${i}\n`, i);
      const src = await open(dir, ck, {});
      const r = await drain(src, at);
      seen.push(...r.batches.flat());
      at = r.end;
    }
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => String(i)));
    expect(readdirSync(ck).sort()).toEqual(['19.compact', '20', '21', '22']);
    const compact = readFileSync(path.join(ck, '19.compact'), 'utf8').split('\n');
    expect(compact[0]).toBe('v1');
    expect(compact.length).toBe(22);
    expect(JSON.parse(compact[20]!)).toEqual({ path: path.join(dir, 'f19.txt'), timestamp: (T0 + 19) * 1000, batchId: 19 });
  });

  it('maxFileAge ignores files older than the newest seen minus the age (all files count in the first batch)', async () => {
    const dir = tmp();
    put(dir, 'old.txt', 'old\n', 0);
    put(dir, 'new.txt', 'new\n', 100);
    const src = await open(dir, tmp(), { maxFileAge: '10s' });
    const first = await drain(src);
    expect(first.batches).toEqual([['old', 'new']]);
    put(dir, 'late.txt', 'late\n', 50);
    put(dir, 'fresh.txt', 'fresh\n', 95);
    expect((await drain(src, first.end)).batches).toEqual([['fresh']]);
  });

  it('fileNameOnly treats files of the same name in different directories as one', async () => {
    const root = tmp();
    mkdirSync(path.join(root, 'x'));
    mkdirSync(path.join(root, 'y'));
    put(path.join(root, 'x'), 'data.txt', 'x\n', 0);
    put(path.join(root, 'y'), 'data.txt', 'y\n', 1);
    put(path.join(root, 'y'), 'other.txt', 'o\n', 2);
    const byName = await open(path.join(root, '*', '*.txt'), tmp(), { fileNameOnly: 'true' });
    expect((await drain(byName)).batches).toEqual([['x', 'o']]);
    const byPath = await open(path.join(root, '*', '*.txt'), tmp(), {});
    expect((await drain(byPath)).batches).toEqual([['x', 'y', 'o']]);
  });

  it('globs: *, ?, [..] and {a,b}', async () => {
    const dir = tmp();
    ['a1.json', 'a2.json', 'b1.json', 'a1.csv', 'c9.json'].forEach((n, i) => put(dir, n, `${n}\n`, i));
    const names = async (glob: string): Promise<unknown[]> => (await drain(await open(path.join(dir, glob), tmp(), {}))).batches.flat();
    expect(await names('a*.json')).toEqual(['a1.json', 'a2.json']);
    expect(await names('?1.*')).toEqual(['a1.json', 'b1.json', 'a1.csv']);
    expect(await names('[ab]1.json')).toEqual(['a1.json', 'b1.json']);
    expect(await names('[!a]*.json')).toEqual(['b1.json', 'c9.json']);
    expect(await names('{a2,c9}.json')).toEqual(['a2.json', 'c9.json']);
  });

  it('parses json and csv files, reporting dropped malformed records', async () => {
    const dir = tmp();
    put(dir, 'a.json', '{"word":"x","n":1}\n{"word":"y","n":"bad"}\n', 0);
    const dropped: number[] = [];
    const s = schema([field('word', StringType), field('n', BigIntType)]);
    const src = createFileSource({ path: dir, format: 'json', mode: 'DROPMALFORMED' }, s);
    await src.initialize({ metadataPath: tmp(), onMalformedDropped: (n) => dropped.push(n) });
    const end = await src.latestOffset(null);
    expect((await src.getBatch(null, end!)).flatMap((b) => batchToRows(b))).toEqual([{ word: 'x', n: 1 }]);
    expect(dropped).toEqual([1]);

    const csvDir = tmp();
    put(csvDir, 'a.csv', 'word,n\nx,1\n', 0);
    const csv = createFileSource({ path: csvDir, format: 'csv', header: 'true' }, s);
    await csv.initialize({ metadataPath: tmp() });
    expect((await csv.getBatch(null, (await csv.latestOffset(null))!)).flatMap((b) => batchToRows(b))).toEqual([{ word: 'x', n: 1 }]);
  });

  it('FAILFAST fails getBatch with the file and line', async () => {
    const dir = tmp();
    put(dir, 'a.json', '{"n":1}\n{"n":\n', 0);
    const src = createFileSource({ path: dir, format: 'json', mode: 'FAILFAST' }, schema([field('n', BigIntType)]));
    await src.initialize({ metadataPath: tmp() });
    const err = await errorOf(src.getBatch(null, (await src.latestOffset(null))!));
    expect(err.code).toBe('MALFORMED_RECORD');
    expect(err.message).toContain(`malformed record in ${path.join(dir, 'a.json')} at line 2`);
  });

  it('a file deleted before it is read is an IO_ERROR naming it; a missing input path is refused at start', async () => {
    const dir = tmp();
    put(dir, 'a.txt', 'a\n', 0);
    const src = await open(dir, tmp(), {});
    const end = await src.latestOffset(null);
    rmSync(path.join(dir, 'a.txt'));
    const err = await errorOf(src.getBatch(null, end!));
    expect(err.code).toBe('IO_ERROR');
    expect(err.message).toBe(`cannot read input file ${path.join(dir, 'a.txt')}: it no longer exists (input files must not be deleted before they are processed)`);
    const missing = path.join(dir, 'nope');
    const err2 = await errorOf(open(missing, tmp(), {}));
    expect(err2.message).toBe(`FileStreamSource[${missing}]: input path ${missing} does not exist`);
  });

  it('refuses a corrupt source log and an offset past it', async () => {
    const dir = tmp();
    const ck = tmp();
    writeFileSync(path.join(ck, '0'), 'v1\n{"path":1}\n');
    expect((await errorOf(open(dir, ck, {}))).message).toBe(
      `corrupt checkpoint file ${path.join(ck, '0')}: line 2 is not {"path":<string>,"timestamp":<int>}`);
    const gap = tmp();
    writeFileSync(path.join(gap, '1'), 'v1\n');
    expect((await errorOf(open(dir, gap, {}))).message).toContain('entry 0 is missing but entry 1 exists');
    const src = await open(dir, tmp(), {});
    expect((await errorOf(src.latestOffset({ logOffset: 4 }))).message).toContain("the checkpoint's offset 4 is past the source's log (-1)");
  });

  it('available-now fixes the files that exist when prepared', async () => {
    const dir = tmp();
    put(dir, 'a.txt', 'a\n', 0);
    const src = await open(dir, tmp(), { maxFilesPerTrigger: '1' });
    await src.prepareForAvailableNow();
    put(dir, 'b.txt', 'b\n', 1);
    expect((await drain(src)).batches).toEqual([['a']]);
  });
});
