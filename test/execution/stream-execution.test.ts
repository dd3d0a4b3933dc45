import { readdirSync, readFileSync, writeFileSync, utimesSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Batch } from '../../src/execution/batch.js';
import type { BatchContext, BatchResult } from '../../src/execution/incremental-query.js';
import type { Sink, SinkBatchInfo } from '../../src/execution/sink.js';
import type { Offset, Source } from '../../src/execution/source.js';
import { StreamExecution, type StreamExecutionOptions } from '../../src/execution/stream-execution.js';
import type { QueryTerminatedEvent, StreamingQueryListener } from '../../src/execution/streaming-query.js';
import { availableNowTrigger, defaultTrigger, onceTrigger, processingTimeTrigger } from '../../src/execution/trigger.js';
import { MemorySink } from '../../src/sinks/memory-sink.js';
import { createFileSource } from '../../src/sources/file-source.js';
import { MemorySource } from '../../src/sources/memory-source.js';
import { StringType, TimestampType } from '../../src/types/data-type.js';
import { SluiceError } from '../../src/types/errors.js';
import { field, schema } from '../../src/types/schema.js';
import { parseTimestamp } from '../../src/types/temporal.js';
import { PassThroughQuery, RunningCountQuery, WindowCountQuery } from './helpers/test-queries.js';
import { tempDirFactory } from './helpers/temp-dirs.js';

const words = schema([field('word', StringType)]);
const events = schema([field('ts', TimestampType), field('k', StringType)]);
const tmp = tempDirFactory('sluice-se-');
const ts = (text: string): number => parseTimestamp(text)!;
const quiet = { warn: (): void => {} };

function query(opts: Partial<StreamExecutionOptions> & Pick<StreamExecutionOptions, 'checkpointLocation' | 'sources' | 'sink' | 'incrementalQuery'>): StreamExecution {
  return new StreamExecution({ trigger: defaultTrigger, logger: quiet, idlePollMs: 5, ...opts });
}

function read(ck: string, rel: string): string {
  return readFileSync(path.join(ck, rel), 'utf8');
}

async function errorOf(p: Promise<unknown>): Promise<SluiceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    return e as SluiceError;
  }
  throw new Error('expected a rejection');
}

/** A sink that fails on chosen batch ids and otherwise records what it got. */
class FlakySink implements Sink {
  readonly got: { batchId: number; rows: number }[] = [];
  constructor(private readonly failOn: Set<number>) {}
  async addBatch(batchId: number, data: readonly Batch[], _info: SinkBatchInfo): Promise<void> {
    if (this.failOn.has(batchId)) throw new Error(`disk full while writing batch ${batchId}`);
    this.got.push({ batchId, rows: data.reduce((n, b) => n + b.numRows, 0) });
  }
}

