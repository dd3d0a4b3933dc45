/**
 * A query that fails stops cleanly with its exception, its checkpoint stays valid, and a restart after the
 * cause is fixed continues exactly where it stopped (DESIGN.md §8).
 */
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { rowsOf } from '../../src/api/dataframe.js';
import { tempDir, writeInputFiles } from './streaming-harness.js';

async function run(input: string, ck: string, out: Map<number, unknown[]>) {
  const s = new Session({ out: () => undefined });
  await s.execute(`CREATE SOURCE events (k STRING, v INT) WITH (connector = 'file', path = '${input}', format = 'json', maxFilesPerTrigger = 1, mode = 'FAILFAST')`);
  const q = s.sql('SELECT k, sum(v) AS total FROM events GROUP BY k').writeStream.outputMode('complete')
    .foreachBatch((b, id) => { out.set(id, rowsOf(b)); })
    .option('checkpointLocation', ck).trigger({ availableNow: true }).start();
  return q;
}

it('stops on a malformed record under FAILFAST, naming file and line, and resumes exactly after the fix', async () => {
  const input = tempDir(), ck = tempDir();
  writeInputFiles(input, [[{ k: 'a', v: 1 }], [{ k: 'a', v: 2 }], [{ k: 'b', v: 3 }]]);
  const bad = path.join(input, 'part-0001.json');
  // Rewrite the second file in place, keeping its modification time (the source orders files by it).
  const rewrite = (text: string) => { const { mtime } = statSync(bad); writeFileSync(bad, text); utimesSync(bad, mtime, mtime); };
  rewrite('{"k":"a","v":2}\n{"k":"a","v":"two"}\n');
  const out = new Map<number, unknown[]>();
  const q = await run(input, ck, out);
  await expect(q.awaitTermination()).rejects.toThrow(/part-0001\.json.*line 2|line 2.*part-0001\.json/);
  expect(q.isActive).toBe(false);
  expect(q.exception?.code).toBe('MALFORMED_RECORD');
  expect([...out.keys()]).toEqual([0]);
  expect(out.get(0)).toEqual([{ k: 'a', total: 1 }]);

  // Fix the file (same name, same position) and restart: batch 1 re-runs, nothing is counted twice.
  rewrite('{"k":"a","v":2}\n{"k":"a","v":20}\n');
  const q2 = await run(input, ck, out);
  await q2.awaitTermination();
  expect([...out.keys()]).toEqual([0, 1, 2]);
  expect(out.get(1)).toEqual([{ k: 'a', total: 23 }]);
  expect(new Set(out.get(2) as object[])).toEqual(new Set([{ k: 'a', total: 23 }, { k: 'b', total: 3 }]));
});
