/**
 * Runs one statement the user typed and prints what it gives. A SELECT over a stream becomes a live query
 * (repl-live-query.ts); everything else goes through `session.execute`: rows print as a table (fitted to the
 * terminal, or Spark's plain table without one), messages as lines, `DESCRIBE QUERY` as `property: value`
 * lines with the progress JSON indented, background queries are announced and watched. An error prints as
 * `error: <message>` with the line, column and a caret under the token, and the REPL carries on.
 */
import { formatError, SluiceError } from '../types/errors.js';
import { parseSql } from '../sql/parse.js';
import type { Query } from '../sql/ast.js';
import type { Batch } from '../execution/batch.js';
import { valueAt } from '../execution/column.js';
import type { Session } from '../api/session.js';
import type { StatementResult } from '../api/statement-executor.js';
import { formatRows } from './result-printer.js';
import type { BackgroundMonitor } from './repl-background-monitor.js';
import { planLiveQuery } from './repl-live-plan.js';
import { PlainLiveView } from './repl-live-plain-view.js';
import { LiveQuery } from './repl-live-query.js';
import { terminalLiveView } from './repl-live-terminal-view.js';
import { fitErrorText } from './repl-error-text.js';
import type { ReplScreen } from './repl-screen.js';
import { formatFittedTable } from './repl-table-layout.js';
import { fitText, printable } from './repl-text.js';

/** How a live query is tied to the keyboard: `begin` hands over what Ctrl-C calls, `end` takes it back. */
export interface LiveControl {
  begin(interrupt: () => void): void;
  end(): void;
}

export class ReplDispatcher {
  constructor(
    private readonly session: Session,
    private readonly screen: ReplScreen,
    private readonly live: LiveControl,
    private readonly monitor: BackgroundMonitor,
  ) {}

  /**
   * Runs one statement (its text may end with `;`); resolves false when it failed. `origin` names the script
   * it came from, for errors.
   */
  async run(text: string, origin?: string): Promise<boolean> {
    try {
      const { statements, errors } = parseSql(text);
      if (errors[0]) throw errors[0];
      const st = statements[0]?.statement;
      if (st === undefined) return true;
      if (st.kind === 'query' && this.session.isStreamingQuery(st.query)) return await this.runLive(st.query, text, origin);
      const results = await this.session.execute(text);
      for (const r of results) this.print(r, st.kind === 'describe' && st.target === 'query');
      return true;
    } catch (err) {
      this.error(err, text, origin);
      return false;
    }
  }

  error(err: unknown, text?: string, origin?: string): void {
    if (process.env.SLUICE_DEBUG && err instanceof Error && !(err instanceof SluiceError)) this.screen.err(`${err.stack}\n`);
    const message = `error: ${origin === undefined ? '' : `${origin}: `}${formatError(err, text)}`;
    this.screen.err(`${this.screen.interactive ? fitErrorText(message, this.screen.columns()) : message}\n`);
  }

  private async runLive(query: Query, text: string, origin: string | undefined): Promise<boolean> {
    const plan = planLiveQuery(this.session, query);
    const live = new LiveQuery(this.session, plan,
      () => (this.screen.interactive ? terminalLiveView(this.screen, plan) : new PlainLiveView(this.screen, plan)), text.trim());
    this.live.begin(() => live.interrupt());
    try {
      const outcome = await live.run();
      if (outcome.reason !== 'failed') return true;
      this.error(outcome.error, text, origin);
      return false;
    } finally {
      this.live.end();
    }
  }

  private print(r: StatementResult, vertical: boolean): void {
    switch (r.kind) {
      case 'rows':
        if (vertical) this.screen.out(this.verticalText(r.batch));
        else this.screen.out(this.screen.interactive ? formatFittedTable(r.batch, this.screen.columns() - 1) : formatRows(r.batch, 'table'));
        break;
      case 'text': this.screen.out(r.text.endsWith('\n') ? r.text : `${r.text}\n`); break;
      case 'message': this.screen.out(`${r.message}\n`); break;
      case 'streaming':
        this.screen.out(`Started query ${r.name} (${r.queryId})\n`);
        this.monitor.watch(r.queryId, r.name);
        break;
    }
  }

  /** A (property, value) result as `property: value` lines; JSON and multi-line values indented below. */
  private verticalText(b: Batch): string {
    const width = this.screen.columns() - 1;
    let out = '';
    for (let i = 0; i < b.numRows; i++) {
      const property = String(valueAt(b.columns[0]!, i));
      const value = valueAt(b.columns[1]!, i);
      const text = value === null ? 'null' : String(value);
      const block = text.startsWith('{') ? prettyJson(text) : text.includes('\n') ? text : undefined;
      const lines = block === undefined ? [`${property}: ${text}`] : [`${property}:`, ...block.split('\n').map((l) => `  ${l}`)];
      for (const l of lines) out += (this.screen.interactive ? fitText(printable(l), width) : l) + '\n';
    }
    return out;
  }
}

function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}