describe('StreamExecution: the micro-batch loop', () => {
  it('runs a batch per arrival of data, writing offsets before and commits after', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    const sink = new MemorySink();
    const plan = new PassThroughQuery(words);
    const q = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: plan });
    await q.start();
    src.addData([{ word: 'a' }, { word: 'b' }]);
    await q.processAllAvailable();
    src.addData([{ word: 'c' }]);
    await q.processAllAvailable();
    await q.stop();

    expect(sink.batches()).toEqual([
      { batchId: 0, rows: [{ word: 'a' }, { word: 'b' }] },
      { batchId: 1, rows: [{ word: 'c' }] },
    ]);
    const [c0, c1] = plan.calls;
    expect(read(ck, 'offsets/0')).toBe(
      `v1\n{"batchWatermarkMs":0,"batchTimestampMs":${c0!.ctx.batchTimestampMs},"conf":{"sluice.multipleWatermarkPolicy":"min"}}\n2\n`);
    expect(read(ck, 'offsets/1')).toBe(
      `v1\n{"batchWatermarkMs":0,"batchTimestampMs":${c1!.ctx.batchTimestampMs},"conf":{"sluice.multipleWatermarkPolicy":"min"}}\n3\n`);
    expect(read(ck, 'commits/0')).toBe('v1\n{"nextBatchWatermarkMs":0}\n');
    expect(readdirSync(path.join(ck, 'commits')).sort()).toEqual(['0', '1']);
    expect(c1!.ctx).toMatchObject({ batchId: 1, stateVersion: 1, watermarkMs: 0, lateWatermarkMs: 0 });
    expect(q.isActive).toBe(false);
    expect(q.status.message).toBe('Stopped');
    expect(plan.closed).toBe(1);
    expect(await q.awaitTermination()).toBe(true);
  });

  it('continues batch ids after a restart, with the same id and a new runId', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    const sink = new MemorySink();
    const q1 = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: new PassThroughQuery(words) });
    await q1.start();
    src.addData([{ word: 'a' }]);
    await q1.processAllAvailable();
    await q1.stop();

    src.addData([{ word: 'b' }]);
    const plan2 = new PassThroughQuery(words);
    const q2 = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: plan2 });
    await q2.start();
    await q2.processAllAvailable();
    await q2.stop();

    expect(q2.id).toBe(q1.id);
    expect(q2.runId).not.toBe(q1.runId);
    expect(sink.batches().map((b) => [b.batchId, b.rows])).toEqual([[0, [{ word: 'a' }]], [1, [{ word: 'b' }]]]);
    expect(plan2.calls.map((c) => c.inputRows)).toEqual([[[{ word: 'b' }]]]);
  });

  it('a batch that fails stops the query cleanly and is re-run with identical offsets and input on restart', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    const plan1 = new PassThroughQuery(words);
    const terminated: QueryTerminatedEvent[] = [];
    const q1 = query({ checkpointLocation: ck, sources: [src], sink: new FlakySink(new Set([1])), incrementalQuery: plan1 });
    q1.addListener({ onQueryTerminated: (e) => terminated.push(e) });
    await q1.start();
    src.addData([{ word: 'a' }]);
    await q1.processAllAvailable();
    src.addData([{ word: 'b' }, { word: 'c' }]);
    const failure = await errorOf(q1.awaitTermination());
    expect(failure.code).toBe('RUNTIME_ERROR');
    expect(failure.message).toContain('disk full while writing batch 1');
    expect(q1.exception).toBe(failure);
    expect(q1.isActive).toBe(false);
    expect(q1.status.message).toBe(`Terminated with exception: ${failure.message}`);
    expect(terminated).toEqual([{ id: q1.id, runId: q1.runId, exception: failure.message }]);
    expect(plan1.closed).toBe(1);
    await expect(q1.processAllAvailable()).rejects.toBe(failure);
    const offsets1 = read(ck, 'offsets/1');
    expect(existsSync(path.join(ck, 'commits/1'))).toBe(false);

    // More data arrives while the query is down; the re-run must not take it.
    src.addData([{ word: 'd' }]);
    const plan2 = new PassThroughQuery(words);
    const sink2 = new FlakySink(new Set());
    const q2 = query({ checkpointLocation: ck, sources: [src], sink: sink2, incrementalQuery: plan2 });
    await q2.start();
    await q2.processAllAvailable();
    await q2.stop();
    expect(read(ck, 'offsets/1')).toBe(offsets1);
    expect(plan2.calls.map((c) => c.inputRows)).toEqual([[[{ word: 'b' }, { word: 'c' }]], [[{ word: 'd' }]]]);
    expect(plan2.calls[0]!.ctx).toEqual(plan1.calls[1]!.ctx);
    expect(sink2.got).toEqual([{ batchId: 1, rows: 2 }, { batchId: 2, rows: 1 }]);
  });

  it('stop() abandons a batch in flight before the sink; the next start re-runs it', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let entered!: () => void;
    const inRunBatch = new Promise<void>((r) => { entered = r; });
    class SlowQuery extends PassThroughQuery {
      override async runBatch(inputs: readonly (readonly Batch[])[], ctx: BatchContext): Promise<BatchResult> {
        entered();
        await gate;
        return super.runBatch(inputs, ctx);
      }
    }
    const sink = new FlakySink(new Set());
    const q1 = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: new SlowQuery(words) });
    await q1.start();
    src.addData([{ word: 'a' }]);
    await inRunBatch;
    const stopping = q1.stop();
    release();
    await stopping;
    expect(q1.exception).toBeNull();
    expect(sink.got).toEqual([]);
    expect(existsSync(path.join(ck, 'offsets/0'))).toBe(true);
    expect(existsSync(path.join(ck, 'commits/0'))).toBe(false);

    const q2 = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: new PassThroughQuery(words) });
    await q2.start();
    await q2.processAllAvailable();
    await q2.stop();
    expect(sink.got).toEqual([{ batchId: 0, rows: 1 }]);
  });

  it('a failing plan ends the query with its error, closing sources', async () => {
    const ck = tmp();
    let stopped = 0;
    const src = new MemorySource(words);
    const origStop = src.stop.bind(src);
    src.stop = async () => { stopped++; await origStop(); };
    class Broken extends PassThroughQuery {
      override async runBatch(): Promise<BatchResult> {
        throw new SluiceError('RUNTIME_ERROR', 'division by zero in column x');
      }
    }
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new Broken(words) });
    await q.start();
    src.addData([{ word: 'a' }]);
    const err = await errorOf(q.awaitTermination());
    expect(err.message).toBe('division by zero in column x');
    expect(stopped).toBe(1);
  });
});

