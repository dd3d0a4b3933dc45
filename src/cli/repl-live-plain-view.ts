/**
 * A live query without a terminal (`… | sluice`): no escape codes, no status line, nothing cut.
 * A query without aggregation prints one table whose rows grow as batches arrive (the header sized by the
 * first batch; a wider value widens its row rather than being cut); the bottom border comes when it ends. An
 * aggregation prints, for each batch that changed something, `Batch: n` and a table of the changed rows.
 */
import type { Batch } from '../execution/batch.js';
import type { LivePlan } from './repl-live-plan.js';
import { forEachRow, type LiveEndReason, type LiveView } from './repl-live-view.js';
import type { ReplScreen } from './repl-screen.js';
import { displayWidth } from './repl-text.js';
import { borderLine, columnWidths, headerLine, rowCells, rowLine, tableColumns, type TableColumn } from './repl-table-layout.js';

export class PlainLiveView implements LiveView {
  private readonly columns: readonly TableColumn[];
  private widths: number[] | undefined;

  constructor(private readonly screen: ReplScreen, private readonly plan: LivePlan) {
    this.columns = tableColumns(plan.schema);
  }

  batch(batchId: number, data: readonly Batch[], take: number): void {
    if (take === 0) return;
    const rows: string[][] = [];
    forEachRow(data, take, 0, (b, i) => rows.push(rowCells(b, i)));
    if (this.plan.keyColumns !== undefined) {
      const widths = columnWidths(this.columns, rows, Infinity);
      const border = borderLine(widths);
      const lines = [`Batch: ${batchId}`, border, headerLine(this.columns, widths), border, ...rows.map((r) => rowLine(this.columns, r, widths)), border];
      this.screen.out(lines.join('\n') + '\n');
      return;
    }
    let out = '';
    if (this.widths === undefined) {
      this.widths = columnWidths(this.columns, rows, Infinity);
      const border = borderLine(this.widths);
      out += `${border}\n${headerLine(this.columns, this.widths)}\n${border}\n`;
    }
    for (const r of rows) out += rowLine(this.columns, r, widthsFor(this.widths, r)) + '\n';
    this.screen.out(out);
  }

  progress(): void {}

  end(_reason: LiveEndReason): void {
    if (this.plan.keyColumns === undefined && this.widths !== undefined) this.screen.out(borderLine(this.widths) + '\n');
  }
}

/** The header's widths, widened where this row's values are longer (plain output never cuts a value). */
function widthsFor(widths: readonly number[], cells: readonly string[]): number[] {
  return widths.map((w, i) => Math.max(w, displayWidth(cells[i] ?? '')));
}
