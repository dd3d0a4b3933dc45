/**
 * Benchmark of the state store's bulk path as the streaming aggregation uses it (benchmark "(c) GROUP BY with
 * 1,000,000 distinct keys, state on LevelDB"): every version reads and rewrites every key.
 *
 *   npm run build && node --max-old-space-size=16384 bench/state-store-bench.mjs [--keys N] [--versions V]
 *
 * For version v = 0..V-1 it opens the 4 partitions' stores at v, and per partition reads all of the
 * partition's keys with one `getManyPacked`, writes a new value for each with one `putManyPacked` (the same
 * packed keys object), then commits the 4 stores with one `commitAll`. Keys are byte 0x01 followed by the
 * little-endian float64 of k (0 ≤ k < N), in ascending k within a partition, as a dense-id grouping hands them
 * over; values are 19 bytes: a tag byte, then count and sum as float64, count + 1 and sum + k of the previous
 * value. Prints per version the wall, CPU (user + system, all threads) and GC pause time of each phase — read,
 * put, commit — and at the end checks a sample of keys at version V (count = V, sum = V·k) and the key count;
 * a wrong value exits with code 1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashPartition } from '../dist/state/hash-partition.js';
import { StateStoreManager } from '../dist/state/state-store-manager.js';

const PARTS = 4;
const KEY_BYTES = 9;
const VALUE_BYTES = 19;
const VALUE_TAG = 0x02;

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} needs a positive integer`);
    process.exit(2);
  }
  return n;
}

const numKeys = option('--keys', 1_000_000);
const versions = option('--versions', 10);

/** Per partition: its keys packed, and the k of each. */
function buildKeys() {
  const all = new Uint8Array(numKeys * KEY_BYTES);
  const view = new DataView(all.buffer);
  const partOf = new Uint8Array(numKeys);
  const counts = new Int32Array(PARTS);
  for (let k = 0; k < numKeys; k++) {
    const at = k * KEY_BYTES;
    all[at] = 0x01;
    view.setFloat64(at + 1, k, true);
    const p = hashPartition(all, PARTS, at, at + KEY_BYTES);
    partOf[k] = p;
    counts[p]++;
  }
  const parts = [];
  for (let p = 0; p < PARTS; p++) {
    const n = counts[p];
    parts.push({ keys: { bytes: new Uint8Array(n * KEY_BYTES), offsets: new Int32Array(n + 1) }, ks: new Float64Array(n) });
  }
  const fill = new Int32Array(PARTS);
  for (let k = 0; k < numKeys; k++) {
    const p = partOf[k];
    const part = parts[p];
    const i = fill[p]++;
    part.keys.bytes.set(all.subarray(k * KEY_BYTES, (k + 1) * KEY_BYTES), i * KEY_BYTES);
    part.keys.offsets[i + 1] = (i + 1) * KEY_BYTES;
    part.ks[i] = k;
  }
  return parts;
}

/** The new values from the old ones: count + 1, sum + k (starting from nothing when absent). */
function buildValues(ks, old) {
  const n = ks.length;
  const bytes = new Uint8Array(n * VALUE_BYTES);
  const offsets = new Int32Array(n + 1);
  const out = new DataView(bytes.buffer);
  const inView = new DataView(old.bytes.buffer, old.bytes.byteOffset, old.bytes.byteLength);
  for (let i = 0; i < n; i++) {
    let count = 0;
    let sum = 0;
    const start = old.starts[i];
    if (start >= 0) {
      if (old.ends[i] - start !== VALUE_BYTES || old.bytes[start] !== VALUE_TAG) {
        throw new Error(`key ${ks[i]}: stored value is malformed`);
      }
      count = inView.getFloat64(start + 1, true);
      sum = inView.getFloat64(start + 9, true);
    }
    const at = i * VALUE_BYTES;
    bytes[at] = VALUE_TAG;
    out.setFloat64(at + 1, count + 1, true);
    out.setFloat64(at + 9, sum + ks[i], true);
    offsets[i + 1] = at + VALUE_BYTES;
  }
  return { bytes, offsets };
}

const gcPauses = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
}).observe({ entryTypes: ['gc'] });

/** A phase's wall and CPU time, and its time window (for attributing GC pauses). */
async function phase(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  return { result, wall: end - start, cpu: (used.user + used.system) / 1000, start, end, gc: 0 };
}

