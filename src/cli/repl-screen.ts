/**
 * Where the REPL prints: a terminal (results and errors both on the screen, its size known, escape codes
 * allowed) or plain streams (results on stdout, errors on stderr, no escape codes, no width limit).
 */

export interface ReplScreen {
  /** True on a terminal: prompts, escape codes and tables fitted to the width. */
  readonly interactive: boolean;
  /** Terminal columns (Infinity for plain output). */
  columns(): number;
  /** Terminal lines (Infinity for plain output). */
  rows(): number;
  out(text: string): void;
  err(text: string): void;
  /** Calls `listener` when the terminal is resized; returns the function that stops it. */
  onResize(listener: () => void): () => void;
}

/** A terminal screen writing through `write` (the REPL's own, unguarded write to stdout). */
export function terminalScreen(write: (text: string) => void, tty: NodeJS.WriteStream = process.stdout): ReplScreen {
  return {
    interactive: true,
    columns: () => Math.max(20, tty.columns || 80),
    rows: () => Math.max(5, tty.rows || 24),
    out: write,
    err: write,
    onResize(listener) {
      tty.on('resize', listener);
      return () => { tty.off('resize', listener); };
    },
  };
}

export function plainScreen(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): ReplScreen {
  return {
    interactive: false,
    columns: () => Infinity,
    rows: () => Infinity,
    out: (t) => { stdout.write(t); },
    err: (t) => { stderr.write(t); },
    onResize: () => () => {},
  };
}
