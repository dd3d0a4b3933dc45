/**
 * Runtime of the event-time window functions bound in planner/analyzer/event-time-windows.ts. A window is the
 * struct `{start, end}` (microsecond timestamps); windows are aligned to `startTime` modulo the slide, so a
 * row at t belongs to the windows [s, s + size) with s ≡ startTime (mod slide) and s ≤ t < s + size.
 */
import type { Column, FixedData } from './column.js';
import { makeColumn } from './column.js';
import type { ScalarImpl } from './functions/scalar-impl.js';

function windowStart(t: number, slide: number, start: number): number {
  const offset = (((t - start) % slide) + slide) % slide;
  return t - offset;
}

const tumblingWindow: ScalarImpl = (args, n, type) => {
  const ts = args[0]!, size = (args[1]!.data as FixedData)[0]!, start = (args[2]!.data as FixedData)[0]!;
  const d = ts.data as FixedData, nulls = ts.nulls;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { out[i] = null; continue; }
    const s = windowStart(d[i]!, size, start);
    out[i] = { start: s, end: s + size };
  }
  return makeColumn(type, out);
};

const slidingWindows: ScalarImpl = (args, n, type) => {
  const ts = args[0]!;
  const size = (args[1]!.data as FixedData)[0]!, slide = (args[2]!.data as FixedData)[0]!, start = (args[3]!.data as FixedData)[0]!;
  const d = ts.data as FixedData, nulls = ts.nulls;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { out[i] = null; continue; }
    const t = d[i]!;
    const windows: { start: number; end: number }[] = [];
    // Oldest first, as Spark emits them.
    for (let s = windowStart(t, slide, start) - Math.ceil(size / slide - 1) * slide; s <= t; s += slide) {
      if (s + size > t) windows.push({ start: s, end: s + size });
    }
    out[i] = windows;
  }
  return makeColumn(type, out);
};

const windowTime: ScalarImpl = (args, n, type) => {
  const w = args[0]!.data as ({ end: number } | null)[];
  const out = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (v === null || v === undefined) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
    out[i] = v.end - 1;
  }
  return makeColumn(type, out, nulls);
};

const impls: Record<string, ScalarImpl> = {
  tumbling_window: tumblingWindow,
  sliding_windows: slidingWindows,
  window_time: windowTime,
};

export function lookupEventTimeWindowImpl(name: string): ScalarImpl | undefined {
  return impls[name];
}

