/**
 * Deduplication idioms on streams (ROW_NUMBER() = 1, dropDuplicatesWithinWatermark) and the global watermark
 * of a query with two watermarked inputs (minimum by default, maximum with sluice.multipleWatermarkPolicy).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { rowsOf } from '../../src/api/dataframe.js';
import { runStreaming, tempDir, writeInputFiles } from './streaming-harness.js';

const at = (hhmm: string) => `2026-01-01T${hhmm}:00.000Z`;

describe('deduplication on streams', () => {
  it('ROW_NUMBER() OVER (PARTITION BY … ORDER BY ts) = 1 keeps the first row of each key', async () => {
    const input = tempDir();
    writeInputFiles(input, [
      [{ ts: at('12:00'), k: 'a', v: 1 }, { ts: at('12:01'), k: 'a', v: 2 }, { ts: at('12:00'), k: 'b', v: 3 }],
      [{ ts: at('12:02'), k: 'a', v: 4 }, { ts: at('12:03'), k: 'c', v: 5 }],
    ]);
    const r = await runStreaming({
      schema: 'ts TIMESTAMP, k STRING, v INT', inputDir: input, checkpoint: tempDir(), outputMode: 'append',
      select: `SELECT k, v, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM events) WHERE rn = 1`,
    });
    expect([...r.batches.values()]).toEqual([
      [{ k: 'a', v: 1, rn: 1 }, { k: 'b', v: 3, rn: 1 }],
      [{ k: 'c', v: 5, rn: 1 }],
    ]);
  });

  it('dropDuplicatesWithinWatermark forgets a key once its first event time plus the delay has passed', async () => {
    const input = tempDir();
    writeInputFiles(input, [
      [{ ts: at('12:00'), id: 'x' }],
      [{ ts: at('12:03'), id: 'x' }, { ts: at('12:20'), id: 'y' }],   // duplicate of x within the delay
      // Batch 2 runs with watermark 12:10: x (12:00 + 10 min) expires at the end of this batch, so this x is
      // still a duplicate (as in Spark, expired keys are removed after the batch's input is checked) …
      [{ ts: at('12:21'), id: 'x' }],
      // … and here it is new again.
      [{ ts: at('12:22'), id: 'x' }],
    ]);
    const s = new Session({ out: () => undefined });
    await s.execute(`CREATE SOURCE events (ts TIMESTAMP, id STRING) WITH (connector = 'file', path = '${input}', format = 'json', maxFilesPerTrigger = 1)`);
    const out = new Map<number, unknown[]>();
    const q = s.table('events').withWatermark('ts', '10 minutes').dropDuplicatesWithinWatermark(['id']).writeStream
      .foreachBatch((b, id) => { out.set(id, rowsOf(b).map((r) => `${r.id}@${(r.ts as string).slice(11, 16)}`)); })
      .option('checkpointLocation', tempDir()).trigger({ availableNow: true }).start();
    await q.awaitTermination();
    expect(out.get(0)).toEqual(['x@12:00']);
    expect(out.get(1)).toEqual(['y@12:20']);
    expect(out.get(2)).toEqual([]);
    expect(out.get(3)).toEqual(['x@12:22']);
  });
});

describe('several watermarked inputs', () => {
  async function run(policy?: string): Promise<string[]> {
    const root = tempDir();
    const a = path.join(root, 'a'), b = path.join(root, 'b');
    mkdirSync(a); mkdirSync(b);
    writeInputFiles(a, [[{ ts: at('12:30'), k: 'fast' }]]);
    writeInputFiles(b, [[{ ts: at('12:10'), k: 'slow' }]]);
    const s = new Session({ out: () => undefined });
    if (policy) await s.execute(`SET sluice.multipleWatermarkPolicy = ${policy}`);
    await s.execute(`
      CREATE SOURCE a (ts TIMESTAMP, k STRING, WATERMARK FOR ts AS ts - INTERVAL '5' MINUTES) WITH (connector = 'file', path = '${a}', format = 'json');
      CREATE SOURCE b (ts TIMESTAMP, k STRING, WATERMARK FOR ts AS ts - INTERVAL '5' MINUTES) WITH (connector = 'file', path = '${b}', format = 'json')`);
    const q = s.sql(`SELECT window(ts, '5 minutes') AS w, count(*) AS n FROM (SELECT * FROM a UNION ALL SELECT * FROM b) GROUP BY 1`)
      .writeStream.outputMode('append').foreachBatch(() => undefined)
      .option('checkpointLocation', tempDir()).trigger({ availableNow: true }).start();
    await q.awaitTermination();
    return q.recentProgress.map((p) => p.eventTime?.watermark ?? '');
  }

  it('takes the minimum of the inputs’ watermarks by default', async () => {
    expect((await run()).pop()).toBe(at('12:05'));
  });
  it('takes the maximum with SET sluice.multipleWatermarkPolicy = max', async () => {
    expect((await run('max')).pop()).toBe(at('12:25'));
  });
});
