/**
 * Exactly-once across crashes: a stateful complete-mode aggregation over a file source is killed with SIGKILL
 * at random moments (and, every few restarts, inside the sink — after the batch's state commit and before its
 * commit log entry) while input files keep arriving, and restarted each time on the same checkpoint. Its last
 * result must equal the aggregation of all input: nothing lost, nothing counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from './streaming-harness.js';

const child = fileURLToPath(new URL('./fixtures/kill-child.mjs', import.meta.url));
const KILLS = 30;
const FILES = 80;
const ROWS_PER_FILE = 40;

/** Deterministic input: file f, row r → key k(f*7+r mod 13), value (f*31+r*17) mod 100. */
function fileRows(f: number): { k: string; v: number }[] {
  return Array.from({ length: ROWS_PER_FILE }, (_, r) => ({ k: `k${(f * 7 + r) % 13}`, v: (f * 31 + r * 17) % 100 }));
}

function startChild(input: string, ck: string, out: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [child, input, ck, out], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.once('exit', (code) => resolve(code));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it(`counts every input exactly once across ${KILLS} SIGKILLs`, async () => {
  const input = tempDir(), ck = tempDir(), out = tempDir();
  mkdirSync(out, { recursive: true });
  let written = 0;
  const writeNext = () => {
    // Files appear by rename, so the source never sees one half-written.
    const f = written++;
    const tmp = path.join(input, `.tmp-${f}`);
    writeFileSync(tmp, fileRows(f).map((r) => JSON.stringify(r)).join('\n') + '\n');
    renameSync(tmp, path.join(input, `part-${String(f).padStart(4, '0')}.json`));
  };
  for (let i = 0; i < 5; i++) writeNext();

  let seed = 12345;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  let stderr = '';
  for (let kill = 0; kill < KILLS; kill++) {
    const inSink = kill % 5 === 4;
    const p = startChild(input, ck, out, inSink ? { KILL_AT_SINK_CALL: String(1 + Math.floor(random() * 3)) } : {});
    p.stderr!.on('data', (d) => { stderr += String(d); });
    const deadline = Date.now() + 300 + random() * 1200;
    while (Date.now() < deadline && p.exitCode === null && p.signalCode === null) {
      if (written < FILES && random() < 0.5) writeNext();
      await sleep(40);
    }
    p.kill('SIGKILL');
    await exited(p);
  }
  while (written < FILES) writeNext();

  const final = startChild(input, ck, out, { AVAILABLE_NOW: '1' });
  final.stderr!.on('data', (d) => { stderr += String(d); });
  expect(await exited(final), stderr).toBe(0);

  const expected = new Map<string, { n: number; total: number }>();
  for (let f = 0; f < FILES; f++) {
    for (const r of fileRows(f)) {
      const e = expected.get(r.k) ?? { n: 0, total: 0 };
      expected.set(r.k, { n: e.n + 1, total: e.total + r.v });
    }
  }
  const last = Math.max(...readdirSync(out).filter((f) => f.endsWith('.json')).map((f) => Number(f.slice(0, -5))));
  const rows = JSON.parse(readFileSync(path.join(out, `${last}.json`), 'utf8')) as { k: string; n: number; total: number }[];
  const got = new Map(rows.map((r) => [r.k, { n: r.n, total: r.total }]));
  expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...expected].sort()));
  // The kills interrupted real work: many batches ran across the restarts.
  expect(last).toBeGreaterThan(10);
}, 180_000);
