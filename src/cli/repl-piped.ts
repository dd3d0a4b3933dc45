/**
 * The REPL without a terminal (`echo "SELECT 1 AS one;" | sluice`, `sluice < script.sql`): statements are read
 * from stdin and run in order, with plain output — no prompt, no escape codes, tables for rows — results on
 * stdout and errors on stderr. Every statement runs even after one fails; the exit status is 1 when any
 * statement (or a background query) failed, 130 after an interrupt, 0 otherwise. A live query runs until its
 * LIMIT or until SIGINT, which stops it and goes on with the next statement; a SIGINT with no live query
 * stops everything. At the end of the input, running queries are stopped.
 */
import readline from 'node:readline';
import type { Session } from '../api/session.js';
import { BackgroundMonitor } from './repl-background-monitor.js';
import { isCommand, runCommand } from './repl-commands.js';
import { ReplDispatcher } from './repl-dispatcher.js';
import type { InitScript } from './repl-interactive.js';
import { plainScreen } from './repl-screen.js';
import { scriptStatements, StatementSplitter } from './repl-statement-splitter.js';

export async function runPiped(session: Session, init: readonly InitScript[],
  input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const screen = plainScreen();
  let ok = true;
  let interrupted = false;
  let interruptLive: (() => void) | undefined;
  const monitor = new BackgroundMonitor(session, (text) => {
    ok = false;
    screen.err(text);
  });
  const dispatcher = new ReplDispatcher(session, screen, {
    begin: (interrupt) => { interruptLive = interrupt; },
    end: () => { interruptLive = undefined; },
  }, monitor);
  const rl = readline.createInterface({ input, terminal: false, crlfDelay: Infinity });
  const onSigint = (): void => {
    if (interruptLive !== undefined) {
      interruptLive();
      return;
    }
    interrupted = true;
    rl.close();
  };
  process.on('SIGINT', onSigint);
  const run = async (text: string, origin?: string): Promise<void> => {
    if (!(await dispatcher.run(text, origin))) ok = false;
  };
  try {
    for (const script of init) {
      for (const st of scriptStatements(script.text)) {
        if (interrupted) break;
        await run(st, script.file);
      }
    }
    const splitter = new StatementSplitter();
    input: for await (const line of rl) {
      if (interrupted) break;
      if (splitter.isEmpty && isCommand(line)) {
        const outcome = runCommand(line);
        if (outcome.kind === 'quit') break;
        if (outcome.kind === 'text') screen.out(outcome.text);
        else {
          screen.err(`error: ${outcome.message}\n`);
          ok = false;
        }
        continue;
      }
      for (const st of splitter.feed(line)) {
        if (interrupted) break input;
        await run(st);
      }
    }
    const last = splitter.flush();
    if (last !== undefined && !interrupted) await run(last);
  } finally {
    process.off('SIGINT', onSigint);
    rl.close();
    await session.stop();
  }
  if (interrupted) return 130;
  return ok ? 0 : 1;
}
