/**
 * A live query on a terminal.
 *
 * An aggregation is a table redrawn in place: the cursor goes back to the top of what was drawn, clears to the
 * end of the screen and draws again. The region never grows taller than the screen (rows that do not fit are
 * summarized in a footer), because the cursor cannot go back into the scrollback. Rows changed in the last
 * batch carry a `*` in the left gutter (and are bold).
 * ```
 *  +---+----+
 *  |  k|   n|
 *  +---+----+
 * *|  0| 334|
 *  |  1| 333|
 *  +---+----+
 * batch 12 | in 100 rows/s | processed 4,310 rows/s | state 3 rows | watermark - | Ctrl-C stops
 * ```
 * Other queries print their rows under a header, above the status line, which is redrawn after each batch.
 * A batch with more than 1000 rows shows its last 1000 after a `… n rows not shown` line.
 *
 * Redraws are throttled (at most one per 100 ms); a resize clears the screen and redraws. Every line is cut to
 * the terminal width, so nothing wraps.
 */
import type { Batch } from '../execution/batch.js';
import type { StreamingQueryProgress } from '../execution/progress.js';
import type { DataType } from '../types/data-type.js';
import { LiveTable } from './repl-live-table.js';
import { endedText, forEachRow, type LiveEndReason, type LiveView } from './repl-live-view.js';
import type { LivePlan } from './repl-live-plan.js';
import type { ReplScreen } from './repl-screen.js';
import { statusLine } from './repl-status-line.js';
import { borderLine, columnWidths, headerLine, rowCells, rowLine, tableColumns, type TableColumn } from './repl-table-layout.js';
import { fitText } from './repl-text.js';

const REDRAW_MS = 100;
/** Rows of one batch printed at most; they scroll into the terminal's scrollback, but a flood would stall it. */
const MAX_APPENDED_PER_BATCH = 1000;
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const CLEAR_TO_END = '\x1b[J';
const CLEAR_LINE = '\r\x1b[K';
const BOLD = '\x1b[1m';
const NORMAL = '\x1b[22m';

/** Shared by both layouts: progress, throttled redraws, resize, the final status. */
abstract class TerminalLiveView implements LiveView {
  protected last: StreamingQueryProgress | null = null;
  protected rowsShown = 0;
  protected ended: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastDraw = 0;
  private readonly stopResize: () => void;

  constructor(protected readonly screen: ReplScreen, protected readonly plan: LivePlan) {
    this.stopResize = screen.onResize(() => this.resized());
    screen.out(HIDE_CURSOR);
  }

  abstract batch(batchId: number, data: readonly Batch[], take: number): void;
  protected abstract draw(): void;
  protected abstract resized(): void;
  protected abstract finish(): void;

  progress(p: StreamingQueryProgress): void {
    this.last = p;
    this.schedule();
  }

  end(reason: LiveEndReason): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopResize();
    this.ended = endedText(reason);
    this.finish();
    this.screen.out(SHOW_CURSOR);
  }

  protected status(): string {
    return statusLine(this.last, { rowsShown: this.rowsShown, rowLimit: this.plan.rowLimit, ended: this.ended }, this.width());
  }

  /** Columns a line may use: one less than the terminal, so no line ever reaches the wrapping margin. */
  protected width(): number { return this.screen.columns() - 1; }

  protected schedule(): void {
    if (this.ended !== undefined || this.timer !== undefined) return;
    const wait = this.lastDraw + REDRAW_MS - Date.now();
    if (wait <= 0) {
      this.redraw();
      return;
    }
    this.timer = setTimeout(() => { this.timer = undefined; this.redraw(); }, wait);
  }

  private redraw(): void {
    this.lastDraw = Date.now();
    this.draw();
  }
}

/** An aggregation: a table keyed by the group columns, redrawn in place. */
export class TerminalTableView extends TerminalLiveView {
  private readonly table: LiveTable;
  private readonly columns: readonly TableColumn[];
  private widths: number[] | undefined;
  private drawnLines = 0;

  constructor(screen: ReplScreen, plan: LivePlan) {
    super(screen, plan);
    this.columns = tableColumns(plan.schema);
    this.table = new LiveTable(plan.keyColumns ?? [], plan.outputMode === 'complete' ? 'complete' : 'update');
    this.draw();
  }

  batch(batchId: number, data: readonly Batch[], take: number): void {
    const rows: string[][] = [];
    forEachRow(data, take, 0, (b, i) => rows.push(rowCells(b, i)));
    this.table.apply(batchId, rows);
    this.rowsShown += take;
    this.schedule();
  }

