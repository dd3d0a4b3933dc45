/**
 * What shows a live query's output as it arrives. The live query hands each micro-batch's rows (`take` of
 * them: fewer than the batch holds when a LIMIT is reached) and each progress report; `end` comes once.
 * On a terminal (repl-live-terminal-view.ts) an aggregation is a table redrawn in place and other queries
 * append rows, both above a status line; plain output (repl-live-plain-view.ts) prints rows without escape codes.
 */
import type { Batch } from '../execution/batch.js';
import type { StreamingQueryProgress } from '../execution/progress.js';

export type LiveEndReason = 'interrupted' | 'limit' | 'failed' | 'finished';

export interface LiveView {
  batch(batchId: number, data: readonly Batch[], take: number): void;
  progress(p: StreamingQueryProgress): void;
  end(reason: LiveEndReason): void;
}

/** What the status line says once the query has ended. */
export function endedText(reason: LiveEndReason): string {
  switch (reason) {
    case 'interrupted': return 'stopped';
    case 'limit': return 'limit reached';
    case 'failed': return 'failed';
    case 'finished': return 'finished';
  }
}

/** Calls `f(batch, row)` for the first `take` rows across `data`, starting at row `from`. */
export function forEachRow(data: readonly Batch[], take: number, from: number, f: (b: Batch, i: number) => void): void {
  let index = 0;
  for (const b of data) {
    for (let i = 0; i < b.numRows; i++, index++) {
      if (index >= take) return;
      if (index >= from) f(b, i);
    }
  }
}
