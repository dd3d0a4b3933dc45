/**
 * Runs streaming SQL over JSON-lines input files, one file per micro-batch (maxFilesPerTrigger = 1,
 * available-now trigger), into a memory sink, and returns the output batch by batch with values as jsonl
 * prints them.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from '../../src/api/session.js';
import type { StreamingQueryHandle } from '../../src/api/data-stream-writer.js';
import { rowsOf } from '../../src/api/dataframe.js';
import { tempDirFactory } from '../execution/helpers/temp-dirs.js';

export const tempDir = tempDirFactory('sluice-streaming-');

/** Writes each element as one input file (rows as JSON lines), with increasing modification times. */
export function writeInputFiles(dir: string, files: readonly (readonly Record<string, unknown>[])[], firstIndex = 0): void {
  const t0 = Date.now() / 1000 - 100_000;
  files.forEach((rows, k) => {
    const i = firstIndex + k;
    const f = path.join(dir, `part-${String(i).padStart(4, '0')}.json`);
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    utimesSync(f, t0 + i * 10, t0 + i * 10);
  });
}

export interface RunResult {
  /** Output rows per batch id (batches with no rows included as empty arrays). */
  readonly batches: Map<number, Record<string, unknown>[]>;
  readonly query: StreamingQueryHandle;
}

/**
 * Declares `CREATE SOURCE events (<schema>, WATERMARK …) WITH (file, json)` over `inputDir`, then starts
 * `select` with the given output mode, runs it available-now on `checkpoint`, and collects the memory sink.
 */
export async function runStreaming(opts: {
  inputDir: string; checkpoint: string; schema: string; watermark?: string; select: string;
  outputMode: 'append' | 'update' | 'complete'; session?: Session;
}): Promise<RunResult> {
  const s = opts.session ?? new Session({ out: () => undefined });
  const wm = opts.watermark ? `, WATERMARK FOR ${opts.watermark}` : '';
  await s.execute(`CREATE OR REPLACE SOURCE events (${opts.schema}${wm})
    WITH (connector = 'file', path = '${opts.inputDir}', format = 'json', maxFilesPerTrigger = 1)`);
  const batches = new Map<number, Record<string, unknown>[]>();
  const q = s.sql(opts.select).writeStream.outputMode(opts.outputMode)
    .foreachBatch((b, id) => { batches.set(id, rowsOf(b)); })
    .option('checkpointLocation', opts.checkpoint).trigger({ availableNow: true }).start();
  await q.awaitTermination();
  return { batches: new Map([...batches].sort((a, b) => a[0] - b[0])), query: q };
}

/** Rows sorted by their JSON text, for order-insensitive comparison. */
export function sorted(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
