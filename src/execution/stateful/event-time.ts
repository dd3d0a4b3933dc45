import type { EventTimeKey } from '../../planner/physical-plan.js';
import type { Column, FixedData } from '../column.js';

/** The event time (µs) a key carries: a window's end, or the timestamp itself; null when the key is null. */
export function eventTimeOfValue(v: unknown, et: EventTimeKey): number | null {
  if (v === null || v === undefined) return null;
  return et.isWindow ? (v as { end: number }).end : (v as number);
}

/** Per row, whether its event time is at or before the watermark (µs): such rows are late. */
export function lateRows(keyColumn: Column, et: EventTimeKey, watermarkMicros: number, n: number): Uint8Array {
  const late = new Uint8Array(n);
  if (et.isWindow) {
    const d = keyColumn.data as ({ end: number } | null)[];
    for (let i = 0; i < n; i++) { const w = d[i]; if (w !== null && w !== undefined && w.end <= watermarkMicros) late[i] = 1; }
  } else {
    const d = keyColumn.data as FixedData, nulls = keyColumn.nulls;
    for (let i = 0; i < n; i++) if ((nulls === null || nulls[i] === 0) && d[i]! <= watermarkMicros) late[i] = 1;
  }
  return late;
}