describe('StreamExecution: refusing checkpoints', () => {
  async function runOnce(ck: string, plan: PassThroughQuery | RunningCountQuery, sources: Source[]): Promise<void> {
    const q = query({ checkpointLocation: ck, sources, sink: new MemorySink(), incrementalQuery: plan, trigger: onceTrigger });
    await q.start();
    await q.awaitTermination();
  }

  it('refuses a changed state setting, naming it and both values', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    await runOnce(ck, new RunningCountQuery({ 'sluice.stateFormat': 'test-count-v1', 'sluice.statePartitions': '4' }), [src]);
    const q = query({
      checkpointLocation: ck, sources: [src], sink: new MemorySink(),
      incrementalQuery: new RunningCountQuery({ 'sluice.stateFormat': 'test-count-v1', 'sluice.statePartitions': '8' }),
    });
    const err = await errorOf(q.start());
    expect(err.code).toBe('CHECKPOINT_ERROR');
    expect(err.message).toContain('was written with sluice.statePartitions = "4" (offsets/0) but the query now has sluice.statePartitions = "8"');
    expect(q.exception).toBe(err);
    expect(q.isActive).toBe(false);
  });

  it('refuses a setting that is new or gone', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    await runOnce(ck, new PassThroughQuery(words), [src]);
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new RunningCountQuery() });
    const err = await errorOf(q.start());
    expect(err.message).toContain('sluice.stateFormat = (not set) (offsets/0) but the query now has sluice.stateFormat = "test-count-v1"');
  });

  it('refuses a different watermark policy set explicitly, and keeps the stored one otherwise', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    const q1 = query({
      checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words),
      trigger: onceTrigger, conf: { 'sluice.multipleWatermarkPolicy': 'max' },
    });
    await q1.start();
    await q1.awaitTermination();
    const q2 = query({
      checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words),
      conf: { 'sluice.multipleWatermarkPolicy': 'min' },
    });
    expect((await errorOf(q2.start())).message).toContain('was written with sluice.multipleWatermarkPolicy = max');
    src.addData([{ word: 'b' }]);
    await runOnce(ck, new PassThroughQuery(words), [src]);
    expect(read(ck, 'offsets/1')).toContain('"conf":{"sluice.multipleWatermarkPolicy":"max"}');
  });

  it('refuses a checkpoint whose query read a different number of sources', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    await runOnce(ck, new PassThroughQuery(words), [src]);
    const two = new PassThroughQuery(words, ['a', 'b']);
    const q = query({ checkpointLocation: ck, sources: [src, new MemorySource(words)], sink: new MemorySink(), incrementalQuery: two });
    const err = await errorOf(q.start());
    expect(err.message).toBe(`corrupt checkpoint file ${path.join(ck, 'offsets', '0')}: it records offsets for 1 source(s) but the query reads 2; ` +
      'a checkpoint belongs to one query and its sources cannot be added or removed');
  });

  it('refuses corrupt offsets, corrupt metadata and foreign directories', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    await runOnce(ck, new PassThroughQuery(words), [src]);
    writeFileSync(path.join(ck, 'offsets', '0'), 'v1\nnot json\n1\n');
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words) });
    expect((await errorOf(q.start())).message).toContain(`corrupt checkpoint file ${path.join(ck, 'offsets', '0')}: line 2 is not JSON`);

    writeFileSync(path.join(ck, 'metadata'), 'garbage');
    const q2 = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words) });
    expect((await errorOf(q2.start())).message).toContain(`corrupt checkpoint file ${path.join(ck, 'metadata')}: not JSON`);

    const foreign = tmp();
    writeFileSync(path.join(foreign, 'notes.txt'), 'hello');
    const q3 = query({ checkpointLocation: foreign, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words) });
    expect((await errorOf(q3.start())).message).toContain('is not empty (it holds notes.txt) but has no metadata file');
  });

  it('refuses a commit without its offsets', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    await runOnce(ck, new PassThroughQuery(words), [src]);
    writeFileSync(path.join(ck, 'commits', '5'), 'v1\n{"nextBatchWatermarkMs":0}\n');
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words) });
    expect((await errorOf(q.start())).message).toContain('commits/5 exists but offsets/ ends at batch 0');
  });
});

