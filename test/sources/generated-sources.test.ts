import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchToRows, type Batch } from '../../src/execution/batch.js';
import { StreamExecution } from '../../src/execution/stream-execution.js';
import { defaultTrigger } from '../../src/execution/trigger.js';
import { MemorySink } from '../../src/sinks/memory-sink.js';
import { createMemorySource } from '../../src/sources/memory-source.js';
import { createRateMicroBatchSource } from '../../src/sources/rate-micro-batch-source.js';
import { createRateSource, RateSource } from '../../src/sources/rate-source.js';
import { createSocketSource } from '../../src/sources/socket-source.js';
import { StringType } from '../../src/types/data-type.js';
import { SluiceError } from '../../src/types/errors.js';
import { field, schema } from '../../src/types/schema.js';
import { PassThroughQuery } from '../execution/helpers/test-queries.js';
import { tempDirFactory } from '../execution/helpers/temp-dirs.js';

const tmp = tempDirFactory('sluice-gen-');
const rows = (bs: Batch[]): Record<string, unknown>[] => bs.flatMap((b) => batchToRows(b));

describe('memory source', () => {
  const s = schema([field('w', StringType)]);

  it('offsets count rows; getBatch slices across appends; commit discards', async () => {
    const src = createMemorySource({ name: 'm' }, s);
    expect(await src.latestOffset(null)).toBeNull();
    expect(src.addData([{ w: 'a' }, { w: 'b' }])).toBe(2);
    expect(src.addData([['c']])).toBe(3);
    expect(await src.latestOffset(null)).toBe(3);
    expect(rows(await src.getBatch(1, 3))).toEqual([{ w: 'b' }, { w: 'c' }]);
    await src.commit(2);
    expect(rows(await src.getBatch(2, 3))).toEqual([{ w: 'c' }]);
    await expect(src.getBatch(0, 3)).rejects.toThrow('rows up to 2 were committed and discarded');
    await expect(src.getBatch(3, 9)).rejects.toThrow('holds 3 rows but batch (3, 9] was asked for');
    expect(() => createMemorySource({}, undefined)).toThrow('memory source: a schema is required');
  });
});

