/**
 * Converting internal values (see data-type.ts) to and from JSON-shaped values: what `collect()` returns, what
 * the jsonl output prints, and what the JSON reader accepts. Timestamps become ISO-8601 UTC strings with
 * milliseconds, dates `YYYY-MM-DD`, structs and maps objects, binary base64 strings.
 */
import type { DataType, Interval } from './data-type.js';
import { formatDate, formatInterval, formatTimestampIso, parseDate, parseIntervalString, parseTimestamp } from './temporal.js';

export function toJsonValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'timestamp': return formatTimestampIso(v as number);
    case 'date': return formatDate(v as number);
    case 'double': {
      const n = v as number;
      return Number.isFinite(n) ? n : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    case 'binary': return Buffer.from(v as Uint8Array).toString('base64');
    case 'interval': return formatInterval(v as Interval);
    case 'array': return (v as unknown[]).map((x) => toJsonValue(x, t.element));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v as Map<unknown, unknown>) out[String(toJsonValue(k, t.key))] = toJsonValue(x, t.value);
      return out;
    }
    case 'struct': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) out[f.name] = toJsonValue(src[f.name], f.type);
      return out;
    }
    default: return v;
  }
}

/**
 * Converts a parsed JSON value to the internal value of type `t`, or returns `undefined` when it does not fit
 * (the caller decides, by the `mode` option, what a misfit means). Numbers given as strings are not accepted
 * for numeric columns, matching Spark's JSON reader; timestamps and dates are read from strings.
 */
export function fromJsonValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'null': return null;
    case 'boolean': return typeof v === 'boolean' ? v : undefined;
    case 'int': return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
    case 'bigint': return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
    case 'double': case 'decimal':
      if (typeof v === 'number') return v;
      if (v === 'NaN') return NaN;
      if (v === 'Infinity') return Infinity;
      if (v === '-Infinity') return -Infinity;
      return undefined;
    case 'string': return typeof v === 'string' ? v : JSON.stringify(v);
    case 'binary': return typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : undefined;
    case 'timestamp':
      if (typeof v === 'string') return parseTimestamp(v) ?? undefined;
      if (typeof v === 'number') return Math.round(v * 1_000_000); // seconds since the epoch, as Spark reads numbers
      return undefined;
    case 'date': return typeof v === 'string' ? parseDate(v) ?? undefined : undefined;
    case 'interval': return typeof v === 'string' ? parseIntervalString(v) ?? undefined : undefined;
    case 'array': {
      if (!Array.isArray(v)) return undefined;
      const out: unknown[] = [];
      for (const x of v) { const c = fromJsonValue(x, t.element); if (c === undefined) return undefined; out.push(c); }
      return out;
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return undefined;
      const out = new Map<unknown, unknown>();
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const ck = fromJsonValue(k, t.key), cx = fromJsonValue(x, t.value);
        if (ck === undefined || cx === undefined) return undefined;
        out.set(ck, cx);
      }
      return out;
    }
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) return undefined;
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const c = fromJsonValue(lookupCaseInsensitive(src, f.name), f.type);
        if (c === undefined) return undefined;
        out[f.name] = c;
      }
      return out;
    }
  }
}

function lookupCaseInsensitive(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}