describe('StreamExecution: triggers', () => {
  it('once: one batch with everything available, then the query stops by itself', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    src.addData([{ word: 'a' }]);
    src.addData([{ word: 'b' }]);
    const sink = new MemorySink();
    const q = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: new PassThroughQuery(words), trigger: onceTrigger });
    await q.start();
    expect(await q.awaitTermination(5000)).toBe(true);
    expect(sink.batches()).toEqual([{ batchId: 0, rows: [{ word: 'a' }, { word: 'b' }] }]);
  });

  it('once with no data runs no batch', async () => {
    const ck = tmp();
    const sink = new MemorySink();
    const q = query({ checkpointLocation: ck, sources: [new MemorySource(words)], sink, incrementalQuery: new PassThroughQuery(words), trigger: onceTrigger });
    await q.start();
    expect(await q.awaitTermination(5000)).toBe(true);
    expect(sink.batches()).toEqual([]);
    expect(q.lastProgress).toBeNull();
  });

  it('availableNow: all data available at start, within maxFilesPerTrigger, then stop; later files wait', async () => {
    const ck = tmp();
    const dir = tmp();
    const t0 = Date.now() / 1000 - 100;
    ['a', 'b', 'c'].forEach((n, i) => {
      writeFileSync(path.join(dir, `${n}.txt`), `${n}1\n${n}2\n`);
      utimesSync(path.join(dir, `${n}.txt`), t0 + i, t0 + i);
    });
    const sink = new MemorySink();
    const mk = (): StreamExecution => query({
      checkpointLocation: ck, sink, trigger: availableNowTrigger,
      sources: [createFileSource({ path: dir, format: 'text', maxFilesPerTrigger: '2' })],
      incrementalQuery: new PassThroughQuery(schema([field('value', StringType)])),
    });
    const q = mk();
    await q.start();
    writeFileSync(path.join(dir, 'd.txt'), 'd1\n');
    expect(await q.awaitTermination(5000)).toBe(true);
    expect(sink.batches().map((b) => [b.batchId, b.rows.map((r) => r['value'])])).toEqual([
      [0, ['a1', 'a2', 'b1', 'b2']],
      [1, ['c1', 'c2']],
    ]);
    const q2 = mk();
    await q2.start();
    expect(await q2.awaitTermination(5000)).toBe(true);
    expect(sink.batches().map((b) => b.batchId)).toEqual([0, 1, 2]);
    expect(sink.batches()[2]!.rows).toEqual([{ value: 'd1' }]);
  });

  it('once over a file source with maxFilesPerTrigger reads every available file in its one batch', async () => {
    const dir = tmp();
    const t0 = Date.now() / 1000 - 100;
    ['a', 'b', 'c'].forEach((n, i) => {
      writeFileSync(path.join(dir, `${n}.txt`), `${n}\n`);
      utimesSync(path.join(dir, `${n}.txt`), t0 + i, t0 + i);
    });
    const sink = new MemorySink();
    const q = query({
      checkpointLocation: tmp(), sink, trigger: onceTrigger,
      sources: [createFileSource({ path: dir, format: 'text', maxFilesPerTrigger: '1' })],
      incrementalQuery: new PassThroughQuery(schema([field('value', StringType)])),
    });
    await q.start();
    await q.awaitTermination();
    expect(sink.batches()).toEqual([{ batchId: 0, rows: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] }]);
  });

  it('processingTime: triggers at multiples of the interval', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    const plan = new PassThroughQuery(words);
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: plan, trigger: processingTimeTrigger(150) });
    await q.start();
    src.addData([{ word: 'a' }]);
    await q.processAllAvailable();
    src.addData([{ word: 'b' }]);
    await q.processAllAvailable();
    await q.stop();
    const starts = q.recentProgress.map((p) => Date.parse(p.timestamp));
    expect(starts.length).toBe(2);
    // The second batch's trigger starts on the next 150 ms boundary after the first.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(140);
    expect(Math.abs((starts[1]! % 150) - 0) < 40 || 150 - (starts[1]! % 150) < 40).toBe(true);
  });
});

