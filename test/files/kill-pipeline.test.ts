/**
 * End-to-end exactly-once of the file sink: a child process runs file source → (a) stateless projection with
 * partitionBy, (b) windowed aggregation with a watermark in append mode → parquet file sink, and is killed with
 * SIGKILL at 50 random moments per pipeline (every fifth kill inside the sink: after the part files, before or
 * just after the manifest entry) while new input files keep arriving, and restarted each time on its checkpoint.
 * Afterwards the sink directory, read through its manifest, must hold exactly the rows of an uninterrupted run
 * over the same input — nothing lost, nothing twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readSinkManifest } from '../../src/sources/file-sink-manifest.js';
import { compileChild } from '../helpers/compile-child.js';
import { readTable, sortRows, tempDir } from './file-test-helpers.js';

let childScript = '';
const KILLS = 50;
const FILES = 140;
const ROWS_PER_FILE = 30;
const BASE_MS = Date.UTC(2026, 0, 1);

beforeAll(() => {
  childScript = compileChild('test/files/fixtures/file-pipeline-child.ts', tempDir());
});

interface Row { ts: string; k: string; v: number }

/** File f's rows: event times increase with f and r, so no row is ever late whatever the batching. */
function fileRows(f: number): Row[] {
  return Array.from({ length: ROWS_PER_FILE }, (_, r) => ({
    ts: new Date(BASE_MS + (f * ROWS_PER_FILE + r) * 100).toISOString(),
    k: `k${(f * 7 + r) % 5}`,
    v: (f * 31 + r * 17) % 100,
  }));
}

function writeInput(dir: string, f: number): void {
  // Appears by rename, as a well-behaved producer does; the source's settle check covers the others.
  const name = `part-${String(f).padStart(4, '0')}.json`;
  const hidden = path.join(dir, `.${name}`);
  writeFileSync(hidden, fileRows(f).map((r) => JSON.stringify(r)).join('\n') + '\n');
  renameSync(hidden, path.join(dir, name));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const exited = (c: ChildProcess): Promise<number | null> =>
  new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

function run(mode: string, input: string, ck: string, out: string, trigger: string, stderr: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [childScript, mode, input, ck, out, trigger], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  return child;
}

/** Kills and restarts one pipeline KILLS times while files arrive, then finishes it; returns its dirs. */
async function tortured(mode: string, seed: number): Promise<{ input: string; out: string; stderr: string[]; committedBatches: number }> {
  const input = tempDir(), ck = tempDir(), out = tempDir();
  mkdirSync(out, { recursive: true });
  let s = seed;
  const random = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  let written = 0;
  for (; written < 4; written++) writeInput(input, written);
  const stderr: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    const inSink = k % 5 === 4 ? { KILL_AT: k % 10 === 4 ? 'before-manifest' : 'after-manifest' } : {};
    const child = run(mode, input, ck, out, 'default', stderr, inSink);
    const deadline = Date.now() + 250 + random() * 1250;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (written < FILES && random() < 0.6) writeInput(input, written++);
      await sleep(30);
    }
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode, `the child ended by itself: ${stderr.join('')}`).toBe('SIGKILL');
  }
  while (written < FILES) writeInput(input, written++);
  const final = run(mode, input, ck, out, 'availableNow', stderr);
  expect(await exited(final), stderr.join('')).toBe(0);
  const committedBatches = (await readSinkManifest(out)).latestBatchId + 1;
  return { input, out, stderr, committedBatches };
}

async function uninterrupted(mode: string, input: string): Promise<string> {
  const out = tempDir();
  const stderr: string[] = [];
  const child = run(mode, input, tempDir(), out, 'availableNow', stderr);
  expect(await exited(child), stderr.join('')).toBe(0);
  return out;
}

it(`file source → query → file sink: exactly the rows of an uninterrupted run after ${KILLS} SIGKILLs per pipeline`, async () => {
  const [stateless, windowed] = await Promise.all([tortured('stateless', 4242), tortured('windowed', 777)]);
  for (const t of [stateless, windowed]) expect(t.stderr.filter((l) => !l.startsWith('WARN')).join('')).toBe('');

  // (a) stateless: against an uninterrupted run and against the input itself.
  const a = sortRows((await readTable(stateless.out, 'parquet')).rows);
  const aClean = sortRows((await readTable(await uninterrupted('stateless', stateless.input), 'parquet')).rows);
  const expected = sortRows(Array.from({ length: FILES }, (_, f) => fileRows(f)).flat()
    .filter((r) => r.v % 3 !== 0).map((r) => ({ k: r.k, v2: r.v * 2, ts: Date.parse(r.ts) * 1000 })));
  expect(a.length).toBe(expected.length);
  expect(a).toEqual(expected);
  expect(aClean).toEqual(expected);

  // (b) windowed aggregation in append mode: each window once, with its complete count.
  const b = sortRows((await readTable(windowed.out, 'parquet')).rows);
  const bClean = sortRows((await readTable(await uninterrupted('windowed', windowed.input), 'parquet')).rows);
  expect(b).toEqual(bClean);
  const windows = new Map<string, { w: number; k: string; n: number; total: number }>();
  const all = Array.from({ length: FILES }, (_, f) => fileRows(f)).flat();
  const watermark = Math.max(...all.map((r) => Date.parse(r.ts))) - 2000;
  for (const r of all) {
    const w = Math.floor(Date.parse(r.ts) / 5000) * 5000;
    if (w + 5000 > watermark) continue;
    const key = `${w}/${r.k}`;
    const e = windows.get(key) ?? { w: w * 1000, k: r.k, n: 0, total: 0 };
    windows.set(key, { ...e, n: e.n + 1, total: e.total + r.v });
  }
  expect(b).toEqual(sortRows([...windows.values()]));
  // The kills hit working queries: many batches were committed across the restarts.
  expect(stateless.committedBatches).toBeGreaterThan(KILLS / 2);
  expect(windowed.committedBatches).toBeGreaterThan(KILLS / 2);
}, 300_000);
