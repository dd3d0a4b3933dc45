/**
 * The result of a live aggregation as the REPL keeps it: one row per group, keyed by the group columns.
 * In update mode a batch brings the groups it changed, which replace their rows (new groups are added at the
 * end); in complete mode a batch brings the whole result, which replaces the table in the query's order. Either
 * way the rows that changed in the last batch are marked.
 *
 * When the screen has room for fewer rows than the table holds, `visible` shows the most recently changed
 * rows (in complete mode: the first rows, which is what an ORDER BY … LIMIT asks for), still in table order.
 *
 * ```ts
 * const t = new LiveTable([0], 'update');
 * t.apply(0, [['a', '1'], ['b', '1']]);
 * t.apply(1, [['a', '2']]);
 * t.visible(10).rows.map((r) => [r.cells, r.changed]);   // [[['a','2'], true], [['b','1'], false]]
 * ```
 */

export interface LiveTableRow {
  readonly cells: readonly string[];
  /** Changed in the last batch. */
  readonly changed: boolean;
}

export interface VisibleRows {
  readonly rows: readonly LiveTableRow[];
  /** Rows left out for lack of room, and how many of them changed in the last batch. */
  readonly hidden: number;
  readonly hiddenChanged: number;
}

interface StoredRow {
  cells: readonly string[];
  /** Order of first appearance (update mode) or position in the last batch (complete mode). */
  seq: number;
  changedAt: number;
}

export class LiveTable {
  private rows = new Map<string, StoredRow>();
  private nextSeq = 0;
  private lastBatch = -1;
  private changedCount = 0;

  constructor(private readonly keyColumns: readonly number[], private readonly mode: 'update' | 'complete') {}

  get size(): number { return this.rows.size; }
  /** Rows that changed in the last batch. */
  get changed(): number { return this.changedCount; }

  apply(batchId: number, batchRows: readonly (readonly string[])[]): void {
    this.lastBatch = batchId;
    this.changedCount = 0;
    if (this.mode === 'complete') {
      const previous = this.rows;
      this.rows = new Map();
      this.nextSeq = 0;
      for (const cells of batchRows) {
        const key = this.key(cells);
        const before = previous.get(key);
        const same = before !== undefined && sameCells(before.cells, cells);
        this.rows.set(key, { cells, seq: this.nextSeq++, changedAt: same ? before.changedAt : batchId });
        if (!same) this.changedCount++;
      }
      return;
    }
    for (const cells of batchRows) {
      const key = this.key(cells);
      const before = this.rows.get(key);
      // Update mode emits only rows whose aggregates changed, so every row in the batch counts as changed.
      if (before === undefined) this.rows.set(key, { cells, seq: this.nextSeq++, changedAt: batchId });
      else {
        before.cells = cells;
        before.changedAt = batchId;
      }
    }
    for (const r of this.rows.values()) if (r.changedAt === batchId) this.changedCount++;
  }

  /** At most `max` rows to show, in table order. */
  visible(max: number): VisibleRows {
    const all = [...this.rows.values()];
    let shown = all;
    if (all.length > max) {
      if (this.mode === 'complete') {
        shown = all.slice(0, Math.max(0, max));
      } else {
        shown = [...all].sort((a, b) => b.changedAt - a.changedAt || a.seq - b.seq).slice(0, Math.max(0, max));
        shown.sort((a, b) => a.seq - b.seq);
      }
    }
    const changedShown = shown.reduce((n, r) => n + (r.changedAt === this.lastBatch ? 1 : 0), 0);
    return {
      rows: shown.map((r) => ({ cells: r.cells, changed: r.changedAt === this.lastBatch })),
      hidden: all.length - shown.length,
      hiddenChanged: this.changedCount - changedShown,
    };
  }

  private key(cells: readonly string[]): string {
    // Cells are display strings; the unit separator cannot occur in them (control characters are replaced).
    return this.keyColumns.map((c) => cells[c] ?? '').join('\u001f');
  }
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
