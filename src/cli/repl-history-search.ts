/**
 * Ctrl-R: incremental search backwards through the history, as bash and psql have it (Node's readline has
 * none). While it is on, typed characters extend the search text and the newest entry containing it (ignoring
 * case) is shown; Ctrl-R again finds the next older one; Backspace shortens the search text; Enter runs the
 * match; Ctrl-G or Ctrl-C give the line back as it was; any other key (arrows, Ctrl-A, Ctrl-E, Esc, Tab…)
 * keeps the match on the line for editing and then does what it normally does (Esc just keeps the match).
 *
 * ```ts
 * const s = new HistorySearch(['SELECT 2;', 'SELECT 1;'], 'typed so far');
 * s.key('1', { name: '1' });   // { kind: 'show' }; s.prompt === "(reverse-i-search)`1': ", s.line === 'SELECT 1;'
 * s.key(undefined, { name: 'return' });   // { kind: 'accept', line: 'SELECT 1;', run: true }
 * ```
 */

export interface KeyInfo {
  readonly name?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly shift?: boolean;
  readonly sequence?: string;
}

export type SearchStep =
  | { readonly kind: 'show' }
  /** Leave search with `line` on the prompt; `run` submits it; `replay` re-applies the key that ended the search. */
  | { readonly kind: 'accept'; readonly line: string; readonly run: boolean; readonly replay: boolean }
  | { readonly kind: 'cancel'; readonly line: string };

export class HistorySearch {
  private query = '';
  /** Index in the history (newest first) of the shown match, -1 for none. */
  private index = -1;
  private failed = false;

  constructor(private readonly history: readonly string[], private readonly original: string) {}

  /** The prompt that replaces the REPL's while searching. */
  get prompt(): string {
    return `(${this.failed ? 'failed ' : ''}reverse-i-search)\`${this.query}': `;
  }

  /** What the line shows: the match, or the original line before anything matched. */
  get line(): string {
    return this.index >= 0 ? this.history[this.index]! : this.original;
  }

  key(s: string | undefined, key: KeyInfo): SearchStep {
    if (key.ctrl && key.name === 'r') {
      this.find(this.index + 1);
      return { kind: 'show' };
    }
    if (key.ctrl && (key.name === 'g' || key.name === 'c')) return { kind: 'cancel', line: this.original };
    if (key.name === 'return' || key.name === 'enter') return { kind: 'accept', line: this.line, run: true, replay: false };
    if (key.name === 'backspace') {
      this.query = this.query.slice(0, -1);
      this.find(0);
      return { kind: 'show' };
    }
    if (key.name === 'escape') return { kind: 'accept', line: this.line, run: false, replay: false };
    if (s !== undefined && !key.ctrl && !key.meta && s.length >= 1 && !/[\u0000-\u001f\u007f]/.test(s)) {
      this.query += s;
      this.find(Math.max(0, this.index));
      return { kind: 'show' };
    }
    return { kind: 'accept', line: this.line, run: false, replay: true };
  }

  /** The first entry at or after `from` (going back in time) that contains the search text. */
  private find(from: number): void {
    const needle = this.query.toLowerCase();
    for (let i = from; i < this.history.length; i++) {
      if (this.history[i]!.toLowerCase().includes(needle)) {
        this.index = i;
        this.failed = false;
        return;
      }
    }
    // Nothing (older) matches: keep the last match on show, as bash does.
    this.failed = needle !== '';
  }
}
