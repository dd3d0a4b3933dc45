/**
 * The REPL. With a terminal: a prompt, multi-line statements ending with `;`, errors printed with a caret
 * while the REPL carries on. Without one (`echo "SELECT 1;" | sluice`): the same statements, plain output,
 * no prompts or escape codes.
 */
import { promises as fsp } from 'node:fs';
import readline from 'node:readline';
import { formatError } from '../types/errors.js';
import { parseSql } from '../sql/parse.js';
import { Session } from '../api/session.js';
import { formatRows } from './result-printer.js';
import type { StatementResult } from '../api/statement-executor.js';

export async function startRepl(argv: string[]): Promise<number> {
  const session = new Session();
  const interactive = process.stdin.isTTY === true;
  const runText = async (text: string): Promise<boolean> => {
    try {
      for (const r of await session.execute(text)) printResult(r);
      return true;
    } catch (err) {
      process.stderr.write(`error: ${formatError(err, text)}\n`);
      return false;
    }
  };
  const initIndex = argv.indexOf('-f');
  if (initIndex >= 0 && argv[initIndex + 1]) await runText(await fsp.readFile(argv[initIndex + 1]!, 'utf8'));

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: interactive, prompt: 'sluice> ' });
  let buffer = '';
  let ok = true;
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (buffer === '' && /^\s*\\(q|quit)\s*$/.test(line)) break;
    buffer += (buffer ? '\n' : '') + line;
    if (!statementComplete(buffer)) {
      if (interactive) { rl.setPrompt('     > '); rl.prompt(); }
      continue;
    }
    ok = (await runText(buffer)) && ok;
    buffer = '';
    if (interactive) { rl.setPrompt('sluice> '); rl.prompt(); }
  }
  if (buffer.trim() !== '') ok = (await runText(buffer)) && ok;
  await session.stop();
  return ok || interactive ? 0 : 1;
}

/** A statement is complete when the text ends with `;` outside strings and comments. */
function statementComplete(text: string): boolean {
  const t = text.trimEnd();
  if (!t.endsWith(';')) return false;
  const { statements, errors } = parseSql(t);
  return statements.length > 0 || errors.length > 0;
}

function printResult(r: StatementResult): void {
  switch (r.kind) {
    case 'rows': process.stdout.write(formatRows(r.batch, 'table')); break;
    case 'text': process.stdout.write(r.text + '\n'); break;
    case 'message': process.stdout.write(r.message + '\n'); break;
    case 'streaming': process.stdout.write(`Started query ${r.name} (${r.queryId})\n`); break;
  }
}
