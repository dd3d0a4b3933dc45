/**
 * Text forms of values for the text-based sink formats. Timestamps are ISO-8601 UTC with milliseconds, and with
 * microseconds when there are any, so every value reads back exactly (`2026-01-01T12:00:00.000Z`,
 * `2026-01-01T12:00:00.000123Z`).
 */
import type { DataType, Interval } from '../../types/data-type.js';
import { formatDate, formatInterval, formatTimestampIso } from '../../types/temporal.js';

export function timestampText(micros: number): string {
  const iso = formatTimestampIso(micros);
  const sub = ((micros % 1000) + 1000) % 1000;
  return sub === 0 ? iso : `${iso.slice(0, -1)}${String(sub).padStart(3, '0')}Z`;
}

/** A value as the JSON value the json reader reads back into the same value (see types/values.ts). */
export function jsonValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'timestamp': return timestampText(v as number);
    case 'date': return formatDate(v as number);
    case 'double': case 'decimal': {
      const n = v as number;
      return Number.isFinite(n) ? n : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    case 'binary': return Buffer.from(v as Uint8Array).toString('base64');
    case 'interval': return formatInterval(v as Interval);
    case 'array': return (v as unknown[]).map((x) => jsonValue(x, t.element));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v as Map<unknown, unknown>) out[String(jsonValue(k, t.key))] = jsonValue(x, t.value);
      return out;
    }
    case 'struct': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) out[f.name] = jsonValue(src[f.name], f.type);
      return out;
    }
    default: return v;
  }
}
