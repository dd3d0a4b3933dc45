/**
 * Sluice against Spark itself: every case of spark-cases.json (schema, watermark, input files, query, output
 * mode) runs through Sluice the way scripts/spark-reference/generate.py ran it through Spark Structured
 * Streaming (one file per micro-batch, available-now), and the output is compared batch by batch, as
 * multisets, with what Spark wrote to spark-expected/<case>.json — including which batch ids exist (Spark's
 * no-data batches), the watermark each batch ran with and how many rows the watermark dropped. A case Spark
 * refuses must be refused by Sluice too, unless the case's `sluiceExtension` says why Sluice runs it; then
 * Sluice's output is compared with Spark's for the case's `sparkTwin`, a query Spark does run that means the
 * same on that input.
 *
 * Regenerate the expected files with `scripts/spark-reference/install.sh` and
 * `.venv-spark/bin/python scripts/spark-reference/generate.py`; a case without one is skipped.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { rowsOf } from '../../src/api/dataframe.js';
import type { StreamingQueryProgress } from '../../src/execution/progress.js';
import { runStreaming, tempDir, writeInputFiles } from './streaming-harness.js';

type Row = Record<string, unknown>;

interface SparkCase {
  readonly note: string;
  readonly schema: string;
  readonly watermark: { readonly column: string; readonly delay: string } | null;
  readonly tables?: Readonly<Record<string, { readonly schema: string; readonly rows: readonly Row[] }>>;
  readonly files: readonly (readonly Row[])[];
  /** Spark SQL over the stream `events`; without it the query is `events` itself. */
  readonly sql?: string;
  /** Applied to the result of `sql`. */
  readonly dropDuplicates?: readonly string[];
  readonly dropDuplicatesWithinWatermark?: readonly string[];
  readonly outputMode: 'append' | 'update' | 'complete';
  /** Set when Spark refuses the query and Sluice deliberately runs it: why. */
  readonly sluiceExtension?: string;
  /** With `sluiceExtension`: the case whose Spark output this case's Sluice output must equal. */
  readonly sparkTwin?: string;
}

interface SparkExpected {
  readonly case: string;
  readonly spark: string;
  readonly error?: string;
  readonly batches?: Readonly<Record<string, readonly Row[]>>;
  readonly progress?: Readonly<Record<string, { readonly watermark?: string; readonly numRowsDroppedByWatermark?: number }>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(path.join(here, 'spark-cases.json'), 'utf8')) as Record<string, SparkCase>;

