/**
 * The status line under a live query, from the query's last progress report:
 * ```
 * batch 12 | in 100 rows/s | processed 4,310 rows/s | state 3 rows | watermark 2026-01-01 12:00:00 | Ctrl-C stops
 * ```
 * In a narrower terminal the hint goes first, then the labels get shorter (`in 100/s | proc 4,310/s | state 3`); what
 * still does not fit is cut. The watermark shows `-` for a query without one, the state `-` for a query
 * without state. Once the query has ended, the line starts with why (`stopped`, `limit reached`).
 */
import type { StreamingQueryProgress } from '../execution/progress.js';
import { displayWidth, fitText } from './repl-text.js';

export interface StatusExtras {
  /** Rows shown so far and the LIMIT, for a query that ends by itself. */
  readonly rowsShown?: number;
  readonly rowLimit?: number;
  /** Replaces the `Ctrl-C stops` hint once the query has ended (e.g. `stopped`, `limit reached`). */
  readonly ended?: string;
}

export function statusLine(p: StreamingQueryProgress | null, extras: StatusExtras = {}, width = Infinity): string {
  const limit = extras.rowLimit !== undefined ? [`${count(extras.rowsShown ?? 0)} of ${count(extras.rowLimit)} rows`] : [];
  const hint = extras.ended ?? 'Ctrl-C stops';
  if (p === null) {
    const parts = extras.ended === undefined ? ['starting, waiting for the first batch', ...limit, hint] : [extras.ended, 'no batch completed', ...limit];
    return fitText(parts.join(' | '), width);
  }
  const full = [
    `batch ${p.batchId}`, `in ${rate(p.inputRowsPerSecond)} rows/s`, `processed ${rate(p.processedRowsPerSecond)} rows/s`,
    `state ${stateRows(p)}`, `watermark ${watermark(p)}`, ...limit,
  ];
  const compact = [
    `batch ${p.batchId}`, `in ${rate(p.inputRowsPerSecond)}/s`, `proc ${rate(p.processedRowsPerSecond)}/s`,
    `state ${stateRows(p).replace(/ rows?$/, '')}`, `watermark ${watermark(p)}`, ...limit,
  ];
  // Running: the widest form that fits — everything, then without the hint, then short labels. Ended: why it
  // ended comes first, so it is never cut.
  const ended = extras.ended;
  const forms = ended === undefined
    ? [[...full, hint], full, compact]
    : [[ended, ...full], [ended, ...compact]];
  for (const f of forms) {
    const line = f.join(' | ');
    if (displayWidth(line) <= width) return line;
  }
  return fitText(forms[forms.length - 1]!.join(' | '), width);
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
