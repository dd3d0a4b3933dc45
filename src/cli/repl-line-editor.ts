/**
 * Line input on a terminal: Node's readline (editing keys, Up/Down history, Tab completion), with the REPL in
 * front of it deciding where each key goes. Keys are read from stdin in raw mode and handed to readline one
 * by one (`rl.write(s, key)`), so the REPL can:
 *
 * - search the history with Ctrl-R (repl-history-search.ts; readline has no such search);
 * - turn Ctrl-C into "drop what is being typed" at the prompt, and "stop the live query" while one runs;
 * - hold keys typed while a statement runs and replay them at the next prompt (type-ahead), and drop keys
 *   typed during a live query (except Ctrl-C and Ctrl-D, which stops it and then leaves);
 * - keep readline from drawing while the REPL owns the screen: readline writes through an output that is
 *   muted except at the prompt (a resize makes readline redraw its line).
 *
 * Readline's own history is switched off (`historySize: 0`) and the editor fills the array readline walks,
 * one entry per statement, however many lines it took.
 *
 * States: `prompt` (readline has the line), `search` (Ctrl-R), `busy` (a statement runs), `live` (a live
 * query runs), `closed`. After `onLine` the editor is busy until the REPL calls `prompt()`.
 */
import readline from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { HistorySearch, type KeyInfo } from './repl-history-search.js';
import type { Completion } from './repl-completer.js';

export const PRIMARY_PROMPT = 'sluice> ';
export const CONTINUATION_PROMPT = '   ...> ';

/** Keys typed during a long statement beyond this many are dropped. */
const MAX_QUEUED_KEYS = 10_000;

export interface LineEditorOptions {
  /** Entries, newest first; the editor adds to this array (see `addHistory`). */
  readonly history: string[];
  /** Completion for the current line: `before` is the line up to the cursor, `line` the whole line. */
  readonly complete: (before: string, line: string) => Completion;
  /** A line was entered; the editor is busy until `prompt()`. */
  readonly onLine: (line: string) => void;
  /** Ctrl-C at the prompt: the REPL drops its pending statement (the editor shows a fresh prompt). */
  readonly onCancel: () => void;
  /** Ctrl-D on an empty line, or Ctrl-D during a live query once it has stopped. */
  readonly onEnd: () => void;
  /** Writes to the terminal (bypassing the output guard). */
  readonly write: (text: string) => void;
}

export type EditorState = 'prompt' | 'search' | 'busy' | 'live' | 'closed';

/** Readline's output: the terminal while the prompt is shown, nothing otherwise. */
class PromptOutput extends Writable {
  muted = true;
  readonly isTTY = true;

  constructor(private readonly sink: (text: string) => void, private readonly tty: NodeJS.WriteStream) {
    super({ decodeStrings: false });
    tty.on('resize', () => { if (!this.muted) this.emit('resize'); });
  }

  get columns(): number { return this.tty.columns || 80; }
  get rows(): number { return this.tty.rows || 24; }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.muted) this.sink(typeof chunk === 'string' ? chunk : String(chunk));
    callback();
  }
}

export class LineEditor {
  private mode: EditorState = 'busy';
  private readonly rl: readline.Interface;
  private readonly output: PromptOutput;
  private readonly queued: [string | undefined, KeyInfo][] = [];
  private interruptLive: (() => void) | undefined;
  private endAfterLive = false;
  private tornDown = false;
  private search: HistorySearch | undefined;
  private continuation = false;
  private readonly onKeypress = (s: string | undefined, key: KeyInfo | undefined): void => {
    this.key(s, key ?? { sequence: s, name: s });
  };

  constructor(private readonly opts: LineEditorOptions, private readonly input: NodeJS.ReadStream = process.stdin,
    tty: NodeJS.WriteStream = process.stdout) {
    this.output = new PromptOutput(opts.write, tty);
    this.rl = readline.createInterface({
      // Keys arrive through rl.write, never through this stream.
      input: new PassThrough(),
      output: this.output,
      terminal: true,
      history: opts.history,
      historySize: 0,
      prompt: PRIMARY_PROMPT,
      completer: (before: string): Completion => {
        try {
          return opts.complete(before, this.rl.line);
        } catch {
          return [[], ''];
        }
      },
    });
    this.rl.on('line', (line: string) => {
      this.mode = 'busy';
      this.output.muted = true;
      opts.onLine(line);
    });
    this.rl.on('close', () => {
      if (this.mode === 'closed') return;
      this.mode = 'closed';
      opts.onEnd();
    });
  }

  get state(): EditorState { return this.mode; }

  /** Starts reading keys (busy: they wait for the first `prompt()`). */
  start(): void {
    readline.emitKeypressEvents(this.input);
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on('keypress', this.onKeypress);
    this.input.resume();
  }