describe('rate source', () => {
  it('computes rows due from elapsed time, with and without ramp-up', () => {
    const flat = new RateSource(10, 0);
    expect([0, 99, 100, 1000, 2550].map((t) => flat.rowsDueAt(t))).toEqual([0, 0, 1, 10, 25]);
    expect(flat.dueTimeMs(25)).toBe(2500);
    // Ramp over 4 s to 10 rows/s: 10·t²/8 rows in the ramp (t in s), then 10 rows/s.
    const ramp = new RateSource(10, 4000);
    expect([1000, 2000, 4000, 5000].map((t) => ramp.rowsDueAt(t))).toEqual([1, 5, 20, 30]);
    expect(ramp.dueTimeMs(5)).toBe(2000);
    expect(ramp.dueTimeMs(30)).toBe(5000);
  });

  it('generates (start, end] deterministically and continues from its persisted start after a restart', async () => {
    const dir = tmp();
    let now = 1_767_268_800_000;
    const a = new RateSource(4, 0, () => now);
    await a.initialize({ metadataPath: dir });
    expect(readFileSync(path.join(dir, 'rate-start'), 'utf8')).toBe('{"startTimeMs":1767268800000}\n');
    expect(await a.latestOffset(null)).toBeNull();
    now += 1000;
    expect(await a.latestOffset(null)).toBe(4);
    const first = rows(await a.getBatch(null, 4));
    expect(first).toEqual([0, 1, 2, 3].map((v) => ({ timestamp: (1_767_268_800_000 + v * 250) * 1000, value: v })));
    now += 1500;
    const b = new RateSource(4, 0, () => now);
    await b.initialize({ metadataPath: dir });
    expect(await b.latestOffset(4)).toBe(10);
    expect(rows(await b.getBatch(null, 4))).toEqual(first);
    expect(rows(await b.getBatch(4, 10)).map((r) => r['value'])).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('validates options', () => {
    expect(() => createRateSource({ rowsPerSecond: '0' })).toThrow("rate source: option 'rowsPerSecond' must be a positive integer, got \"0\"");
    expect(createRateSource({ ROWSPERSECOND: '5', rampUpTime: '2s' }).description).toBe('RateStream[rowsPerSecond=5, rampUpTimeSeconds=2]');
  });
});

describe('rate-micro-batch source', () => {
  it('gives every batch rowsPerBatch rows at generated, advancing time', async () => {
    const src = createRateMicroBatchSource({ rowsPerBatch: '3', startTimestamp: '1000', advanceMillisPerBatch: '500' });
    const o1 = await src.latestOffset(null);
    expect(o1).toEqual({ offset: 3, timestamp: 1500 });
    expect(rows(await src.getBatch(null, o1!))).toEqual([0, 1, 2].map((v) => ({ timestamp: 1_000_000, value: v })));
    const o2 = await src.latestOffset(o1);
    expect(o2).toEqual({ offset: 6, timestamp: 2000 });
    expect(rows(await src.getBatch(o1, o2!)).map((r) => r['timestamp'])).toEqual([1_500_000, 1_500_000, 1_500_000]);
    // A range of two steps keeps each step's time.
    expect(rows(await src.getBatch(null, o2!)).map((r) => r['timestamp'])).toEqual([1e6, 1e6, 1e6, 1.5e6, 1.5e6, 1.5e6]);
    expect(() => createRateMicroBatchSource({})).toThrow("rate-micro-batch source: option 'rowsPerBatch' is required");
  });

  it('under available-now yields one more batch and then nothing', async () => {
    const src = createRateMicroBatchSource({ rowsPerBatch: '2' });
    await src.prepareForAvailableNow();
    const o1 = await src.latestOffset(null);
    expect(o1).toEqual({ offset: 2, timestamp: 1000 });
    expect(await src.latestOffset(o1)).toEqual(o1);
  });
});

describe('socket source', () => {
  async function server(): Promise<{ port: number; send: (text: string) => void; close: () => Promise<void> }> {
    const sockets: net.Socket[] = [];
    const srv = net.createServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    return {
      port,
      send: (text) => { for (const s of sockets) s.write(text); },
      close: async () => {
        for (const s of sockets) s.end();
        await new Promise<void>((r) => srv.close(() => r()));
      },
    };
  }

  it('streams lines from a TCP server through a query, warning that it cannot replay', async () => {
    const srv = await server();
    const source = createSocketSource({ host: '127.0.0.1', port: String(srv.port), includeTimestamp: 'true' });
    expect(source.schema().fields.map((f) => f.name)).toEqual(['value', 'timestamp']);
    const sink = new MemorySink();
    const warnings: string[] = [];
    const q = new StreamExecution({
      checkpointLocation: tmp(), sources: [source], sink, trigger: defaultTrigger, idlePollMs: 5,
      incrementalQuery: new PassThroughQuery(source.schema()), logger: { warn: (m) => warnings.push(m) },
    });
    await q.start();
    const before = Date.now();
    srv.send('hello world\r\nsecond ');
    srv.send('line\n');
    await new Promise((r) => setTimeout(r, 50));
    await q.processAllAvailable();
    srv.send('third');
    await srv.close();
    await new Promise((r) => setTimeout(r, 50));
    await q.processAllAvailable();
    await q.stop();
    const got = sink.rows();
    expect(got.map((r) => r['value'])).toEqual(['hello world', 'second line', 'third']);
    expect(got[0]!['timestamp'] as number).toBeGreaterThanOrEqual(before * 1000);
    expect(warnings).toEqual([expect.stringContaining('TextSocketSource[host: 127.0.0.1, port:')]);
  });

  it('fails to start with an IO_ERROR when nothing listens', async () => {
    const srv = await server();
    await srv.close();
    const source = createSocketSource({ host: '127.0.0.1', port: String(srv.port) });
    const err = await source.initialize().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SluiceError);
    expect((err as SluiceError).code).toBe('IO_ERROR');
    expect((err as SluiceError).message).toContain(`cannot connect to 127.0.0.1:${srv.port}`);
    expect(() => createSocketSource({ host: 'x' })).toThrow("option 'port' is required");
  });
});
