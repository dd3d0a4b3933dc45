/**
 * `sluice [-f init.sql …]`: the REPL. Scripts given with `-f` run first, in order; then, on a terminal, the
 * prompt (repl-interactive.ts), or without one — stdin or stdout not a terminal — the statements on stdin
 * with plain output (repl-piped.ts).
 *
 * The REPL's pieces: statements are cut from lines by repl-statement-splitter.ts and run by
 * repl-dispatcher.ts; a SELECT over a stream becomes a live query (repl-live-plan.ts, repl-live-query.ts)
 * shown by a live view (repl-live-terminal-view.ts, repl-live-plain-view.ts, with repl-live-table.ts and
 * repl-status-line.ts); line input, history and completion are repl-line-editor.ts, repl-history.ts,
 * repl-history-search.ts and repl-completer.ts.
 *
 * Environment: `SLUICE_HISTORY` moves the history file (default `~/.sluice_history`).
 */
import { promises as fsp } from 'node:fs';
import { SluiceError } from '../types/errors.js';
import { Session } from '../api/session.js';
import { historyPath } from './repl-history.js';
import { InteractiveRepl, type InitScript } from './repl-interactive.js';
import { runPiped } from './repl-piped.js';

export const REPL_USAGE = 'sluice [-f init.sql]...     open the REPL (statements from stdin when it is not a terminal)';

export async function startRepl(argv: string[]): Promise<number> {
  const files = parseReplArgs(argv);
  const init: InitScript[] = [];
  for (const file of files) {
    try {
      init.push({ file, text: await fsp.readFile(file, 'utf8') });
    } catch (err) {
      throw new SluiceError('IO_ERROR', `cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!interactive) return runPiped(new Session(), init);
  return new InteractiveRepl(new Session(), historyPath()).run(init);
}

/** The init scripts named by `-f FILE` / `--file FILE` / `--file=FILE`. */
export function parseReplArgs(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-f' || a === '--file') {
      const file = argv[++i];
      if (file === undefined) throw new SluiceError('ANALYSIS_ERROR', `${a} needs a file\nusage: ${REPL_USAGE}`);
      files.push(file);
    } else if (a.startsWith('--file=')) {
      files.push(a.slice('--file='.length));
    } else {
      throw new SluiceError('ANALYSIS_ERROR', `unexpected argument '${a}'\nusage: ${REPL_USAGE}`);
    }
  }
  return files;
}
