/**
 * The REPL on a terminal: reads lines through the LineEditor, cuts them into statements, runs each through
 * the dispatcher, and keeps the screen orderly — notices from background queries and output other code
 * writes to stdout/stderr (a console sink) are printed above the prompt, or held while a live query owns
 * the screen and printed when it ends.
 *
 * Leaving (Ctrl-D, `\quit`, the terminal closing) stops every running query first. Ctrl-C never leaves.
 */
import type { Session } from '../api/session.js';
import { BackgroundMonitor } from './repl-background-monitor.js';
import { isCommand, runCommand } from './repl-commands.js';
import { ReplCompleter } from './repl-completer.js';
import { ReplDispatcher } from './repl-dispatcher.js';
import { fitErrorText } from './repl-error-text.js';
import { HistoryFile, historyEntry } from './repl-history.js';
import { LineEditor } from './repl-line-editor.js';
import { OutputGuard } from './repl-output-guard.js';
import { terminalScreen, type ReplScreen } from './repl-screen.js';
import { scriptStatements, StatementSplitter } from './repl-statement-splitter.js';

/** Output held back during a live query beyond this many pieces is dropped (the newest is kept). */
const MAX_HELD_OUTPUT = 1000;

export interface InitScript {
  readonly file: string;
  readonly text: string;
}

export class InteractiveRepl {
  private readonly guard = new OutputGuard();
  private readonly screen: ReplScreen;
  private readonly editor: LineEditor;
  private readonly dispatcher: ReplDispatcher;
  private readonly history: HistoryFile;
  private readonly splitter = new StatementSplitter();
  private readonly completer: ReplCompleter;
  /** Lines of the statement being typed, for its history entry. */
  private lines: string[] = [];
  private held: string[] = [];
  private droppedHeld = 0;
  private finished!: (code: number) => void;
  private ending = false;

  constructor(private readonly session: Session, historyFile: string) {
    this.screen = terminalScreen(this.guard.out);
    this.history = new HistoryFile(historyFile);
    this.completer = new ReplCompleter(session);
    this.editor = new LineEditor({
      history: this.history.load(),
      complete: (before, line) => {
        const pending = this.splitter.pending;
        return this.completer.complete(pending === '' ? before : `${pending}\n${before}`, pending === '' ? line : `${pending}\n${line}`);
      },
      onLine: (line) => { this.line(line).catch((err: unknown) => this.failed(err)); },
      onCancel: () => { this.splitter.clear(); this.lines = []; },
      onEnd: () => { this.end(true).catch((err: unknown) => this.failed(err)); },
      write: this.guard.out,
    });
    const monitor = new BackgroundMonitor(session, (text) => this.aside(`${fitErrorText(text.trimEnd(), this.screen.columns())}\n`));
    this.dispatcher = new ReplDispatcher(session, this.screen, {
      begin: (interrupt) => this.editor.beginLive(interrupt),
      end: () => {
        this.editor.endLive();
        this.releaseHeld();
      },
    }, monitor);
  }

  /** Runs the init scripts, then the prompt; resolves with the exit code when the user leaves. */
  run(init: readonly InitScript[]): Promise<number> {
    const done = new Promise<number>((resolve) => { this.finished = resolve; });
    this.guard.install((text) => this.aside(text));
    process.on('SIGINT', this.onSigint);
    process.on('SIGHUP', this.onHangup);
    process.on('SIGTERM', this.onHangup);
    this.editor.start();
    void (async () => {
      for (const script of init) {
        for (const st of scriptStatements(script.text)) await this.dispatcher.run(st, script.file);
      }
      this.editor.prompt(false);
    })().catch((err: unknown) => this.failed(err));
    return done;
  }

  /** Something the REPL did not expect went wrong: say so and go on at the prompt (or finish leaving). */
  private failed(err: unknown): void {
    this.dispatcher.error(err);
    if (this.ending) this.finished(1);
    else this.editor.prompt(!this.splitter.isEmpty);
  }

  private readonly onSigint = (): void => { this.editor.interrupt(); };
  private readonly onHangup = (): void => { this.end(false).catch((err: unknown) => this.failed(err)); };

  private async line(line: string): Promise<void> {
    if (this.splitter.isEmpty && isCommand(line)) {
      this.editor.addHistory(line.trim());
      this.history.append(line.trim());
      const outcome = runCommand(line);
      if (outcome.kind === 'quit') return this.end(false);
      if (outcome.kind === 'text') this.screen.out(outcome.text);
      else this.screen.err(`error: ${outcome.message}\n`);
      this.editor.prompt(false);
      return;
    }
    if (this.splitter.isEmpty && line.trim() === '') {
      this.editor.prompt(false);
      return;
    }
    this.lines.push(line);
    for (const statement of this.splitter.feed(line)) {
      if (this.ending) return;
      await this.dispatcher.run(statement);
    }
    if (this.splitter.isEmpty) {
      const entry = historyEntry(this.lines);
      this.lines = [];
      this.editor.addHistory(entry);
      this.history.append(entry);
    }
    if (!this.ending) this.editor.prompt(!this.splitter.isEmpty);
  }

  /** Text that is not the answer to what was typed: above the prompt, or held while a live query draws. */
  private aside(text: string): void {
    if (this.ending) return;
    if (this.editor.state === 'live') {
      this.held.push(text);
      if (this.held.length > MAX_HELD_OUTPUT) {
        this.held.shift();
        this.droppedHeld++;
      }
      return;
    }
    this.editor.printAbove(text);
  }

  private releaseHeld(): void {
    if (this.droppedHeld > 0) this.screen.out(`(${this.droppedHeld} earlier pieces of background output were dropped)\n`);
    for (const t of this.held) this.screen.out(t.endsWith('\n') ? t : `${t}\n`);
    this.held = [];
    this.droppedHeld = 0;
  }

  /** Stops everything and resolves `run`; `onPromptLine` when the cursor is still on the prompt's line (Ctrl-D). */
  private async end(onPromptLine: boolean): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.editor.close();
    // A live view hides the cursor while it draws; make sure the shell gets it back whatever happened.
    this.screen.out(`${onPromptLine ? '\n' : ''}\x1b[?25h`);
    const running = this.session.streams.active.length;
    if (running > 0) this.screen.out(`Stopping ${running} ${running === 1 ? 'query' : 'queries'}…\n`);
    try {
      await this.session.stop();
    } finally {
      this.guard.uninstall();
      process.off('SIGINT', this.onSigint);
      process.off('SIGHUP', this.onHangup);
      process.off('SIGTERM', this.onHangup);
      this.finished(0);
    }
  }
}