describe('StreamExecution: event time and the no-data batch', () => {
  it('advances the watermark from each batch and runs a no-data batch to emit what it closes', async () => {
    const ck = tmp();
    const src = new MemorySource(events);
    const sink = new MemorySink();
    const plan = new WindowCountQuery(['e'], [10_000], 60_000);
    const q = query({ checkpointLocation: ck, sources: [src], sink, incrementalQuery: plan });
    await q.start();
    src.addData([{ ts: ts('1970-01-01T00:00:30Z'), k: 'x' }]);
    await q.processAllAvailable();
    src.addData([{ ts: ts('1970-01-01T00:01:30Z'), k: 'x' }]);
    await q.processAllAvailable();
    await q.stop();

    expect(plan.contexts.map((c) => [c.batchId, c.watermarkMs, c.lateWatermarkMs])).toEqual([
      [0, 0, 0], [1, 20_000, 0], [2, 80_000, 20_000],
    ]);
    expect(sink.batches()).toEqual([
      { batchId: 0, rows: [] },
      { batchId: 1, rows: [] },
      { batchId: 2, rows: [{ start: 0, end: 60_000_000, n: 1 }] },
    ]);
    expect(read(ck, 'offsets/2')).toMatch(/^v1\n\{"batchWatermarkMs":80000,"batchTimestampMs":\d+,"conf":\{"sluice.multipleWatermarkPolicy":"min","sluice.test.window":"v1"\}\}\n2\n$/);
    expect(read(ck, 'commits/1')).toBe('v1\n{"nextBatchWatermarkMs":80000}\n');
    expect(read(ck, 'commits/2')).toBe('v1\n{"nextBatchWatermarkMs":80000}\n');
    const p = q.recentProgress[2]!;
    expect(p.numInputRows).toBe(0);
    expect(p.eventTime).toEqual({ watermark: '1970-01-01T00:01:20.000Z' });
    expect(q.recentProgress[1]!.eventTime).toEqual({ watermark: '1970-01-01T00:00:20.000Z', max: '1970-01-01T00:01:30.000Z' });
  });

  it('event-time windows over files, available-now: the final watermark\'s no-data batch emits the last window', async () => {
    // The shape of the CLI contract case eventtime-tumbling-append: 5-minute windows, 2-minute delay, one file a batch.
    const dir = tmp();
    const files: [string, string[]][] = [
      ['a.json', ['09:01', '09:03']],
      ['b.json', ['09:07', '09:04']],
      ['c.json', ['09:16']],
    ];
    const t0 = Date.now() / 1000 - 100;
    files.forEach(([name, times], i) => {
      writeFileSync(path.join(dir, name), times.map((t) => `{"ts":"2026-03-01T${t}:00.000Z","k":"s"}`).join('\n') + '\n');
      utimesSync(path.join(dir, name), t0 + i * 10, t0 + i * 10);
    });
    const sink = new MemorySink();
    const plan = new WindowCountQuery(['readings'], [120_000], 300_000);
    const q = query({
      checkpointLocation: tmp(), sink, trigger: availableNowTrigger, incrementalQuery: plan,
      sources: [createFileSource({ path: dir, format: 'json', maxFilesPerTrigger: '1' }, events)],
    });
    await q.start();
    await q.awaitTermination();
    const at = (t: string): number => ts(`2026-03-01T${t}:00Z`);
    expect(sink.batches()).toEqual([
      { batchId: 0, rows: [] },
      { batchId: 1, rows: [] },
      { batchId: 2, rows: [{ start: at('09:00'), end: at('09:05'), n: 3 }] },
      { batchId: 3, rows: [{ start: at('09:05'), end: at('09:10'), n: 1 }] },
    ]);
    expect(plan.contexts.map((c) => c.watermarkMs / 1000)).toEqual([0, at('09:01'), at('09:05'), at('09:14')].map((m) => m / 1e6));
  });

  it('never moves the watermark backwards, and drops rows at or before the previous batch\'s watermark', async () => {
    const ck = tmp();
    const src = new MemorySource(events);
    const plan = new WindowCountQuery(['e'], [0], 600_000);
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: plan });
    await q.start();
    for (const t of ['00:05:00', '00:06:00', '00:01:00']) {
      src.addData([{ ts: ts(`1970-01-01T${t}Z`), k: 'x' }]);
      await q.processAllAvailable();
    }
    await q.stop();
    expect(plan.contexts.map((c) => [c.watermarkMs, c.lateWatermarkMs])).toEqual([[0, 0], [300_000, 0], [360_000, 300_000]]);
    expect(plan.droppedLate).toBe(1);
    expect(read(ck, 'commits/2')).toBe('v1\n{"nextBatchWatermarkMs":360000}\n');
  });

  it('restores the watermark on restart and runs the no-data batch a stop left owed', async () => {
    const ck = tmp();
    const src = new MemorySource(events);
    src.addData([{ ts: ts('1970-01-01T00:00:05Z'), k: 'x' }, { ts: ts('1970-01-01T00:00:30Z'), k: 'x' }]);
    // The first run stops right after batch 0 (trigger once), before the no-data batch its watermark calls for.
    const sink1 = new MemorySink();
    const q1 = query({ checkpointLocation: ck, sources: [src], sink: sink1, incrementalQuery: new WindowCountQuery(['e'], [0], 10_000), trigger: onceTrigger });
    await q1.start();
    await q1.awaitTermination();
    expect(sink1.batches()).toEqual([{ batchId: 0, rows: [] }]);
    // A new run's plan would restore its windows from the state store; this test plan gets them by hand.
    const plan2 = new WindowCountQuery(['e'], [0], 10_000);
    plan2.windows.set(0, 1).set(30_000, 1);
    const sink2 = new MemorySink();
    const q2 = query({ checkpointLocation: ck, sources: [src], sink: sink2, incrementalQuery: plan2, trigger: availableNowTrigger });
    await q2.start();
    await q2.awaitTermination();
    expect(plan2.contexts.map((c) => [c.batchId, c.watermarkMs, c.lateWatermarkMs])).toEqual([[1, 30_000, 0]]);
    expect(sink2.batches()).toEqual([{ batchId: 1, rows: [{ start: 0, end: 10_000_000, n: 1 }] }]);

    src.addData([{ ts: ts('1970-01-01T00:00:55Z'), k: 'x' }]);
    const plan3 = new WindowCountQuery(['e'], [0], 10_000);
    plan3.windows.set(30_000, 1);
    const sink3 = new MemorySink();
    const q3 = query({ checkpointLocation: ck, sources: [src], sink: sink3, incrementalQuery: plan3, trigger: availableNowTrigger });
    await q3.start();
    await q3.awaitTermination();
    expect(plan3.contexts.map((c) => [c.batchId, c.watermarkMs, c.lateWatermarkMs])).toEqual([[2, 30_000, 30_000], [3, 55_000, 30_000]]);
    expect(sink3.batches()).toEqual([
      { batchId: 2, rows: [] },
      { batchId: 3, rows: [{ start: 30_000_000, end: 40_000_000, n: 1 }] },
    ]);
  });

  it('with several watermarks, min holds until every input has data; max moves with the fastest', async () => {
    for (const policy of ['min', 'max'] as const) {
      const ck = tmp();
      const a = new MemorySource(events, 'a');
      const b = new MemorySource(events, 'b');
      const plan = new WindowCountQuery(['a', 'b'], [0, 0], 60_000);
      const q = query({ checkpointLocation: ck, sources: [a, b], sink: new MemorySink(), incrementalQuery: plan, conf: { 'sluice.multipleWatermarkPolicy': policy } });
      await q.start();
      a.addData([{ ts: ts('1970-01-01T00:10:00Z'), k: 'x' }]);
      await q.processAllAvailable();
      b.addData([{ ts: ts('1970-01-01T00:02:00Z'), k: 'x' }]);
      await q.processAllAvailable();
      a.addData([{ ts: ts('1970-01-01T00:11:00Z'), k: 'x' }]);
      await q.processAllAvailable();
      await q.stop();
      const watermarks = plan.contexts.filter((c) => c.batchId <= 2).map((c) => c.watermarkMs);
      expect(watermarks).toEqual(policy === 'min' ? [0, 0, 120_000] : [0, 600_000, 600_000]);
      expect(read(ck, 'offsets/0')).toContain(`"sluice.multipleWatermarkPolicy":"${policy}"`);
    }
  });
});

