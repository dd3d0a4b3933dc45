import { promises as fsp, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommitLog } from '../../src/execution/checkpoint/commit-log.js';
import { OffsetLog } from '../../src/execution/checkpoint/offset-log.js';
import { readOrCreateQueryMetadata } from '../../src/execution/checkpoint/query-metadata.js';
import { SluiceError } from '../../src/types/errors.js';
import { tempDirFactory } from './helpers/temp-dirs.js';

const tmp = tempDirFactory('sluice-ckpt-');

async function errorOf(p: Promise<unknown>): Promise<SluiceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    return e as SluiceError;
  }
  throw new Error('expected a rejection');
}

describe('offset log', () => {
  it('writes the documented format byte for byte', async () => {
    const dir = path.join(tmp(), 'offsets');
    const log = new OffsetLog(dir, 3);
    await log.add(0, {
      batchWatermarkMs: 0, batchTimestampMs: 1767268800000,
      conf: { 'sluice.stateFormat': 'v1', 'sluice.multipleWatermarkPolicy': 'min' },
      offsets: [{ logOffset: 3 }, null, 42],
    });
    expect(readFileSync(path.join(dir, '0'), 'utf8')).toBe(
      'v1\n' +
      '{"batchWatermarkMs":0,"batchTimestampMs":1767268800000,"conf":{"sluice.multipleWatermarkPolicy":"min","sluice.stateFormat":"v1"}}\n' +
      '{"logOffset":3}\n' +
      '-\n' +
      '42\n');
    expect(await log.get(0)).toEqual({
      batchWatermarkMs: 0, batchTimestampMs: 1767268800000,
      conf: { 'sluice.multipleWatermarkPolicy': 'min', 'sluice.stateFormat': 'v1' },
      offsets: [{ logOffset: 3 }, null, 42],
    });
    // Only the entry: the temporary file is gone.
    expect(readdirSync(dir)).toEqual(['0']);
  });

  it('adding the same entry again is a no-op; different content is refused and the file kept', async () => {
    const dir = path.join(tmp(), 'offsets');
    const log = new OffsetLog(dir, 1);
    const entry = { batchWatermarkMs: 5, batchTimestampMs: 10, conf: {}, offsets: [7] };
    await log.add(4, entry);
    await log.add(4, entry);
    const err = await errorOf(log.add(4, { ...entry, offsets: [8] }));
    expect(err.code).toBe('CHECKPOINT_ERROR');
    expect(err.message).toContain(path.join(dir, '4'));
    expect(err.message).toContain('already exists with different content');
    expect((await log.get(4))!.offsets).toEqual([7]);
  });

  it('getLatest, listBatchIds and purge work on numeric names only', async () => {
    const dir = path.join(tmp(), 'offsets');
    const log = new OffsetLog(dir, 1);
    for (const id of [0, 1, 2, 10, 11]) {
      await log.add(id, { batchWatermarkMs: id, batchTimestampMs: id, conf: {}, offsets: [id] });
    }
    writeFileSync(path.join(dir, '.11.abc.tmp'), 'junk');
    writeFileSync(path.join(dir, '007'), 'junk');
    expect(await log.listBatchIds()).toEqual([0, 1, 2, 10, 11]);
    expect((await log.getLatest())!.batchId).toBe(11);
    expect(await log.get(3)).toBeUndefined();
    await log.purge(10);
    expect(await log.listBatchIds()).toEqual([10, 11]);
    await log.removeStaleTempFiles();
    expect(readdirSync(dir).sort()).toEqual(['007', '10', '11']);
  });

  it('an empty or absent log has no latest entry', async () => {
    expect(await new OffsetLog(path.join(tmp(), 'offsets'), 1).getLatest()).toBeUndefined();
  });

  const corruptCases: [string, string, string][] = [
    ['bad version line', 'v2\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{}}\n1\n', 'bad version line "v2", expected "v1"'],
    ['bad JSON', 'v1\n{"batchWatermarkMs":0,\n1\n', 'line 2 is not JSON'],
    ['missing field', 'v1\n{"batchTimestampMs":0,"conf":{}}\n1\n', 'no integer "batchWatermarkMs"'],
    ['bad conf', 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{"a":1}}\n1\n', '"conf" object of string values'],
    ['too many sources', 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{}}\n1\n2\n', 'offsets for 2 source(s) but the query reads 1'],
    ['bad offset', 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{}}\n{x\n', 'line 3 (source 0) is not JSON'],
    ['truncated', 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":0,"conf":{}}\n1', 'does not end with a newline'],
  ];
  for (const [name, content, message] of corruptCases) {
    it(`refuses a corrupt entry: ${name}`, async () => {
      const dir = path.join(tmp(), 'offsets');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, '3'), content);
      const err = await errorOf(new OffsetLog(dir, 1).getLatest());
      expect(err.code).toBe('CHECKPOINT_ERROR');
      expect(err.message).toContain(`corrupt checkpoint file ${path.join(dir, '3')}`);
      expect(err.message).toContain(message);
    });
  }
});

describe('commit log', () => {
  it('writes the documented format byte for byte and reads it back', async () => {
    const dir = path.join(tmp(), 'commits');
    const log = new CommitLog(dir);
    await log.add(7, { nextBatchWatermarkMs: 1767268740000 });
    expect(readFileSync(path.join(dir, '7'), 'utf8')).toBe('v1\n{"nextBatchWatermarkMs":1767268740000}\n');
    expect(await log.getLatest()).toEqual({ batchId: 7, entry: { nextBatchWatermarkMs: 1767268740000 } });
  });

  it('refuses a corrupt commit', async () => {
    const dir = path.join(tmp(), 'commits');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '0'), 'v1\n{"next":1}\n');
    const err = await errorOf(new CommitLog(dir).get(0));
    expect(err.message).toBe(`corrupt checkpoint file ${path.join(dir, '0')}: line 2 has no integer "nextBatchWatermarkMs"`);
  });
});

describe('query metadata', () => {
  it('creates {"id":"<uuid>"} once and reads the same id afterwards', async () => {
    const dir = path.join(tmp(), 'ck');
    const first = await readOrCreateQueryMetadata(dir);
    expect(first.created).toBe(true);
    expect(readFileSync(path.join(dir, 'metadata'), 'utf8')).toBe(`{"id":"${first.id}"}\n`);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = await readOrCreateQueryMetadata(dir);
    expect(again).toEqual({ id: first.id, created: false });
  });

  it('refuses corrupt metadata', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'metadata'), '{"id":42}\n');
    const err = await errorOf(readOrCreateQueryMetadata(dir));
    expect(err.code).toBe('CHECKPOINT_ERROR');
    expect(err.message).toBe(`corrupt checkpoint file ${path.join(dir, 'metadata')}: no string "id"; refusing to use this checkpoint`);
  });

  it('refuses a non-empty directory without metadata, but accepts one holding only state/', async () => {
    const foreign = tmp();
    writeFileSync(path.join(foreign, 'data.csv'), 'a,b\n');
    const err = await errorOf(readOrCreateQueryMetadata(foreign));
    expect(err.message).toContain('is not empty (it holds data.csv) but has no metadata file');
    const withState = tmp();
    await fsp.mkdir(path.join(withState, 'state'));
    expect((await readOrCreateQueryMetadata(withState)).created).toBe(true);
  });
});
