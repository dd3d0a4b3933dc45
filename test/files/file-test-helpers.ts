/** Shared pieces of the file tests: a schema with every type, rows for it, and writing/reading through the real connectors. */
import { batchFromRows, batchToRows, concatBatches, type Batch } from '../../src/execution/batch.js';
import type { Offset } from '../../src/execution/source.js';
import { createFileSink } from '../../src/sinks/file-sink.js';
import { createFileSource } from '../../src/sources/file-source.js';
import { FileTable } from '../../src/sources/file-table.js';
import {
  arrayType, BigIntType, BinaryType, BooleanType, DateType, decimalType, DoubleType, IntervalType, IntType, mapType,
  StringType, structField, structType, TimestampType,
} from '../../src/types/data-type.js';
import { field, schema, type Schema } from '../../src/types/schema.js';
import { parseDate, parseTimestamp } from '../../src/types/temporal.js';
import { tempDirFactory } from '../execution/helpers/temp-dirs.js';

export const tempDir = tempDirFactory('sluice-files-');
export const ts = (t: string): number => parseTimestamp(t)!;
export const day = (t: string): number => parseDate(t)!;

/** Every scalar type csv can hold. */
export const scalarSchema: Schema = schema([
  field('id', IntType), field('big', BigIntType), field('x', DoubleType), field('price', decimalType(10, 2)),
  field('name', StringType), field('ok', BooleanType), field('d', DateType), field('t', TimestampType),
]);

export const scalarRows: Record<string, unknown>[] = [
  { id: 1, big: 9007199254740991, x: 1.5, price: 12.34, name: 'plain', ok: true, d: day('2026-01-01'), t: ts('2026-01-01T12:00:00.123456Z') },
  { id: -2, big: -5, x: -0.25, price: -0.5, name: 'comma, "quote"\nnewline', ok: false, d: day('1969-12-31'), t: ts('1969-12-31T23:59:59.999Z') },
  { id: 3, big: 0, x: NaN, price: 0, name: '', ok: null, d: null, t: null },
  { id: null, big: null, x: Infinity, price: null, name: null, ok: true, d: day('2026-02-28'), t: ts('2026-02-28T00:00:00Z') },
  { id: 2147483647, big: 1234567890123, x: 1e21, price: 99999999.99, name: 'ünïcødé ✓', ok: false, d: day('2000-02-29'), t: ts('2000-02-29T01:02:03Z') },
];

/** Every type, nested ones included (json, parquet, arrow). */
export const allSchema: Schema = schema([
  ...scalarSchema.fields,
  field('bytes', BinaryType),
  field('tags', arrayType(StringType)),
  field('scores', mapType(StringType, IntType)),
  field('pos', structType([structField('lat', DoubleType), structField('at', TimestampType), structField('ids', arrayType(BigIntType))])),
]);

export const allRows: Record<string, unknown>[] = scalarRows.map((r, i) => ({
  ...r,
  bytes: i === 2 ? null : new Uint8Array([i, 255, 0, 7]),
  tags: i === 3 ? null : i === 2 ? [] : ['a', null, `t${i}`],
  scores: i === 1 ? null : new Map([['k', i], ['z', null]]),
  pos: i === 0 ? null : { lat: i / 3, at: ts('2026-03-01T09:00:00.000001Z') + i, ids: [i, null, -i] },
}));

export const intervalSchema: Schema = schema([field('id', IntType), field('iv', IntervalType)]);

export function batchOf(s: Schema, rows: readonly Record<string, unknown>[]): Batch {
  return batchFromRows(s, rows);
}

/** Writes batches (batch id = index) through a file sink with the given options. */
export async function writeBatches(dir: string, format: string, s: Schema, batches: readonly (readonly Record<string, unknown>[])[], options: Record<string, string> = {}): Promise<void> {
  const sink = createFileSink({ path: dir, format, ...options });
  for (let b = 0; b < batches.length; b++) {
    await sink.addBatch(b, [batchOf(s, batches[b]!)], { schema: s, outputMode: 'append', queryId: 'q' });
  }
}

/** A static file table over `dir`, scanned whole. */
export async function readTable(dir: string, format: string, declared?: Schema, options: Record<string, string> = {}): Promise<{ schema: Schema; rows: Record<string, unknown>[] }> {
  const t = new FileTable({ path: dir, format, ...options }, declared);
  const b = await t.scan(t.schema.fields.map((_, i) => i));
  return { schema: t.schema, rows: batchToRows(b) };
}

/** A file source over `dir`, drained the way the engine does (one batch per offset); rows of all batches. */
export async function readStream(dir: string, ck: string, format: string, declared?: Schema, options: Record<string, string> = {}): Promise<{ schema: Schema; rows: Record<string, unknown>[]; batches: number; dropped: number }> {
  const src = createFileSource({ path: dir, format, fileSettleTime: '0', ...options }, declared);
  let dropped = 0;
  await src.initialize({ metadataPath: ck, onMalformedDropped: (n) => { dropped += n; } });
  let at: Offset | null = null;
  const parts: Batch[] = [];
  let batches = 0;
  for (;;) {
    const latest = await src.latestOffset(at);
    if (latest === null || JSON.stringify(latest) === JSON.stringify(at)) break;
    parts.push(...await src.getBatch(at, latest));
    await src.commit(latest);
    batches++;
    at = latest;
  }
  await src.stop();
  return { schema: src.schema(), rows: batchToRows(concatBatches(src.schema(), parts)), batches, dropped };
}

/** Rows sorted by a stable text form (NaN, Maps and bytes included), for order-insensitive comparison. */
export function sortRows(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>): string => JSON.stringify(r, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v instanceof Map) return [...v];
    if (v instanceof Uint8Array) return [...v];
    return v;
  });
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