describe('StreamExecution: progress, status, listeners', () => {
  it('reports Spark-shaped progress to listeners and keeps recent progress', async () => {
    const ck = tmp();
    const src = new MemorySource(words, 'words');
    const sink = new MemorySink('counts');
    const seen: string[] = [];
    const listener: StreamingQueryListener = {
      onQueryStarted: (e) => seen.push(`started ${e.name}`),
      onQueryProgress: (e) => seen.push(`progress ${e.progress.batchId}`),
      onQueryTerminated: (e) => seen.push(`terminated ${e.exception}`),
    };
    const q = query({ queryName: 'counts', checkpointLocation: ck, sources: [src], sink, incrementalQuery: new RunningCountQuery() });
    q.addListener(listener);
    q.addListener({ onQueryProgress: () => { throw new Error('listener bug'); } });
    await q.start();
    expect(q.status.isDataAvailable).toBe(false);
    src.addData([{ word: 'to' }, { word: 'be' }, { word: 'to' }]);
    await q.processAllAvailable();
    expect(q.status).toEqual({ message: 'Waiting for data to arrive', isDataAvailable: false, isTriggerActive: false });
    await q.stop();
    expect(seen).toEqual(['started counts', 'progress 0', 'terminated null']);
    const p = q.lastProgress!;
    expect(q.recentProgress).toEqual([p]);
    expect(p).toMatchObject({
      id: q.id, runId: q.runId, name: 'counts', batchId: 0, numInputRows: 3, inputRowsPerSecond: 0,
      eventTime: {},
      stateOperators: [{ operatorName: 'testCount', numRowsTotal: 2, numRowsUpdated: 2, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 }],
      sources: [{ description: 'MemoryStream[words]', startOffset: null, endOffset: 3, latestOffset: 3, numInputRows: 3 }],
      sink: { description: 'MemorySink[counts]', numOutputRows: 2 },
    });
    expect(p.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(p.durationMs).sort()).toEqual(['addBatch', 'commitOffsets', 'getBatch', 'latestOffset', 'triggerExecution', 'walCommit']);
    expect(p.durationMs.triggerExecution).toBeGreaterThanOrEqual(p.durationMs.addBatch);
    expect(p.processedRowsPerSecond).toBeGreaterThan(0);
  });

  it('counts malformed records a source dropped in the batch\'s progress, and FAILFAST fails the query', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.json'), '{"ts":"2026-01-01T00:00:00Z","k":"x"}\n{"ts":"never","k":"y"}\nnot json\n');
    const sink = new MemorySink();
    const q = query({
      checkpointLocation: tmp(), sink, trigger: availableNowTrigger, incrementalQuery: new PassThroughQuery(events),
      sources: [createFileSource({ path: dir, format: 'json', mode: 'DROPMALFORMED' }, events)],
    });
    await q.start();
    await q.awaitTermination();
    expect(sink.rows()).toEqual([{ ts: ts('2026-01-01T00:00:00Z'), k: 'x' }]);
    expect(q.lastProgress!.sources[0]).toMatchObject({ numInputRows: 1, numMalformedRowsDropped: 2 });

    const ck = tmp();
    const failing = query({
      checkpointLocation: ck, sink: new MemorySink(), trigger: availableNowTrigger, incrementalQuery: new PassThroughQuery(events),
      sources: [createFileSource({ path: dir, format: 'json', mode: 'FAILFAST' }, events)],
    });
    await failing.start();
    const err = await errorOf(failing.awaitTermination());
    expect(err.code).toBe('MALFORMED_RECORD');
    expect(err.message).toContain(`malformed record in ${path.join(dir, 'a.json')} at line 2`);
    // The failed batch stays in the checkpoint, to be re-run once the input is fixed.
    expect(existsSync(path.join(ck, 'offsets', '0'))).toBe(true);
    expect(existsSync(path.join(ck, 'commits', '0'))).toBe(false);
  });

  it('keeps the last 100 progress reports', async () => {
    const ck = tmp();
    const src = new MemorySource(words);
    const q = query({ checkpointLocation: ck, sources: [src], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words) });
    await q.start();
    for (let i = 0; i < 105; i++) {
      src.addData([{ word: String(i) }]);
      await q.processAllAvailable();
    }
    await q.stop();
    expect(q.recentProgress.length).toBe(100);
    expect(q.recentProgress[0]!.batchId).toBe(5);
    expect(q.lastProgress!.batchId).toBe(104);
    // Old log entries are purged, the last 100 kept.
    expect(readdirSync(path.join(ck, 'offsets')).map(Number).sort((x, y) => x - y)[0]).toBe(1);
  });

  it('warns once about a source that cannot replay', async () => {
    const ck = tmp();
    const warnings: string[] = [];
    const inner = new MemorySource(words);
    const source: Source = {
      replayable: false,
      schema: () => words,
      latestOffset: (s: Offset | null) => inner.latestOffset(),
      getBatch: (s, e) => inner.getBatch(s, e),
      commit: (e) => inner.commit(e),
      stop: () => inner.stop(),
    };
    const q = new StreamExecution({
      checkpointLocation: ck, sources: [source], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words),
      trigger: defaultTrigger, logger: { warn: (m) => warnings.push(m) },
    });
    await q.start();
    inner.addData([{ word: 'a' }]);
    await q.processAllAvailable();
    await q.stop();
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain('cannot replay its data');
    expect(warnings[0]).toContain('is not fault-tolerant');
  });

  it('awaitTermination with a timeout resolves false while the query runs', async () => {
    const ck = tmp();
    const q = query({ checkpointLocation: ck, sources: [new MemorySource(words)], sink: new MemorySink(), incrementalQuery: new PassThroughQuery(words) });
    await q.start();
    expect(await q.awaitTermination(30)).toBe(false);
    expect(q.isActive).toBe(true);
    await q.stop();
    expect(await q.awaitTermination(30)).toBe(true);
  });
});
