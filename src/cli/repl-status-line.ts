/**
 * The status line under a live query, from the query's last progress report:
 * ```
 * batch 12 | in 100 rows/s | processed 4,310 rows/s | state 3 rows | watermark 2026-01-01 12:00:00 | Ctrl-C stops
 * ```
 * Fields are ordered so that the most useful survive when the line is cut to the terminal width; the
 * watermark shows `-` for a query without one, the state `-` for a query without state.
 */
import type { StreamingQueryProgress } from '../execution/progress.js';

export interface StatusExtras {
  /** Rows shown so far and the LIMIT, for a query that ends by itself. */
  readonly rowsShown?: number;
  readonly rowLimit?: number;
  /** Replaces the `Ctrl-C stops` hint once the query has ended (e.g. `stopped`, `limit reached`). */
  readonly ended?: string;
}

export function statusLine(p: StreamingQueryProgress | null, extras: StatusExtras = {}): string {
  const parts: string[] = [];
  if (p === null) {
    parts.push(extras.ended === undefined ? 'starting, waiting for the first batch' : 'no batch ran');
  } else {
    parts.push(`batch ${p.batchId}`, `in ${rate(p.inputRowsPerSecond)} rows/s`, `processed ${rate(p.processedRowsPerSecond)} rows/s`);
    parts.push(`state ${stateRows(p)}`);
    parts.push(`watermark ${watermark(p)}`);
  }
  if (extras.rowLimit !== undefined) parts.push(`${count(extras.rowsShown ?? 0)} of ${count(extras.rowLimit)} rows`);
  parts.push(extras.ended ?? 'Ctrl-C stops');
  return parts.join(' | ');
}

/** Rows per second: whole numbers from 100 up, one decimal below. */
export function rate(r: number): string {
  if (!Number.isFinite(r)) return '-';
  return r >= 100 ? count(Math.round(r)) : r.toFixed(1);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function stateRows(p: StreamingQueryProgress): string {
  if (p.stateOperators.length === 0) return '-';
  let total = 0;
  for (const op of p.stateOperators) total += op.numRowsTotal;
  return `${count(total)} ${total === 1 ? 'row' : 'rows'}`;
}

/** `2026-01-01T12:00:00.000Z` → `2026-01-01 12:00:00` (milliseconds shown only when not zero). */
function watermark(p: StreamingQueryProgress): string {
  const w = p.eventTime.watermark;
  if (w === undefined) return '-';
  const m = /^(\d{4,}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(w);
  if (!m) return w;
  const fraction = m[3] !== undefined && !/^\.0+$/.test(m[3]) ? m[3] : '';
  return `${m[1]} ${m[2]}${fraction}`;
}