  protected draw(): void {
    const width = this.width();
    const room = Math.max(6, this.screen.rows() - 1);
    let maxRows = room - 5;
    if (this.table.size > maxRows) maxRows -= 1;
    const visible = this.table.visible(Math.max(1, maxRows));
    // One column of the width is the gutter that holds the change marker.
    this.widths = columnWidths(this.columns, visible.rows.map((r) => r.cells), width - 1, this.widths);
    const border = fitText(' ' + borderLine(this.widths), width);
    const lines = [border, fitText(' ' + headerLine(this.columns, this.widths), width), border];
    for (const r of visible.rows) {
      const line = fitText((r.changed ? '*' : ' ') + rowLine(this.columns, r.cells, this.widths), width);
      lines.push(r.changed ? BOLD + line + NORMAL : line);
    }
    lines.push(border);
    if (visible.hidden > 0) {
      const changed = visible.hiddenChanged > 0 ? ` (${visible.hiddenChanged.toLocaleString('en-US')} changed)` : '';
      lines.push(fitText(`  … ${visible.hidden.toLocaleString('en-US')} more ${visible.hidden === 1 ? 'row' : 'rows'}${changed}`, width));
    }
    lines.push(this.status());
    const up = this.drawnLines > 1 ? `\r\x1b[${this.drawnLines - 1}A` : '\r';
    this.screen.out(up + CLEAR_TO_END + lines.join('\n'));
    this.drawnLines = lines.length;
  }

  protected resized(): void {
    // Lines drawn at the old width may have been reflowed: start over at the top of a clean screen.
    this.screen.out('\x1b[2J\x1b[H');
    this.drawnLines = 0;
    this.widths = undefined;
    this.draw();
  }

  protected finish(): void {
    this.draw();
    this.screen.out('\n');
  }
}

/** A query without aggregation: rows appended under a header, the status line below them. */
export class TerminalAppendView extends TerminalLiveView {
  private readonly columns: readonly TableColumn[];
  private widths: number[] | undefined;
  private statusDrawn = false;

  constructor(screen: ReplScreen, plan: LivePlan) {
    super(screen, plan);
    this.columns = tableColumns(plan.schema);
    this.draw();
  }

  batch(_batchId: number, data: readonly Batch[], take: number): void {
    if (take === 0) return;
    const width = this.width();
    const skip = Math.max(0, take - MAX_APPENDED_PER_BATCH);
    const rows: string[][] = [];
    forEachRow(data, take, skip, (b, i) => rows.push(rowCells(b, i)));
    let out = this.clearStatus();
    if (this.widths === undefined) {
      this.widths = columnWidths(this.columns, rows.slice(0, 50), width, this.plan.schema.fields.map((f) => typicalWidth(f.type)));
      const border = borderLine(this.widths);
      out += [border, headerLine(this.columns, this.widths), border].map((l) => fitText(l, width) + '\n').join('');
    }
    if (skip > 0) out += `… ${skip.toLocaleString('en-US')} rows not shown\n`;
    for (const r of rows) out += fitText(rowLine(this.columns, r, this.widths), width) + '\n';
    this.rowsShown += take;
    this.screen.out(out + this.status());
    this.statusDrawn = true;
  }

  protected draw(): void {
    this.screen.out(this.clearStatus() + this.status());
    this.statusDrawn = true;
  }

  protected resized(): void {
    this.draw();
  }

  protected finish(): void {
    let out = this.clearStatus();
    if (this.widths !== undefined) out += fitText(borderLine(this.widths), this.width()) + '\n';
    this.screen.out(out + this.status() + '\n');
    this.statusDrawn = false;
  }

  private clearStatus(): string {
    return this.statusDrawn ? CLEAR_LINE : '';
  }
}

/** A width that leaves room for values to grow (a count that reaches 100000, a timestamp with milliseconds). */
function typicalWidth(t: DataType): number {
  switch (t.kind) {
    case 'boolean': return 5;
    case 'int': case 'bigint': return 8;
    case 'double': case 'decimal': return 10;
    case 'date': return 10;
    case 'timestamp': return 23;
    default: return 3;
  }
}

export function terminalLiveView(screen: ReplScreen, plan: LivePlan): LiveView {
  return plan.keyColumns === undefined ? new TerminalAppendView(screen, plan) : new TerminalTableView(screen, plan);
}
