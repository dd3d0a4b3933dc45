/**
 * Watches the queries started in the background (`CREATE SINK … AS SELECT`, `INSERT INTO sink SELECT …`) and
 * reports a failure once, through `notify` — the REPL prints it above the prompt, or after a live query.
 */
import { formatError } from '../types/errors.js';
import type { Session } from '../api/session.js';

export class BackgroundMonitor {
  private readonly watched = new Set<string>();

  constructor(private readonly session: Session, private readonly notify: (text: string) => void) {}

  watch(queryId: string, name: string): void {
    const q = this.session.streams.get(queryId);
    if (!q || this.watched.has(queryId)) return;
    this.watched.add(queryId);
    let reported = false;
    const report = (): void => {
      if (reported || q.exception === null) return;
      reported = true;
      this.notify(`error: query ${name} failed: ${formatError(q.exception)}\n`);
    };
    q.addListener({ onQueryTerminated: report });
    // It may have failed before the listener was added.
    if (!q.isActive) report();
  }
}