/** GC pause time that started within each phase's window (the observer reports after the fact). */
async function attributeGc(phases) {
  await sleep(20);
  for (const ph of phases) {
    for (const g of gcPauses) if (g.start >= ph.start && g.start < ph.end) ph.gc += g.duration;
  }
  gcPauses.length = 0;
}

const fmt = (x) => x.toFixed(0).padStart(6);

const parts = buildKeys();
const dir = await mkdtemp(join(tmpdir(), 'sluice-state-store-bench-'));
let failed = false;
const totals = { wall: 0, cpu: 0, gc: 0, count: 0, walls: [] };
try {
  const manager = await StateStoreManager.open(dir);
  console.log(`${numKeys} keys over ${PARTS} partitions, ${versions} versions; times in ms`);
  console.log('version |   read: wall    cpu     gc |    put: wall    cpu     gc | commit: wall    cpu     gc |'
    + '  total: wall    cpu     gc | heap MB  rss MB');
  for (let v = 0; v < versions; v++) {
    const stores = await Promise.all(parts.map((_, p) => manager.getStore(0, p, v)));
    const read = await phase(() => Promise.all(parts.map((part, p) => stores[p].getManyPacked(part.keys))));
    const values = parts.map((part, p) => buildValues(part.ks, read.result[p]));
    read.result = undefined;
    const put = await phase(() => { parts.forEach((part, p) => stores[p].putManyPacked(part.keys, values[p])); });
    const commit = await phase(() => manager.commitAll(stores));
    if (commit.result !== v + 1) throw new Error(`commitAll returned ${commit.result}, expected ${v + 1}`);
    const phases = [read, put, commit];
    await attributeGc(phases);
    const wall = read.wall + put.wall + commit.wall;
    const cpu = read.cpu + put.cpu + commit.cpu;
    const gc = read.gc + put.gc + commit.gc;
    if (v > 0) {
      totals.wall += wall;
      totals.cpu += cpu;
      totals.gc += gc;
      totals.count++;
      totals.walls.push(wall);
    }
    const mem = process.memoryUsage();
    console.log(`${String(v).padStart(7)} | ${phases.map((ph) => `      ${fmt(ph.wall)} ${fmt(ph.cpu)} ${fmt(ph.gc)}`).join(' | ')}`
      + ` |       ${fmt(wall)} ${fmt(cpu)} ${fmt(gc)} | ${fmt(mem.heapUsed / 2 ** 20)}  ${fmt(mem.rss / 2 ** 20)}`);
  }
  if (totals.count > 0) {
    const c = totals.count;
    console.log(`mean of versions 1..${versions - 1}: wall ${fmt(totals.wall / c)}  cpu ${fmt(totals.cpu / c)}  `
      + `gc ${fmt(totals.gc / c)}  |  wall min ${fmt(Math.min(...totals.walls))}  `
      + `median ${fmt(totals.walls.sort((a, b) => a - b)[Math.floor(c / 2)])}`);
  }

  // Check: at version `versions` every key has count = versions and sum = versions · k.
  let checked = 0;
  let total = 0;
  const stride = Math.max(1, Math.floor(numKeys / 5000));
  for (let p = 0; p < PARTS; p++) {
    const store = await manager.getStore(0, p, versions);
    total += await store.numKeys();
    const { keys, ks } = parts[p];
    const sample = [];
    const sampleKs = [];
    for (let i = p; i < ks.length; i += stride) {
      sample.push(keys.bytes.slice(keys.offsets[i], keys.offsets[i + 1]));
      sampleKs.push(ks[i]);
    }
    const got = await store.getMany(sample);
    for (let j = 0; j < got.length; j++) {
      const value = got[j];
      const k = sampleKs[j];
      const view = value === undefined ? undefined : new DataView(value.buffer, value.byteOffset, value.byteLength);
      const ok = value !== undefined && value.length === VALUE_BYTES && value[0] === VALUE_TAG
        && view.getFloat64(1, true) === versions && view.getFloat64(9, true) === versions * k;
      if (!ok) {
        if (!failed) console.error(`WRONG: key ${k} of partition ${p} at version ${versions}`);
        failed = true;
      }
      checked++;
    }
    store.abort();
  }
  if (total !== numKeys) {
    console.error(`WRONG: ${total} keys at version ${versions}, expected ${numKeys}`);
    failed = true;
  }
  console.log(failed ? 'check FAILED' : `check ok: ${checked} sampled keys and the key count at version ${versions}`);
  await manager.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