  /** Shows the prompt (the continuation prompt while a statement is pending) and replays keys typed meanwhile. */
  prompt(continuation: boolean): void {
    if (this.mode === 'closed') return;
    if (this.endAfterLive) {
      this.close();
      this.opts.onEnd();
      return;
    }
    this.continuation = continuation;
    this.mode = 'prompt';
    this.output.muted = false;
    this.rl.setPrompt(continuation ? CONTINUATION_PROMPT : PRIMARY_PROMPT);
    this.rl.prompt();
    while (this.mode === 'prompt' && this.queued.length > 0) {
      const [s, key] = this.queued.shift()!;
      this.key(s, key);
    }
  }

  /** A live query runs: Ctrl-C calls `interrupt`, other keys are dropped until `endLive()`. */
  beginLive(interrupt: () => void): void {
    this.mode = 'live';
    this.output.muted = true;
    this.interruptLive = interrupt;
  }

  endLive(): void {
    this.interruptLive = undefined;
    if (this.mode === 'live') this.mode = 'busy';
  }

  /** Adds an entry to the history (newest first, without repeating an existing entry). */
  addHistory(entry: string): void {
    if (entry === '') return;
    const h = this.opts.history;
    const at = h.indexOf(entry);
    if (at >= 0) h.splice(at, 1);
    h.unshift(entry);
  }

  /**
   * Prints `text` without disturbing the prompt: at the prompt it goes above the line being typed, which is
   * drawn again below it; otherwise it is written where the cursor is.
   */
  printAbove(text: string): void {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (this.mode !== 'prompt' && this.mode !== 'search') {
      this.opts.write(body);
      return;
    }
    const rows = this.rl.getCursorPos().rows;
    // Readline redraws by going up as many rows as its cursor was below the prompt's first row: leave that
    // many empty rows under the text so it lands just below it.
    this.opts.write(`${rows > 0 ? `\x1b[${rows}A` : ''}\r\x1b[J${body}${'\n'.repeat(rows)}`);
    this.rl.prompt(true);
  }

  /** What Ctrl-C does now (for a SIGINT sent from outside; the terminal's Ctrl-C arrives as a key). */
  interrupt(): void {
    this.key(undefined, { name: 'c', ctrl: true, sequence: '\x03' });
  }

  /** Stops reading keys and gives the terminal back (cooked mode, cursor shown). */
  close(): void {
    this.mode = 'closed';
    if (this.tornDown) return;
    this.tornDown = true;
    this.input.off('keypress', this.onKeypress);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
    this.rl.close();
  }

  private key(s: string | undefined, key: KeyInfo): void {
    const ctrl = key.ctrl === true;
    switch (this.mode) {
      case 'closed': return;
      case 'live':
        if (ctrl && (key.name === 'c' || key.name === 'd')) {
          if (key.name === 'd') this.endAfterLive = true;
          this.interruptLive?.();
        }
        return;
      case 'busy':
        if (ctrl && key.name === 'c') return;
        if (this.queued.length < MAX_QUEUED_KEYS) this.queued.push([s, key]);
        return;
      case 'search':
        this.searchKey(s, key);
        return;
      case 'prompt':
        if (ctrl && key.name === 'c') this.cancel();
        else if (ctrl && key.name === 'r') this.startSearch();
        // Suspending would leave the terminal in raw mode behind readline's back.
        else if (ctrl && key.name === 'z') return;
        else this.rl.write(s ?? null, key as readline.Key);
    }
  }

  /** Ctrl-C at the prompt: `^C` after what was typed, then a fresh primary prompt on the next line. */
  private cancel(): void {
    this.rl.write(null, { ctrl: true, name: 'e' });
    const rows = this.rl.getCursorPos().rows;
    this.opts.write(`^C\n${'\n'.repeat(rows)}`);
    this.continuation = false;
    this.rl.setPrompt(PRIMARY_PROMPT);
    this.rl.write(null, { ctrl: true, name: 'u' });
    this.rl.prompt(true);
    this.opts.onCancel();
  }

  private startSearch(): void {
    this.search = new HistorySearch(this.opts.history, this.rl.line);
    this.mode = 'search';
    this.showLine(this.search.prompt, this.search.line);
  }

  private searchKey(s: string | undefined, key: KeyInfo): void {
    const search = this.search!;
    const step = search.key(s, key);
    if (step.kind === 'show') {
      this.showLine(search.prompt, search.line);
      return;
    }
    this.search = undefined;
    this.mode = 'prompt';
    this.showLine(this.continuation ? CONTINUATION_PROMPT : PRIMARY_PROMPT, step.line);
    if (step.kind === 'accept' && step.run) this.rl.write(null, { name: 'return' });
    else if (step.kind === 'accept' && step.replay) this.key(s, key);
  }

  /** Replaces the prompt and the line's text (cursor at the end) and lets readline draw them. */
  private showLine(prompt: string, line: string): void {
    this.rl.setPrompt(prompt);
    this.rl.write(null, { ctrl: true, name: 'e' });
    this.rl.write(null, { ctrl: true, name: 'u' });
    if (line !== '') this.rl.write(line);
    this.rl.prompt(true);
  }
}