function expectedFor(name: string): SparkExpected | undefined {
  const f = path.join(here, 'spark-expected', `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) as SparkExpected : undefined;
}

/** Spark's `withWatermark('ts', '10 minutes')` as a CREATE SOURCE clause. */
function watermarkClause(wm: NonNullable<SparkCase['watermark']>): string {
  const m = /^(\d+)\s+([a-z]+)$/i.exec(wm.delay.trim());
  if (!m) throw new Error(`unsupported watermark delay ${JSON.stringify(wm.delay)}`);
  return `${wm.column} AS ${wm.column} - INTERVAL '${m[1]}' ${m[2]!.toUpperCase()}`;
}

interface SluiceRun {
  readonly batches: Map<number, Row[]>;
  readonly progress: readonly StreamingQueryProgress[];
}

async function runInSluice(c: SparkCase): Promise<SluiceRun> {
  const input = tempDir();
  writeInputFiles(input, c.files);
  const s = new Session({ out: () => undefined });
  for (const [name, table] of Object.entries(c.tables ?? {})) {
    const f = path.join(tempDir(), `${name}.json`);
    writeFileSync(f, table.rows.map((r) => JSON.stringify(r) + '\n').join(''));
    await s.execute(`CREATE TABLE ${name} (${table.schema}) WITH (connector = 'file', path = '${f}', format = 'json')`);
  }
  const watermark = c.watermark ? watermarkClause(c.watermark) : undefined;
  if (c.sql !== undefined && !c.dropDuplicates && !c.dropDuplicatesWithinWatermark) {
    const r = await runStreaming({ inputDir: input, checkpoint: tempDir(), schema: c.schema, watermark, select: c.sql, outputMode: c.outputMode, session: s });
    return { batches: r.batches, progress: r.query.recentProgress };
  }
  const wm = watermark ? `, WATERMARK FOR ${watermark}` : '';
  await s.execute(`CREATE SOURCE events (${c.schema}${wm})
    WITH (connector = 'file', path = '${input}', format = 'json', maxFilesPerTrigger = 1)`);
  let df = c.sql !== undefined ? s.sql(c.sql) : s.table('events');
  if (c.dropDuplicates) df = df.dropDuplicates([...c.dropDuplicates]);
  if (c.dropDuplicatesWithinWatermark) df = df.dropDuplicatesWithinWatermark([...c.dropDuplicatesWithinWatermark]);
  const batches = new Map<number, Row[]>();
  const q = df.writeStream.outputMode(c.outputMode).foreachBatch((b, id) => { batches.set(id, rowsOf(b)); })
    .option('checkpointLocation', tempDir()).trigger({ availableNow: true }).start();
  await q.awaitTermination();
  return { batches, progress: q.recentProgress };
}

/** JSON text with object keys sorted, so that equal rows compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Row;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A batch as a multiset: its rows' canonical texts, sorted. */
const multiset = (rows: readonly Row[]): string[] => rows.map(canonical).sort();

/** Sluice's run in the shape of an expected file, keeping only the progress fields Spark's file has. */
function comparable(run: SluiceRun, expected: SparkExpected): { batches: Record<string, string[]>; progress: Record<string, unknown> } {
  const batches: Record<string, string[]> = {};
  for (const [id, rows] of [...run.batches].sort((a, b) => a[0] - b[0])) batches[String(id)] = multiset(rows);
  const progress: Record<string, unknown> = {};
  for (const p of run.progress) {
    const want = expected.progress?.[String(p.batchId)] ?? {};
    const got: Record<string, unknown> = {};
    if ('watermark' in want) got.watermark = p.eventTime?.watermark;
    if ('numRowsDroppedByWatermark' in want) got.numRowsDroppedByWatermark = p.stateOperators.reduce((n, op) => n + op.numRowsDroppedByWatermark, 0);
    progress[String(p.batchId)] = got;
  }
  return { batches, progress };
}

function sparkComparable(expected: SparkExpected): { batches: Record<string, string[]>; progress: Record<string, unknown> } {
  const batches: Record<string, string[]> = {};
  for (const [id, rows] of Object.entries(expected.batches ?? {})) batches[id] = multiset(rows);
  return { batches, progress: { ...expected.progress } };
}

describe('Sluice gives Spark’s answers (spark-expected/, from scripts/spark-reference/generate.py)', () => {
  for (const [name, c] of Object.entries(cases)) {
    const expected = expectedFor(name);
    if (!expected) {
      console.log(`spark-reference: skipping ${name}: no spark-expected/${name}.json (run scripts/spark-reference/generate.py)`);
      it.skip(name, () => undefined);
      continue;
    }
    if (expected.error !== undefined) {
      if (!c.sluiceExtension) {
        it(`${name}: refused, as Spark refuses it (${expected.error})`, async () => {
          await expect(runInSluice(c)).rejects.toThrow();
        });
        continue;
      }
      const twin = c.sparkTwin !== undefined ? expectedFor(c.sparkTwin) : undefined;
      if (!twin?.batches) {
        console.log(`spark-reference: skipping ${name}: Spark refuses it and its twin ${c.sparkTwin ?? '(none)'} has no expected batches`);
        it.skip(name, () => undefined);
        continue;
      }
      it(`${name}: Spark refuses it, Sluice runs it by design and gives Spark's answers to ${c.sparkTwin}`, async () => {
        const run = await runInSluice(c);
        expect(comparable(run, twin)).toEqual(sparkComparable(twin));
      });
      continue;
    }
    it(`${name} (Spark ${expected.spark})`, async () => {
      const run = await runInSluice(c);
      expect(comparable(run, expected)).toEqual(sparkComparable(expected));
    });
  }
});
