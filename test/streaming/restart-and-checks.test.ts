/**
 * Restarts on the same checkpoint (batch ids continue, no file is read twice, the watermark and open windows
 * survive), refused checkpoints, the output-mode checks, stream–static joins and deduplication.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { runStreaming, sorted, tempDir, writeInputFiles } from './streaming-harness.js';

const at = (hhmm: string) => `2026-01-01T${hhmm}:00.000Z`;
const ev = (hhmm: string, word: string) => ({ ts: at(hhmm), word });
const windowed = `SELECT window(ts, '10 minutes') AS w, word, count(*) AS n FROM events GROUP BY window(ts, '10 minutes'), word`;
const base = { schema: 'ts TIMESTAMP, word STRING', watermark: "ts AS ts - INTERVAL '5' MINUTES" };

describe('restarting a streaming query', () => {
  it('continues batch ids, never re-reads a file, and keeps the watermark and open windows', async () => {
    const input = tempDir(), ck = tempDir();
    writeInputFiles(input, [[ev('12:01', 'a'), ev('12:02', 'b')], [ev('12:08', 'a')]]);
    const first = await runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' });
    // Batch 2 is a no-data batch: the watermark moved to 12:03 (Spark runs one whenever it advances).
    expect([...first.batches.keys()]).toEqual([0, 1, 2]);
    expect([...first.batches.values()].flat()).toEqual([]);

    // More input after the restart: 12:09 still lands in the open 12:00 window; 12:21 closes it.
    writeInputFiles(input, [[ev('12:09', 'a')], [ev('12:21', 'c')]], 2);
    const second = await runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' });
    expect([...second.batches.keys()]).toEqual([3, 4, 5]);
    expect(second.batches.get(3)).toEqual([]);
    expect(second.batches.get(4)).toEqual([]);
    // The no-data batch 5 runs with watermark 12:16 and emits the 12:00 window, counting 12:01, 12:08, 12:09.
    expect(sorted(second.batches.get(5)!)).toEqual(sorted([
      { w: { start: at('12:00'), end: at('12:10') }, word: 'a', n: 3 },
      { w: { start: at('12:00'), end: at('12:10') }, word: 'b', n: 1 },
    ]));
    expect(second.query.recentProgress.map((p) => p.numInputRows)).toEqual([1, 1, 0]);

    // Nothing new: a third run does no batch at all.
    const third = await runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' });
    expect([...third.batches.keys()]).toEqual([]);
  });

  it('refuses a checkpoint whose metadata is corrupt', async () => {
    const input = tempDir(), ck = tempDir();
    writeInputFiles(input, [[ev('12:01', 'a')]]);
    await runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' });
    writeFileSync(path.join(ck, 'metadata'), '{not json');
    await expect(runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' }))
      .rejects.toThrow(/metadata/i);
  });

  it('refuses a checkpoint written by a query with another stateful shape', async () => {
    const input = tempDir(), ck = tempDir();
    writeInputFiles(input, [[ev('12:01', 'a')]]);
    await runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' });
    writeInputFiles(input, [[ev('12:02', 'a')]], 1);
    const other = `SELECT window(ts, '10 minutes') AS w, count(*) AS n, max(word) AS m FROM events GROUP BY window(ts, '10 minutes')`;
    await expect(runStreaming({ ...base, inputDir: input, checkpoint: ck, select: other, outputMode: 'append' }))
      .rejects.toThrow(/sluice\.state\.operators/);
  });

  it('refuses a restart that changes the number of state partitions', async () => {
    const input = tempDir(), ck = tempDir();
    writeInputFiles(input, [[ev('12:01', 'a')]]);
    await runStreaming({ ...base, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' });
    writeInputFiles(input, [[ev('12:02', 'a')]], 1);
    const s = new Session({ out: () => undefined });
    await s.execute('SET sluice.sql.shuffle.partitions = 8');
    await expect(runStreaming({ ...base, session: s, inputDir: input, checkpoint: ck, select: windowed, outputMode: 'append' }))
      .rejects.toThrow(/shuffle\.partitions/);
  });
});

describe('checks before a streaming query starts', () => {
  const start = async (select: string, mode: 'append' | 'update' | 'complete', watermark?: string) => {
    const input = tempDir();
    writeInputFiles(input, [[ev('12:01', 'a')]]);
    return runStreaming({ schema: base.schema, watermark, inputDir: input, checkpoint: tempDir(), select, outputMode: mode });
  };
  it('rejects append mode for an aggregation without a watermark, saying what to change', async () => {
    await expect(start('SELECT word, count(*) AS n FROM events GROUP BY word', 'append'))
      .rejects.toThrow(/Append output mode is not supported .* without a watermark.*update' or 'complete'/s);
  });
  it('rejects append mode when the watermark column is not in the grouping key', async () => {
    await expect(start('SELECT word, count(*) AS n FROM events GROUP BY word', 'append', "ts AS ts - INTERVAL '1' MINUTE"))
      .rejects.toThrow(/without a watermark/);
  });
  it('rejects complete mode without an aggregation', async () => {
    await expect(start('SELECT word FROM events', 'complete')).rejects.toThrow(/Complete output mode needs a streaming aggregation/);
  });
  it('rejects sorting a stream outside complete mode', async () => {
    await expect(start('SELECT word FROM events ORDER BY word', 'append')).rejects.toThrow(/Sorting is not supported/);
  });
  it('accepts sorting an aggregation in complete mode', async () => {
    const r = await start('SELECT word, count(*) AS n FROM events GROUP BY word ORDER BY n DESC, word', 'complete');
    expect(r.batches.get(0)).toEqual([{ word: 'a', n: 1 }]);
  });
});

describe('stream–static joins and deduplication', () => {
  it('joins each batch with a static table (inner and left outer)', async () => {
    const input = tempDir(), dims = tempDir();
    writeFileSync(path.join(dims, 'dims.csv'), 'word,label\na,alpha\nb,beta\n');
    writeInputFiles(input, [[ev('12:01', 'a'), ev('12:02', 'z')], [ev('12:03', 'b')]]);
    const s = new Session({ out: () => undefined });
    await s.execute(`CREATE TABLE dims (word STRING, label STRING) WITH (connector = 'file', path = '${dims}/dims.csv', format = 'csv', header = true)`);
    const inner = await runStreaming({ ...base, session: s, inputDir: input, checkpoint: tempDir(), outputMode: 'append',
      select: 'SELECT e.word, d.label FROM events e JOIN dims d ON e.word = d.word' });
    expect([...inner.batches.values()]).toEqual([[{ word: 'a', label: 'alpha' }], [{ word: 'b', label: 'beta' }]]);
    const left = await runStreaming({ ...base, session: s, inputDir: input, checkpoint: tempDir(), outputMode: 'append',
      select: 'SELECT e.word, d.label FROM events e LEFT JOIN dims d ON e.word = d.word' });
    expect(sorted(left.batches.get(0)!)).toEqual(sorted([{ word: 'a', label: 'alpha' }, { word: 'z', label: null }]));
  });

  it('SELECT DISTINCT on a stream emits each value once across batches', async () => {
    const input = tempDir();
    writeInputFiles(input, [[ev('12:01', 'a'), ev('12:02', 'a'), ev('12:02', 'b')], [ev('12:03', 'b'), ev('12:04', 'c')]]);
    const r = await runStreaming({ ...base, inputDir: input, checkpoint: tempDir(), outputMode: 'append', select: 'SELECT DISTINCT word FROM events' });
    expect([...r.batches.values()].map(sorted)).toEqual([[{ word: 'a' }, { word: 'b' }], [{ word: 'c' }]]);
  });

  it('dropDuplicates with a watermark drops late rows and bounds state', async () => {
    const input = tempDir();
    writeInputFiles(input, [
      [ev('12:00', 'a'), ev('12:00', 'a'), ev('12:01', 'b')],
      [ev('12:00', 'a'), ev('12:10', 'c')],
      [ev('12:01', 'b'), ev('12:20', 'd')],
    ]);
    const s = new Session({ out: () => undefined });
    await s.execute(`CREATE SOURCE events (ts TIMESTAMP, word STRING) WITH (connector = 'file', path = '${input}', format = 'json', maxFilesPerTrigger = 1)`);
    const batches = new Map<number, unknown[]>();
    const q = s.table('events').withWatermark('ts', '5 minutes').dropDuplicates(['word', 'ts']).writeStream
      .foreachBatch((b, id) => { batches.set(id, Array.from({ length: b.numRows }, (_, i) => (b.columns[1]!.data as string[])[i])); })
      .option('checkpointLocation', tempDir()).trigger({ availableNow: true }).start();
    await q.awaitTermination();
    expect(batches.get(0)).toEqual(['a', 'b']);
    // 12:00 a is a duplicate; 12:10 c is new.
    expect(batches.get(1)).toEqual(['c']);
    // 12:01 b is late against the 12:05 watermark and dropped; only d is new.
    expect(batches.get(2)).toEqual(['d']);
    const last = q.recentProgress[q.recentProgress.length - 1]!;
    expect(last.stateOperators[0]!.numRowsTotal).toBeLessThanOrEqual(2);
  });
});

