/**
 * Exactly-once across SIGKILL: a child process runs file source → query → idempotent batch-file sink while input
 * files keep arriving; it is killed at random moments, restarted each time, and finally run to completion. The
 * union of all batch outputs must then hold every input record exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileChild } from '../helpers/compile-child.js';
import { tempDirFactory } from './helpers/temp-dirs.js';

let childScript = '';
const tmp = tempDirFactory('sluice-crash-');

beforeAll(() => {
  childScript = compileChild('test/execution/fixtures/crash-child.ts', tmp());
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('crash recovery', () => {
  it('SIGKILL at random moments, 24 times, while files arrive: output holds every record exactly once', async () => {
    const work = tmp();
    const input = path.join(work, 'in');
    const ck = path.join(work, 'ck');
    const out = path.join(work, 'out');
    mkdirSync(input);
    mkdirSync(out);

    let nextId = 0;
    let fileNo = 0;
    const writeFile = (): void => {
      const lines: string[] = [];
      const name = `f${String(fileNo++).padStart(5, '0')}.json`;
      for (let i = 0; i < 7; i++) lines.push(JSON.stringify({ id: nextId++, file: name }));
      const hidden = path.join(input, `.${name}`);
      writeFileSync(hidden, lines.join('\n') + '\n');
      renameSync(hidden, path.join(input, name));
    };
    let producing = true;
    const producer = (async () => {
      while (producing) {
        writeFile();
        await sleep(5 + Math.random() * 20);
      }
    })();

    const stderr: string[] = [];
    const run = (trigger: string): ChildProcess => {
      const child = spawn(process.execPath, [childScript, input, ck, out, trigger], { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
      return child;
    };
    const exited = (c: ChildProcess): Promise<number | null> =>
      new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

    const kills = 24;
    for (let k = 0; k < kills; k++) {
      const child = run('default');
      await sleep(150 + Math.random() * 350);
      child.kill('SIGKILL');
      await exited(child);
      expect(child.signalCode).toBe('SIGKILL');
    }
    producing = false;
    await producer;

    const final = run('availableNow');
    const code = await exited(final);
    expect(stderr.join('')).toBe('');
    expect(code).toBe(0);

    const batchFiles = readdirSync(out).filter((n) => n.endsWith('.json'));
    const ids: number[] = batchFiles.flatMap((n) => JSON.parse(readFileSync(path.join(out, n), 'utf8')) as number[]);
    ids.sort((a, b) => a - b);
    expect(ids.length).toBe(nextId);
    expect(ids).toEqual(Array.from({ length: nextId }, (_, i) => i));
    // Batch ids are consecutive from 0: no batch was skipped or numbered twice.
    const batchIds = batchFiles.map((n) => Number(n.slice(0, -5))).sort((a, b) => a - b);
    expect(batchIds).toEqual(Array.from({ length: batchIds.length }, (_, i) => i));
    // The kills hit a working query: most batches were committed by the killed runs.
    expect(batchIds.length).toBeGreaterThan(kills);
  }, 120_000);
});
