import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { StateStoreManager } from '../../src/state/state-store-manager.js';
import { STORES, contentAt } from './fixtures/crash-content.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const KILLS = 24;
const dirs: string[] = [];

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface Run {
  readonly lines: string[];
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Starts the writer, kills it with SIGKILL `delayMs` after it printed "ready" (or after it started, when
 * `afterStart`), and resolves when it is gone.
 */
function runAndKill(dir: string, delayMs: number, afterStart: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath,
      ['--import', join(fixtures, 'register-ts.mjs'), join(fixtures, 'crash-writer.ts'), dir],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = (): void => { timer = setTimeout(() => child.kill('SIGKILL'), delayMs); };
    if (afterStart) kill();
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const parts = out.split('\n');
      out = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (!afterStart && line.startsWith('ready')) kill();
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ lines, stderr, code, signal });
    });
  });
}

describe('state store crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random moments: every store at one complete version`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-state-crash-'));
    dirs.push(dir);
    let previousLatest = 0;
    let seed = 20240601;
    const random = (): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      return (seed >>> 0) / 0x1_0000_0000;
    };
    for (let round = 0; round < KILLS; round++) {
      // Every fourth kill lands anywhere from start-up on (opening, re-running the last batch); the others
      // while versions are being committed.
      const afterStart = round % 4 === 0;
      const run = await runAndKill(dir, afterStart ? 100 + random() * 600 : random() * 400, afterStart);
      expect(run.signal, `writer exited by itself (code ${run.code}): ${run.stderr}`).toBe('SIGKILL');

      const manager = await StateStoreManager.open(dir, { retainedVersions: 5 });
      try {
        const latest = STORES.map(([op, part]) => manager.latestVersion(op, part));
        expect(new Set(latest).size).toBe(1);
        const v = latest[0]!;
        // Versions only move forward: a re-run replaces the newest version, it never loses one.
        expect(v).toBeGreaterThanOrEqual(previousLatest);
        const printed = run.lines.filter((l) => l.startsWith('committed')).map((l) => Number(l.split(' ')[1]));
        if (printed.length > 0) expect(v).toBeGreaterThanOrEqual(printed[printed.length - 1]!);
        previousLatest = v;
        for (let version = Math.max(0, v - 4); version <= v; version++) {
          for (let s = 0; s < STORES.length; s++) {
            const [op, part] = STORES[s]!;
            const store = await manager.getStore(op, part, version);
            const got: [string, string][] = [];
            for await (const [k, val] of store.iterator()) {
              got.push([Buffer.from(k).toString(), Buffer.from(val).toString()]);
            }
            const want = contentAt(s, version);
            expect(got.length, `store ${s} version ${version}`).toBe(want.length);
            expect(got).toEqual(want);
            expect(await store.numKeys()).toBe(want.length);
            store.abort();
          }
        }
      } finally {
        await manager.close();
      }
    }
    // The writer made real progress between kills, so kills hit commits and maintenance, not just start-up.
    expect(previousLatest).toBeGreaterThan(KILLS);
  }, 120_000);
});
